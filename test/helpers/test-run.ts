import { chmodSync, Dirent, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { pidFileHolder, stopProcess } from '../../src/db/child-process';
import { EmbeddedDatabase, SHARED_HOME, startEmbeddedPostgres } from '../../src/db/embedded';

// A test run keeps everything it writes in one folder of its own, removed at its end: the embedded
// PostgreSQL's data, and (through TMPDIR, which the test files, their children and the browser
// inherit) every temporary folder. A run that was killed leaves at worst that folder, which the
// next run removes once its owner is gone; its PostgreSQL stopped with it (see spawnTied).

const RUN_PREFIX = 'rfj-test-run-';
const state = globalThis as { __testRun?: { folder: string; database?: EmbeddedDatabase } };

/** The PostgreSQL servers left under a folder, by their pid files. */
export function postgresUnder(folder: string, depth = 4): Array<{ pid: number; cluster: string }> {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: Array<{ pid: number; cluster: string }> = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.name === 'postmaster.pid') {
      const pid = pidFileHolder(full);
      if (pid !== undefined) found.push({ pid, cluster: folder });
    } else if (entry.isSymbolicLink() && entry.name === 'pg') {
      // A cluster that root's postgres user could not reach from here lives in the shared home.
      const target = path.resolve(folder, readlinkSync(full));
      if (target.startsWith(SHARED_HOME + path.sep)) found.push(...postgresUnder(target, 0));
    } else if (entry.isDirectory() && depth > 0) {
      found.push(...postgresUnder(full, depth - 1));
    }
  }
  return found;
}

/** Clusters of the shared home that a folder links to: they go with it. */
function sharedClustersOf(folder: string, depth = 4): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      const target = path.resolve(folder, readlinkSync(full));
      return target.startsWith(SHARED_HOME + path.sep) ? [path.dirname(target)] : [];
    }
    return entry.isDirectory() && depth > 0 ? sharedClustersOf(full, depth - 1) : [];
  });
}

/** Removes a folder of the tests, with any PostgreSQL still running in it and the clusters it links to. */
export async function removeTestFolder(folder: string): Promise<void> {
  for (const { pid } of postgresUnder(folder)) await stopProcess(pid, 'SIGQUIT', 5000);
  for (const cluster of sharedClustersOf(folder)) rmSync(cluster, { recursive: true, force: true });
  rmSync(folder, { recursive: true, force: true });
}

/** The folders of earlier runs whose process is gone. */
async function removeEndedRuns(parent: string): Promise<void> {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const folder = path.join(parent, name);
    if (pidFileHolder(path.join(folder, 'run.pid')) !== undefined) continue;
    // A folder without its pid file yet may belong to a run starting this very moment.
    const age = Date.now() - (statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (age < 60_000 && !readdirSync(folder).includes('run.pid')) continue;
    await removeTestFolder(folder);
  }
}

/** Jest's global setup: the run's folder, and an embedded PostgreSQL unless DATABASE_URL names one. */
export async function startTestRun(): Promise<void> {
  const parent = tmpdir();
  await removeEndedRuns(parent);
  const folder = mkdtempSync(path.join(parent, RUN_PREFIX));
  writeFileSync(path.join(folder, 'run.pid'), `${process.pid}\n`);
  // As root, the embedded PostgreSQL runs as its own user, who must go through this folder.
  chmodSync(folder, 0o711);
  state.__testRun = { folder };
  process.env.TMPDIR = folder;
  if (process.env.DATABASE_URL) return dropDatabasesOfEndedRuns(process.env.DATABASE_URL);
  const database = await startEmbeddedPostgres(path.join(folder, 'database'), pino({ level: 'warn' }));
  state.__testRun.database = database;
  process.env.DATABASE_URL = database.url;
}

/** Whether a process of this machine is running (one of another user counts as running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A test file's databases carry its process's pid (see database.ts): those of a process that is gone
 * (a run killed before its files could drop them) are dropped. Only on a server of this machine,
 * whose pids are the ones named.
 */
async function dropDatabasesOfEndedRuns(url: string): Promise<void> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^test_\\w*_[0-9]+_[0-9a-f]{12}$'`);
    for (const { datname } of rows) {
      const pid = Number(/_(\d+)_[0-9a-f]{12}$/.exec(datname)![1]);
      if (!alive(pid)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/** Jest's global teardown. */
export async function endTestRun(): Promise<void> {
  const run = state.__testRun;
  if (!run) return;
  await run.database?.stop();
  await removeTestFolder(run.folder);
}
