import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';
import pino from 'pino';
import { openDatabase } from '../../src/db/database';
import { entities } from '../../src/modules';
import { loadDemo } from '../../src/demo/demo';

// What every scenario of the benchmark shares: settings, progress, databases, child processes,
// HTTP and GraphQL calls, load runs and their figures.

/** The repository root (this file runs from dist/scripts/bench). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEMO_PASSWORD = 'bench-demo-password';
export const log = pino({ level: 'warn' });

export interface Settings {
  quick: boolean;
  /** The demo copied this many times over, one read stage each (the published programme up to ×10). */
  sizes: number[];
  /** Seconds of each measured load run, after `warmUp` seconds of the same load. */
  duration: number;
  warmUp: number;
  /** A service and its floor are measured in this many alternating rounds, `duration` seconds each in all. */
  rounds: number;
  connections: number;
  voters: number;
  ballotConcurrency: number;
  conflictRounds: number;
  conflictClients: number;
  liveTries: number;
  laterStarts: number;
  profileSeconds: number;
}

export function settingsFor(quick: boolean): Settings {
  // Quick: a smoke run under two minutes, build included; its figures are rough. It leaves ×100 out: its
  // requests take longer than a quick run's rounds.
  return quick
    ? {
        quick, sizes: [1, 10], duration: 1.5, warmUp: 0.5, rounds: 2, connections: 4, voters: 60, ballotConcurrency: 16,
        conflictRounds: 6, conflictClients: 8, liveTries: 10, laterStarts: 1, profileSeconds: 2,
      }
    : {
        quick, sizes: [1, 10, 100], duration: 10, warmUp: 3, rounds: 5, connections: 10, voters: 200, ballotConcurrency: 32,
        conflictRounds: 20, conflictClients: 16, liveTries: 20, laterStarts: 2, profileSeconds: 12,
      };
}

const started = performance.now();
export const progress = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- clean-up: whatever a run starts is stopped and dropped, even when it fails ---------------------

const cleanups: Array<() => Promise<unknown>> = [];
export const onCleanup = (fn: () => Promise<unknown>) => cleanups.push(fn);
export async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!().catch((error) => console.error(`clean-up: ${(error as Error).message}`));
}

// --- databases ----------------------------------------------------------------------------------------

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A fresh `bench_*` database on the server of DATABASE_URL, migrated, with the demo `scale` times over; dropped at clean-up. */
export async function demoDatabase(label: string, scale: number): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  onCleanup(drop);
  const dataSource = await openDatabase(url.toString(), entities, log);
  try {
    await loadDemo(dataSource, DEMO_PASSWORD, { scale, showcase: false });
  } finally {
    await dataSource.destroy();
  }
  return { url: url.toString(), drop };
}

// --- child processes: the service and the floor never share the load generator's thread ------------

export interface Child {
  origin: string;
  pid: number;
  /** Resident and peak resident memory of the process, in MiB (from /proc). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
  output(): string;
  /** How the process ended ("code 1", "SIGKILL"), or undefined while it runs. */
  ended(): string | undefined;
}

interface ChildOptions {
  env: Record<string, string | undefined>;
  nodeArgs?: string[];
  /** The line the process prints once it listens; its first matched group is the origin. */
  banner: RegExp;
  /** A path that answers 200 once the process serves requests; none: the banner is enough. */
  ready?: string;
  timeoutMs?: number;
}

export async function startChild(script: string, options: ChildOptions): Promise<Child> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(options.env)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, script)], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time:\n${output}`)), options.timeoutMs ?? 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.banner.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match.slice(1).find(Boolean)!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it listened:\n${output}`));
    });
  });
  if (options.ready) {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    while ((await request(`${origin}${options.ready}`).catch(() => ({ status: 0 }))).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${script} never became ready:\n${output}`);
      await sleep(50);
    }
  }
  let stopping: Promise<void> | undefined;
  const handle: Child = {
    origin,
    pid: child.pid!,
    memory: () => memoryOf(child),
    output: () => output,
    ended: () => (child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode ?? undefined),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
  onCleanup(() => handle.stop());
  return handle;
}

function memoryOf(child: ChildProcess): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/**
 * `node dist/src/main.js` on an external database, as in production, without the demo, with the
 * X-SQL-Statements header the figures read; `env` adds to or overrides its settings. The benchmarks
 * measure the engine under load from a few tokens: the query budget (docs/limits.md) is lifted.
 */
export const startService = (databaseUrl: string, nodeArgs: string[] = [], env: Record<string, string> = {}) =>
  startChild('dist/src/main.js', {
    env: { DATABASE_URL: databaseUrl, PORT: '0', DEMO: '0', LOG_LEVEL: 'warn', SQL_STATEMENTS_HEADER: '1', QUERY_BUDGET: '1000000000', ...env },
    nodeArgs,
    banner: /GraphQL endpoint and explorer: (http:\/\/\S+)\/graphql/,
    ready: '/readyz',
  });

export const startFloor = (databaseUrl: string) =>
  startChild('dist/scripts/bench/floor.js', { env: { DATABASE_URL: databaseUrl, PORT: '0' }, banner: /floor listening on (http:\/\/\S+)/ });

// --- HTTP and GraphQL -----------------------------------------------------------------------------------

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

// Kept-alive connections, as a browser or a script would hold them.
const agent = new Agent({ keepAlive: true });
onCleanup(async () => agent.destroy());

/** A plain node:http request (unlike fetch, it may set Host); it fails when no answer is complete within `timeoutMs`. */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
      });
      res.on('error', fail);
    });
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    req.on('error', fail);
    req.end(options.body);
  });
}

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export const graphqlTarget = (origin: string, query: string, variables: Record<string, unknown>, token?: string): Target => ({
  url: `${origin}/graphql`,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify({ query, variables }),
});

export const getTarget = (url: string): Target => ({ url, method: 'GET', headers: {} });

export const send = (target: Target, headers: Record<string, string> = {}) =>
  request(target.url, { method: target.method, headers: { ...target.headers, ...headers }, body: target.body });

export interface GraphQLReply {
  data?: any;
  errors?: Array<{ message: string; extensions?: { code?: string; currentVersion?: number } }>;
  /** The service's X-SQL-Statements. */
  statements: number;
  text: string;
}

export async function gql(origin: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLReply> {
  const reply = await send(graphqlTarget(origin, query, variables, token));
  return { ...JSON.parse(reply.text), statements: Number(reply.headers['x-sql-statements']), text: reply.text };
}

/** The data of a GraphQL reply; throws on errors. */
export async function gqlData(origin: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> {
  const reply = await gql(origin, query, variables, token);
  if (reply.errors?.length) throw new Error(`${reply.errors[0].extensions?.code}: ${reply.errors[0].message}`);
  return reply.data;
}

export async function login(origin: string, email: string): Promise<string> {
  const data = await gqlData(origin, `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: DEMO_PASSWORD });
  return data.login.token;
}

