import { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { spawnTied } from '../../src/db/child-process';

// The built service in a process of its own, started as `npm start` starts it. The child gets SIGTERM
// if the test process dies, so that a killed test run leaves no service (nor its PostgreSQL) behind.

export const projectRoot = path.resolve(__dirname, '..', '..');

export interface RunningService {
  child: ChildProcess;
  origin: string;
  output(): string;
  exited: Promise<number | null>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

interface ServiceOptions {
  /** The project folder whose dist/src/main.js runs (this one by default). */
  cwd?: string;
  /** How long the start may take before the child is stopped and the start fails. */
  timeoutMs?: number;
}

function spawnService(env: Record<string, string | undefined>, cwd: string): ChildProcess {
  return spawnTied(process.execPath, [path.join(cwd, 'dist', 'src', 'main.js')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Asks the child to stop, then kills it past 15 s; resolves once it has exited. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the service with `env` on top of this process's, until it prints its address. */
export function startService(env: Record<string, string | undefined>, options: ServiceOptions = {}): Promise<RunningService> {
  const child = spawnService({ ...process.env, ...env }, options.cwd ?? projectRoot);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, exited, signal);
  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timedOut = false;
    // A start that takes too long is stopped, with its database, before the test fails.
    const timer = setTimeout(() => {
      timedOut = true;
      void stop();
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL endpoint and explorer: (http:\/\/[\d.:]+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, origin: match[1], output: () => output, exited, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      const message = timedOut ? `no start within ${timeoutMs} ms (stopped):\n${output}` : `exited with ${code} before starting:\n${output}`;
      reject(Object.assign(new Error(message), { pid: child.pid }));
    });
  });
}

/** Runs the service to its exit, for a start that must fail: its exit code and what it printed. */
export function runToExit(env: Record<string, string | undefined>, options: ServiceOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnService({ ...process.env, ...env }, options.cwd ?? projectRoot);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => void stopChild(child, exited, 'SIGTERM'), options.timeoutMs ?? 60_000);
  return exited.then((code) => {
    clearTimeout(timer);
    return { code, stdout, stderr };
  });
}

export async function waitUntilReady(origin: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`${origin}/readyz`).catch(() => null);
    if (response?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('never ready');
}

export async function post(origin: string, query: string, token?: string) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}
