import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { PROGRAM_CHANNEL } from '../../src/db/changes/change-trail';
import { benchQuery, Child, cleanUp, demoDatabase, machine, percentile, progress, query, request, ROOT, sleep, startService } from './lib';
import { addVoters, Voter } from './stages';

// npm run soak [-- --seconds 180 --kill listeners|all|none --kill-every 10 --out SOAK.md]
//
// Two instances of the service on one database with the demo; HTTP clients write (updateSession
// quoting the version they know, again with the current version on CONFLICT; castBallot) and read,
// while committee members follow programChanged over graphql-ws on both instances, and the
// service's database connections are cut every few seconds with pg_terminate_backend. Afterwards
// the audit trail is the reference: every acknowledged update must be in it once, and every
// subscriber must have received each event of the edition committed during the run, once.
// Exit code 1 when an event was lost or doubled, or an update or a ballot lost or doubled.

type KillMode = 'listeners' | 'all' | 'none';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

function count(name: string, fallback: number, min: number, max: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}

const DEFAULTS = { seconds: 180, clients: 20, subscribers: 20, kill: 'listeners', killEvery: 10, idle: 30 } as const;
const settings = {
  seconds: count('seconds', DEFAULTS.seconds, 5, 3600),
  clients: count('clients', DEFAULTS.clients, 1, 200),
  subscribers: count('subscribers', DEFAULTS.subscribers, 2, 200),
  kill: option('kill', DEFAULTS.kill) as KillMode,
  killEvery: count('kill-every', DEFAULTS.killEvery, 1, 3600),
  idle: count('idle', DEFAULTS.idle, 0, 600),
};
if (!['listeners', 'all', 'none'].includes(settings.kill)) throw new Error('--kill must be listeners, all or none');
const isDefault = Object.entries(DEFAULTS).every(([key, value]) => settings[key as keyof typeof settings] === value);
const outFile = path.resolve(ROOT, option('out', isDefault ? 'SOAK.md' : 'SOAK.custom.md'));

const KILLED_NAMES: Record<KillMode, string[]> = {
  listeners: ['rencontres-programme-listen'],
  all: ['rencontres-programme-listen', 'rencontres-programme'],
  none: [],
};

/** A request that has no complete answer in this time counts as "no answer". */
const REQUEST_TIMEOUT_MS = 60_000;
const MAX_RETRIES_ON_CONFLICT = 10;

const UPDATE = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`;
const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { id } }`;
const HISTORY = `query ($number: Int!) { edition(number: $number) { history(limit: 20) { id action entityType } } }`;
const PROGRAMME = benchQuery('full-program.graphql');
const SUBSCRIBE = `subscription ($id: ID!) { programChanged(editionId: $id) { id cursor action entityType entityId changes } }`;
/** Each client's cycle: five updates, a ballot and two reads in eight requests. */
const CYCLE = ['update', 'update', 'programme', 'update', 'ballot', 'update', 'history', 'update'] as const;
const CHOICES = ['FOR', 'AGAINST', 'ABSTAIN'];

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').trim();
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mib = (value: number) => (Number.isNaN(value) ? 'ended' : `${value.toFixed(0)} MiB`);
/** Resident memory in MiB; NaN once the process is gone (it then shows as such in the report). */
const rssOf = (child: Child) => {
  try {
    return child.memory().rss;
  } catch {
    return NaN;
  }
};
const spread = (values: number[]) =>
  values.length ? `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(values.reduce((a, b) => Math.max(a, b)))}.` : 'none measured.';

// --- answers, by HTTP status and error code ---------------------------------------------------------

const answers = new Map<string, number>();
const serverErrors: string[] = [];
let mostErrorsInOneAnswer = 0;
const tally = (key: string) => answers.set(key, (answers.get(key) ?? 0) + 1);

interface Answer {
  data?: any;
  codes: string[];
  currentVersion?: number;
}