export const benchQuery = (file: string) => readFileSync(path.join(ROOT, 'bench', file), 'utf8');

/** Deep equality, order of arrays and of keys included: the same JSON text once parsed and printed again. */
export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// --- load runs ----------------------------------------------------------------------------------------

export interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Transport errors, timeouts and non-2xx answers: a run with any is reported as failed. */
  failures: number;
  /** How many runs the figures sum up, and their seconds in all. */
  rounds: number;
  seconds: number;
  /** When the measured run began and ended, in µs of the monotonic clock (that of a .cpuprofile). */
  window: [number, number];
}

const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

const runLoad = (target: Target, settings: Settings, duration: number) =>
  autocannon({ url: target.url, method: target.method, headers: target.headers, body: target.body, connections: settings.connections, duration, timeout: 60 });

/** Requests/s over all `runs`; latency percentiles as the median of the runs' own. */
function summary(runs: autocannon.Result[], window: [number, number]): Load {
  const median = (values: number[]) => percentile(values, 50);
  const requests = runs.reduce((n, r) => n + r.requests.total, 0);
  return {
    window,
    requests,
    rps: requests / runs.reduce((n, r) => n + r.duration, 0),
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
    failures: runs.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0),
    rounds: runs.length,
    seconds: runs.reduce((n, r) => n + r.duration, 0),
  };
}

/** autocannon against `target`: a warm-up, then the measured run, `connections` requests in flight. */
export async function load(target: Target, settings: Settings, seconds = settings.duration): Promise<Load> {
  await runLoad(target, settings, settings.warmUp);
  const from = monotonicMicros();
  const result = await runLoad(target, settings, seconds);
  return summary([result], [from, monotonicMicros()]);
}

/**
 * The service and its floor under the same load, in alternating rounds (service first, then floor
 * first, and so on) after a warm-up of each: a shared machine's load drifts by more than the gaps we
 * measure, and rounds make both sides sample the same drift: `count` rounds of `seconds` each.
 */
export async function compareLoads(
  service: Target, floor: Target, settings: Settings, count = settings.rounds, seconds = settings.duration / count,
): Promise<{ service: Load; floor: Load }> {
  await runLoad(service, settings, settings.warmUp);
  await runLoad(floor, settings, settings.warmUp);
  const rounds: Record<'service' | 'floor', autocannon.Result[]> = { service: [], floor: [] };
  const from = monotonicMicros();
  for (let round = 0; round < count; round++) {
    const order = round % 2 === 0 ? (['service', 'floor'] as const) : (['floor', 'service'] as const);
    for (const side of order) rounds[side].push(await runLoad(side === 'service' ? service : floor, settings, seconds));
  }
  const window: [number, number] = [from, monotonicMicros()];
  return { service: summary(rounds.service, window), floor: summary(rounds.floor, window) };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Burst {
  count: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  failures: string[];
}

/** Runs `work` once per item, at most `concurrency` at a time, timing each. */
export async function burst<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<Burst> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const started = performance.now();
        try {
          await work(item);
        } catch (error) {
          failures.push((error as Error).message);
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { count: items.length, seconds, rps: items.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

// --- counting the statements that reach PostgreSQL ------------------------------------------------------

// --- the machine --------------------------------------------------------------------------------------

export async function machine(): Promise<Record<string, string>> {
  const [{ server_version: postgres }] = await admin((c) => c.query('SHOW server_version')).then((r) => r.rows);
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: String(cpus().length),
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    postgres: `PostgreSQL ${postgres}`,
  };
}