async function post(origin: string, operation: string, variables: Record<string, unknown>, token: string): Promise<Answer> {
  let reply;
  try {
    reply = await request(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: operation, variables }),
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  } catch (error) {
    tally(`no answer (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return { codes: ['NO_ANSWER'] };
  }
  let body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string; currentVersion?: number } }> };
  try {
    body = JSON.parse(reply.text);
  } catch {
    tally(`HTTP ${reply.status}, not JSON`);
    if (reply.status >= 500 && serverErrors.length < 5) serverErrors.push(`HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
    return { codes: ['NOT_JSON'] };
  }
  const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
  mostErrorsInOneAnswer = Math.max(mostErrorsInOneAnswer, codes.length);
  tally(`HTTP ${reply.status} ${[...new Set(codes)].join(' + ') || 'OK'}`);
  if ((reply.status >= 500 && !codes.includes('SERVICE_UNAVAILABLE')) || codes.includes('INTERNAL_SERVER_ERROR')) {
    if (serverErrors.length < 5) serverErrors.push(`HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
  }
  return { data: body.data, codes, currentVersion: body.errors?.[0]?.extensions?.currentVersion };
}

// --- writers and readers ------------------------------------------------------------------------------

interface Writes {
  /** Title of each acknowledged update -> when its answer arrived. */
  acknowledged: Map<string, number>;
  /** Titles sent in updates whose answer was neither a success nor CONFLICT: they may or may not have committed. */
  uncertain: Set<string>;
  conflicts: number;
  gaveUp: number;
  ballots: { acknowledged: number; failed: number };
  reads: { ok: number; failed: number };
}

interface Stage {
  instances: Child[];
  voters: Voter[];
  editionId: string;
  sessions: Array<{ id: string; version: number }>;
  themes: string[];
}

/** A client whose request got no answer waits a little before the next, as a frontend would. */
const pauseAfter = (answer: Answer) => (answer.codes[0] === 'NO_ANSWER' ? sleep(200) : undefined);

async function writer(stage: Stage, writes: Writes, index: number, deadline: number): Promise<void> {
  const voter = stage.voters[index];
  const origin = stage.instances[index % stage.instances.length].origin;
  // What this client last saw of each session's version, as a frontend would hold it.
  const versions = new Map(stage.sessions.map((s) => [s.id, s.version]));
  const maxRequests = settings.seconds * 1000;
  for (let n = 0; n < maxRequests && performance.now() < deadline; n++) {
    const kind = CYCLE[(n + index) % CYCLE.length];
    if (kind === 'update') {
      const session = stage.sessions[(n + index) % stage.sessions.length];
      for (let attempt = 1; attempt <= MAX_RETRIES_ON_CONFLICT; attempt++) {
        const title = `Soak ${index + 1}.${n}.${attempt}`;
        const answer = await post(origin, UPDATE, { input: { id: session.id, expectedVersion: versions.get(session.id), title: { fr: title, ja: title } } }, voter.token);
        if (answer.data?.updateSession) {
          writes.acknowledged.set(title, performance.now());
          versions.set(session.id, answer.data.updateSession.version);
          break;
        }
        if (answer.codes[0] === 'CONFLICT' && answer.currentVersion !== undefined) {
          writes.conflicts += 1;
          versions.set(session.id, answer.currentVersion);
          if (attempt === MAX_RETRIES_ON_CONFLICT) writes.gaveUp += 1;
          continue;
        }
        writes.uncertain.add(title);
        await pauseAfter(answer);
        break;
      }
    } else if (kind === 'ballot') {
      const answer = await post(origin, CAST, { input: { themeId: stage.themes[(n + index) % stage.themes.length], choice: CHOICES[n % CHOICES.length] } }, voter.token);
      if (answer.data?.castBallot) writes.ballots.acknowledged += 1;
      else writes.ballots.failed += 1;
      await pauseAfter(answer);
    } else {
      const answer = await post(origin, kind === 'programme' ? PROGRAMME : HISTORY, { number: 8 }, voter.token);
      if (answer.data && !answer.codes.length) writes.reads.ok += 1;
      else writes.reads.failed += 1;
      await pauseAfter(answer);
    }
  }
}

// --- subscribers -----------------------------------------------------------------------------------------

interface Subscriber {
  name: string;
  /** Event ids in arrival order. */
  ids: number[];
  /** Their feed positions (cursor), in arrival order. */
  cursors: number[];
  /** Session titles of the events -> when the event arrived (its first arrival). */
  arrivals: Map<string, number>;
  /** Events that came as errors instead of data, by code. */
  eventErrors: Map<string, number>;
  /** How each subscription ended before the run did (it is subscribed again each time). */
  ends: string[];
  closes: number;
  stop(): Promise<void>;
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => e?.extensions?.code ?? e?.message ?? String(e)).join(' + ');
  const close = error as { code?: number; reason?: string };
  if (typeof close?.code === 'number') return `socket closed ${close.code}${close.reason ? ` ${close.reason}` : ''}`;
  return (error as Error)?.message ?? String(error);
}

function subscriber(name: string, origin: string, token: string, editionId: string, onConnected: () => void): Subscriber {
  let stopping = false;
  let unsubscribe = () => undefined as void;
  const client = createClient({
    url: `${origin.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 20,
    shouldRetry: () => !stopping,
    on: { connected: onConnected, closed: () => void (stopping || s.closes++) },
  });
  const s: Subscriber = {
    name, ids: [], cursors: [], arrivals: new Map(), eventErrors: new Map(), ends: [], closes: 0,
    async stop() {
      stopping = true;
      unsubscribe();
      // Disposing rethrows a connection that failed (an instance that died): it is closed all the same.
      await Promise.resolve(client.dispose()).catch(() => undefined);
    },
  };
  const ended = (how: string) => {
    if (stopping) return;
    s.ends.push(how);
    // A frontend would subscribe again; bounded, so that a service that refuses does not spin.
    if (s.ends.length < 100) setTimeout(start, 500);
  };
  const start = () => {
    if (stopping) return;
    unsubscribe = client.subscribe({ query: SUBSCRIBE, variables: { id: editionId } }, {
      next: (value: any) => {
        const at = performance.now();
        if (value.errors?.length) {
          for (const code of value.errors.map((e: any) => e.extensions?.code ?? 'NO_CODE')) s.eventErrors.set(code, (s.eventErrors.get(code) ?? 0) + 1);
          return;
        }
        const event = value.data?.programChanged;
        if (!event) return;
        s.ids.push(Number(event.id));
        s.cursors.push(Number(event.cursor));
        const title = event.changes?.title?.to?.fr;
        if (typeof title === 'string' && !s.arrivals.has(title)) s.arrivals.set(title, at);
      },
      error: (error) => ended(describe(error)),
      complete: () => ended('completed by the service'),
    });
  };
  start();
  return s;
}

/** "7034-7062, 7582-7609": ids as ranges of consecutive committed events, the first `limit` of them. */
function ranges(ids: number[], committed: number[], limit = 8): string {
  const position = new Map(committed.map((id, i) => [id, i]));
  const out: string[] = [];
  let from = ids[0];
  let previous = ids[0];
  for (const id of [...ids.slice(1), NaN]) {
    if (position.get(id) === (position.get(previous) ?? -2) + 1) {
      previous = id;
      continue;
    }
    out.push(from === previous ? String(from) : `${from}-${previous}`);
    from = previous = id;
  }
  return out.length > limit ? `${out.slice(0, limit).join(', ')}, … (${out.length} ranges)` : out.join(', ');
}

// --- the database's connections, cut on a schedule -------------------------------------------------------

interface Kills {
  rounds: number;
  listeners: number;
  pool: number;
  failures: string[];
}

function killer(databaseUrl: string, names: string[], kills: Kills) {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;
  // One connection for the whole run: on a busy server, a new one each round may be refused (too many clients).
  let admin: Client | undefined;
  const drop = async () => {
    const lost = admin;
    admin = undefined;
    await lost?.end().catch(() => undefined);
  };
  const round = async () => {
    try {
      if (!admin) {
        admin = new Client({ connectionString: databaseUrl, application_name: 'soak-killer' });
        admin.on('error', () => void drop());
        await admin.connect();
      }
      const { rows } = await admin.query<{ application_name: string; killed: boolean }>(
        `SELECT application_name, pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = ANY($1) AND pid <> pg_backend_pid()`,
        [names],
      );
      kills.rounds += 1;
      for (const row of rows.filter((r) => r.killed)) {
        if (row.application_name.endsWith('-listen')) kills.listeners += 1;
        else kills.pool += 1;
      }
    } catch (error) {
      kills.failures.push((error as Error).message);
      await drop();
    }
    schedule();
  };
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => (current = round()), settings.killEvery * 1000);
  };
  if (names.length) schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
    await drop();
  };
}

// --- the run -----------------------------------------------------------------------------------------------

interface Memory {
  before: number;
  peakSampled: number;
  afterLoad: number;
  idle: number;
  hwm: number;
}

/** The service's own log lines at warning level and above, by message, and any line that is not JSON. */
function logSummary(output: string): { byMessage: Map<string, number>; notJson: string[] } {
  const byMessage = new Map<string, number>();
  const notJson: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim() || line.startsWith('GraphQL endpoint and explorer:')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      if ((entry.level ?? 0) >= 40) {
        const key = `${entry.level! >= 50 ? 'error' : 'warn'}: ${entry.msg}`;
        byMessage.set(key, (byMessage.get(key) ?? 0) + 1);
      }
    } catch {
      notJson.push(line);
    }
  }
  return { byMessage, notJson };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = loadAverage();
  progress(`soak: ${settings.seconds} s, ${settings.clients} clients, ${settings.subscribers} subscribers, kills: ${settings.kill}${settings.kill === 'none' ? '' : ` every ${settings.killEvery} s`}; load average ${loadBefore}`);
  const database = await demoDatabase('soak', 1);
  const { editionId, voters } = await addVoters(database.url, Math.max(settings.clients, settings.subscribers), 'Soak voter');
  const sessions = await query<{ id: string; version: number }>(database.url, `SELECT id, version FROM session WHERE edition_id = $1 ORDER BY starts_at, id LIMIT 10`, [editionId]);
  const themes = (await query<{ id: string }>(database.url, `SELECT id FROM theme WHERE edition_id = $1 AND status = 'VOTING' ORDER BY id`, [editionId])).map((t) => t.id);
  const instances = await Promise.all([startService(database.url), startService(database.url)]);
  const stage: Stage = { instances, voters, editionId, sessions, themes };

  progress(`subscribing: ${settings.subscribers} committee members, half on each instance`);
  let connected = 0;
  const subscribers = voters.slice(0, settings.subscribers).map((voter, i) =>
    subscriber(`#${i + 1} (instance ${(i % 2) + 1})`, instances[i % 2].origin, voter.token, editionId, () => connected++));
  for (let waited = 0; connected < subscribers.length; waited += 100) {
    if (waited > 30_000) throw new Error(`only ${connected} of ${subscribers.length} subscribers connected`);
    await sleep(100);
  }
  // graphql-ws does not acknowledge a subscription: one update heard by every subscriber says they are live.
  let live = false;
  for (let attempt = 1; attempt <= 3 && !live; attempt++) {
    const title = `Soak priming ${attempt}`;
    const [session] = sessions;
    const [{ version }] = await query<{ version: number }>(database.url, 'SELECT version FROM session WHERE id = $1', [session.id]);
    const answer = await post(instances[0].origin, UPDATE, { input: { id: session.id, expectedVersion: version, title: { fr: title, ja: title } } }, voters[0].token);
    if (!answer.data) throw new Error(`priming update failed: ${answer.codes.join(', ')}`);
    for (let waited = 0; waited < 10_000 && !live; waited += 100) {
      await sleep(100);
      live = subscribers.every((s) => s.arrivals.has(title));
    }
  }
  if (!live) throw new Error('the subscribers did not all hear the priming update');
  const stageVersions = await query<{ id: string; version: number }>(database.url, `SELECT id, version FROM session WHERE id = ANY($1)`, [sessions.map((s) => s.id)]);
  stage.sessions = sessions.map((s) => stageVersions.find((v) => v.id === s.id)!);
  const [{ id: startId }] = await query<{ id: string }>(database.url, 'SELECT coalesce(max(id), 0)::text AS id FROM change_event');
  answers.clear();

  // The control: a bare LISTEN connection of this process, which hears the same NOTIFY as the instances,
  // tells the service's share of the delivery delay from this process's own.
  const heard = new Map<number, number>();
  const control = new Client({ connectionString: database.url, application_name: 'soak-control' });
  await control.connect();
  // The payload is the event's feed position.
  control.on('notification', (message) => heard.set(Number(message.payload), performance.now()));
  await control.query(`LISTEN ${PROGRAM_CHANNEL}`);

  const memory: Memory[] = instances.map((child) => ({ before: child.memory().rss, peakSampled: 0, afterLoad: 0, idle: 0, hwm: 0 }));
  const sampler = setInterval(() => instances.forEach((child, i) => (memory[i].peakSampled = Math.max(memory[i].peakSampled, rssOf(child) || 0))), 500);
  const kills: Kills = { rounds: 0, listeners: 0, pool: 0, failures: [] };
  const stopKilling = killer(database.url, KILLED_NAMES[settings.kill], kills);
  const writes: Writes = { acknowledged: new Map(), uncertain: new Set(), conflicts: 0, gaveUp: 0, ballots: { acknowledged: 0, failed: 0 }, reads: { ok: 0, failed: 0 } };

  progress(`load: ${settings.seconds} s`);
  const loadStarted = performance.now();
  const deadline = loadStarted + settings.seconds * 1000;
  const heartbeat = setInterval(() => progress(`  ${writes.acknowledged.size} updates acknowledged, ${kills.rounds} kill rounds, RSS ${instances.map((child) => mib(rssOf(child))).join(' / ')}`), 30_000);
  await Promise.all(Array.from({ length: settings.clients }, (_, i) => writer(stage, writes, i, deadline)));
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  clearInterval(heartbeat);
  await stopKilling();
  const loadDuring = loadAverage();

  // Events still on their way: wait until each subscriber has them all, or nothing has arrived for 5 s.
  const committedNow = async () => (await query<{ id: string }>(database.url, 'SELECT id::text FROM change_event WHERE edition_id = $1 AND id > $2 ORDER BY change_event.id', [editionId, startId])).map((r) => Number(r.id));
  let expected = await committedNow();
  const hasAll = (s: Subscriber) => {
    const seen = new Set(s.ids);
    return expected.every((id) => seen.has(id));
  };
  for (let waited = 0, quiet = 0, total = -1; waited < 60_000 && quiet < 5_000; waited += 250) {
    const received = subscribers.reduce((n, s) => n + s.ids.length, 0);
    if (subscribers.every(hasAll)) break;
    quiet = received === total ? quiet + 250 : 0;
    total = received;
    await sleep(250);
  }
  clearInterval(sampler);
  await control.end();
  instances.forEach((child, i) => (memory[i].afterLoad = rssOf(child)));
  expected = await committedNow();

  // --- the checks -------------------------------------------------------------------------------------------
  const problems: string[] = [];
  const trail = await query<{ id: string; position: string; entity_type: string; action: string; title: string | null }>(database.url,
    `SELECT id::text, position::text AS position, entity_type, action, changes->'title'->'to'->>'fr' AS title FROM change_event WHERE edition_id = $1 AND id > $2 ORDER BY change_event.id`, [editionId, startId]);
  const updateTitles = trail.filter((e) => e.entity_type === 'Session' && e.action === 'UPDATE').map((e) => e.title ?? '');
  const titleCounts = new Map<string, number>();
  for (const title of updateTitles) titleCounts.set(title, (titleCounts.get(title) ?? 0) + 1);
  const lostUpdates = [...writes.acknowledged.keys()].filter((title) => !titleCounts.has(title));
  const doubledUpdates = [...titleCounts].filter(([, n]) => n > 1).map(([title]) => title);
  const unacknowledged = updateTitles.filter((title) => !writes.acknowledged.has(title));
  const unexplained = unacknowledged.filter((title) => !writes.uncertain.has(title));
  if (lostUpdates.length) problems.push(`${lostUpdates.length} acknowledged updates are not in the audit trail (e.g. "${lostUpdates[0]}")`);
  if (doubledUpdates.length) problems.push(`${doubledUpdates.length} updates are in the audit trail more than once (e.g. "${doubledUpdates[0]}")`);
  if (unexplained.length) problems.push(`${unexplained.length} session updates in the audit trail were never sent as such (e.g. "${unexplained[0]}")`);

  const [ballots] = await query<{ ballots: number; pairs: number }>(database.url,
    `SELECT count(*)::int AS ballots, count(DISTINCT (theme_id, voter_id))::int AS pairs FROM ballot WHERE voter_id = ANY($1::uuid[])`, [voters.map((v) => v.id)]);
  const ballotRows = trail.filter((e) => e.entity_type === 'Ballot').length;
  if (ballots.ballots !== ballots.pairs) problems.push(`${ballots.ballots - ballots.pairs} voters hold more than one ballot on a theme`);
  if (ballotRows < writes.ballots.acknowledged) problems.push(`${writes.ballots.acknowledged - ballotRows} acknowledged ballots are not in the audit trail`);
  if (ballotRows > writes.ballots.acknowledged + writes.ballots.failed) problems.push(`${ballotRows - writes.ballots.acknowledged - writes.ballots.failed} more ballot audit rows than ballots sent`);

  const controlDelays = trail.flatMap((e) => {
    const answered = writes.acknowledged.get(e.title ?? '');
    const at = heard.get(Number(e.position));
    return e.entity_type === 'Session' && answered !== undefined && at !== undefined ? [at - answered] : [];
  });
  const committedSet = new Set(expected);
  const delays: number[] = [];
  const perSubscriber = subscribers.map((s) => {
    const inRun = s.ids.filter((id) => id > Number(startId));
    const seen = new Set(inRun);
    const missed = expected.filter((id) => !seen.has(id));
    const duplicates = inRun.length - seen.size;
    const foreign = [...seen].filter((id) => !committedSet.has(id)).length;
    // The feed's order is its positions (commit order), not ids (insertion order).
    let outOfOrder = 0;
    let highest = 0;
    for (const [i, position] of s.cursors.entries()) {
      if (s.ids[i] <= Number(startId)) continue;
      if (position < highest) outOfOrder += 1;
      highest = Math.max(highest, position);
    }
    for (const [title, at] of s.arrivals) {
      const answered = writes.acknowledged.get(title);
      if (answered !== undefined) delays.push(at - answered);
    }
    if (missed.length) problems.push(`subscriber ${s.name} missed ${missed.length} committed events: ${ranges(missed, expected)}`);
    if (duplicates) problems.push(`subscriber ${s.name} received ${duplicates} events twice`);
    if (foreign) problems.push(`subscriber ${s.name} received ${foreign} events that are not in the audit trail of the run`);
    return { s, received: inRun.length, missed, duplicates, outOfOrder };
  });

  // --- memory at rest, and shutdown ---------------------------------------------------------------------------
  await Promise.all(subscribers.map((s) => s.stop()));
  progress(`idle: ${settings.idle} s with no client`);
  await sleep(settings.idle * 1000);
  instances.forEach((child, i) => {
    memory[i].idle = rssOf(child);
    memory[i].hwm = Number.isNaN(memory[i].idle) ? NaN : child.memory().peak;
  });
  // An instance that ended before it was asked to: how, and the end of what it printed.
  const deaths = instances.flatMap((child, i) => {
    const how = child.ended();
    // The crash report is what the process printed outside its JSON log.
    return how ? [{ instance: i + 1, how, crash: logSummary(child.output()).notJson.slice(0, 30) }] : [];
  });
  for (const death of deaths) problems.push(`instance ${death.instance} ended during the run (${death.how})`);
  const drains: string[] = [];
  for (const child of instances) {
    if (child.ended()) {
      drains.push('had ended');
      continue;
    }
    const t0 = performance.now();
    await child.stop();
    drains.push(ms(performance.now() - t0));
  }
  const logs = instances.map((child) => logSummary(child.output()));
  const loadAfter = loadAverage();

  // --- the report ------------------------------------------------------------------------------------------------
  const lines: string[] = [];
  const row = (...cells: Array<string | number>) => lines.push(`| ${cells.join(' | ')} |`);
  const m = await machine();
  lines.push(
    '# Soak: two instances, writes, subscribers and cut database connections', '',
    `Command: \`npm run soak${isDefault ? '' : ` -- ${process.argv.slice(2).join(' ')}`}\`${isDefault ? ' (the default run)' : ''}. ` +
      `Date: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}, ${m.postgres}.`, '',
    `Load average (1, 5, 15 min, /proc/loadavg): before ${loadBefore}; at the end of the load ${loadDuring}; at the end ${loadAfter}. ` +
      'The machine is shared: figures vary from run to run.', '',
    `Settings: ${settings.clients} HTTP clients for ${loadSeconds.toFixed(0)} s, each cycling through 5 updateSession (10 sessions shared by all, ` +
      `the version it last saw, again with the current version on CONFLICT, up to ${MAX_RETRIES_ON_CONFLICT} tries), 1 castBallot (${themes.length} themes under vote) ` +
      `and 2 reads (the full draft programme, the last 20 events of the history), half of the clients on each instance; ` +
      `${settings.subscribers} programChanged subscribers (committee members, half on each instance); ` +
      (settings.kill === 'none' ? 'no connection killed.' : `every ${settings.killEvery} s, pg_terminate_backend on ${settings.kill === 'listeners' ? "the instances' LISTEN connections" : "all the instances' connections (pool and LISTEN)"}.`), '',
    '## Checks', '',
    problems.length ? problems.map((p) => `- FAILED: ${p}`).join('\n') : '- Nothing lost or doubled: every acknowledged update and ballot is in the audit trail once, and every subscriber received every committed event once.', '',
    '## Writes and the audit trail', '',
  );
  row('what', 'count');
  row('---', '---:');
  row('updates acknowledged', writes.acknowledged.size);
  row('audit rows of session updates during the run', updateTitles.length);
  row('of which from updates answered with an error (outcome unknown to the client)', unacknowledged.length - unexplained.length);
  row('acknowledged updates missing from the trail / in it twice', `${lostUpdates.length} / ${doubledUpdates.length}`);
  row('CONFLICT answers (then retried) / updates given up after retries', `${writes.conflicts} / ${writes.gaveUp}`);
  row('updates answered with another error', writes.uncertain.size);
  row('ballots acknowledged / failed', `${writes.ballots.acknowledged} / ${writes.ballots.failed}`);
  row('ballot audit rows during the run', ballotRows);
  row('ballots of the soak voters / distinct (theme, voter)', `${ballots.ballots} / ${ballots.pairs}`);
  row('reads answered with data / with an error', `${writes.reads.ok} / ${writes.reads.failed}`);
  row('events of the edition committed during the run', expected.length);
  row('kill rounds / LISTEN connections killed / pool connections killed', `${kills.rounds} / ${kills.listeners} / ${kills.pool}`);
  if (kills.failures.length) row('kill rounds that failed', `${kills.failures.length} (${kills.failures[0]})`);
  lines.push('', '## Answers, by HTTP status and error codes', '');
  row('answer', 'count');
  row('---', '---:');
  for (const [key, n] of [...answers].sort((a, b) => b[1] - a[1])) row(key, n);
  lines.push('', `Most errors in one answer: ${mostErrorsInOneAnswer}.`);
  if (serverErrors.length) lines.push('', 'Server errors (first 5):', '', ...serverErrors.map((e) => `- \`${e.replace(/`/g, "'").replace(/\s+/g, ' ')}\``));

  lines.push('', '## Subscribers', '', `Reference: the ${expected.length} events of the edition in the audit trail, committed after every subscriber was live (ids above ${startId}).`, '');
  row('subscriber', 'events received', 'missed (ids)', 'received twice', 'out of feed order', 'events that came as errors', 'subscriptions ended (then subscribed again)', 'socket closes');
  row('---', '---:', '---', '---:', '---:', '---', '---', '---:');
  for (const p of perSubscriber) {
    const errors = [...p.s.eventErrors].map(([code, n]) => `${n} ${code}`).join(', ') || '0';
    const endCounts = new Map<string, number>();
    for (const end of p.s.ends) endCounts.set(end, (endCounts.get(end) ?? 0) + 1);
    const ends = [...endCounts].map(([how, n]) => `${n} × ${how}`).join(', ') || '0';
    row(p.s.name, p.received, p.missed.length ? `${p.missed.length}: ${ranges(p.missed, expected)}` : '0', p.duplicates, p.outOfOrder, errors, ends, p.s.closes);
  }
  lines.push('', `Delivery delay, from the writer's answer to the event's arrival at each subscriber (updateSession events, ${delays.length} deliveries; negative: the event came first): ` +
    spread(delays), '',
    `The control, a bare LISTEN connection of the soak process (not killed), heard ${controlDelays.length} of the same updates from the writer's answer: ${spread(controlDelays)}`);

  lines.push('', '## Resident memory (VmRSS of /proc/<pid>/status)', '');
  row('instance', 'before the load', 'peak under load (sampled every 0.5 s)', 'at the end of the load', `after ${settings.idle} s idle, no client`, 'VmHWM at the end', 'SIGTERM to exit');
  row('---', '---:', '---:', '---:', '---:', '---:', '---:');
  memory.forEach((mem, i) => row(`instance ${i + 1}`, mib(mem.before), mib(mem.peakSampled), mib(mem.afterLoad), mib(mem.idle), mib(mem.hwm), drains[i]));

  lines.push('', "## The instances' logs (warnings and errors, by message)", '');
  logs.forEach((log, i) => {
    const entries = [...log.byMessage].sort((a, b) => b[1] - a[1]).map(([msg, n]) => `${n} × ${msg}`);
    lines.push(`- instance ${i + 1}: ${entries.join('; ') || 'none'}${log.notJson.length ? `; ${log.notJson.length} lines that are not JSON (first: \`${log.notJson[0].slice(0, 160).replace(/`/g, "'")}\`)` : ''}`);
  });
  for (const death of deaths) lines.push('', `Instance ${death.instance} ended during the run (${death.how}); what it printed outside its JSON log (first 30 lines):`, '', '```', ...death.crash.map((l) => l.slice(0, 400)), '```');
  lines.push('');
  const report = lines.join('\n');
  writeFileSync(outFile, report);
  console.log(`\n${report}`);
  progress(`wrote ${path.relative(ROOT, outFile)}`);
  for (const problem of problems) console.error(`FAILED: ${problem}`);
  return problems.length ? 1 : 0;
}

process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));
main()
  .catch((error) => {
    console.error(error);
    return 2;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
