import { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { isAlive, spawnTied } from '../src/db/child-process';
import { startTestApp } from './helpers/app';
import { serverUrl } from './helpers/database';
import { postgresUnder } from './helpers/test-run';

// `npm test` with no DATABASE_URL: jest's global setup starts an embedded PostgreSQL and its teardown
// stops it. Here both run in a process of their own, as jest's main process runs them, with the
// temporary folder pointed at an empty one of this test's.

const helpers = path.resolve(__dirname, '..', 'dist', 'test', 'helpers');
// Each test makes one or two clusters (initdb): minutes on a busy machine.
jest.setTimeout(180_000);

/** A process that runs the global setup, prints the database's address, then runs the teardown once its input ends. */
function testRunProcess(temporary: string): { child: ChildProcess; url: Promise<string>; exited: Promise<number | null> } {
  const script = `
    const setup = require(${JSON.stringify(path.join(helpers, 'global-setup.js'))}).default;
    const teardown = require(${JSON.stringify(path.join(helpers, 'global-teardown.js'))}).default;
    setup().then(() => {
      console.log('url=' + process.env.DATABASE_URL);
      process.stdin.on('end', () => void teardown()).resume();
    });`;
  const { DATABASE_URL: _external, ...env } = process.env;
  const child = spawnTied(process.execPath, ['-e', script], { env: { ...env, TMPDIR: temporary }, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /url=(\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`the test run's setup exited with ${code}: ${output}`)));
  });
  return { child, url, exited };
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
    return true;
  } catch {
    return false;
  }
}

describe('a test run without DATABASE_URL', () => {
  let temporary: string;
  beforeEach(() => {
    temporary = mkdtempSync(path.join(tmpdir(), 'rfj-runs-'));
    // As root, the embedded PostgreSQL's own user goes through it, as through /tmp.
    chmodSync(temporary, 0o711);
  });
  afterEach(() => rmSync(temporary, { recursive: true, force: true }));

  it('leaves nothing in the temporary folder at its end, and never writes a password file there', async () => {
    const seen: string[] = [];
    const watcher = watch(temporary, (_event, name) => void seen.push(String(name)));
    const run = testRunProcess(temporary);
    try {
      expect(await answers(await run.url)).toBe(true);
      run.child.stdin!.end();
      expect(await run.exited).toBe(0);
    } finally {
      watcher.close();
    }
    expect(seen.filter((name) => name.startsWith('pg-password'))).toEqual([]);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('killed outright, leaves no PostgreSQL running, and the next run removes its folder', async () => {
    const killed = testRunProcess(temporary);
    const url = await killed.url;
    const servers = postgresUnder(temporary);
    expect(servers).toHaveLength(1);
    killed.child.kill('SIGKILL');
    await killed.exited;
    for (let i = 0; i < 100 && isAlive(servers[0].pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(servers[0].pid)).toBe(false);
    expect(await answers(url)).toBe(false);
    expect(readdirSync(temporary)).toHaveLength(1);

    const next = testRunProcess(temporary);
    await next.url;
    next.child.stdin!.end();
    expect(await next.exited).toBe(0);
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe('a test file whose app does not start', () => {
  it("gets the start's error, and its database is dropped", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const databases = async () => {
      const client = new Client({ connectionString: serverUrl() });
      await client.connect();
      try {
        return (await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`test\\_test\\_runs\\_${process.pid}\\_%`])).rows.map((row) => row.datname);
      } finally {
        await client.end();
      }
    };
    try {
      await expect(startTestApp({ config: { port: (busy.address() as { port: number }).port } })).rejects.toThrow(/EADDRINUSE/);
      expect(await databases()).toEqual([]);
    } finally {
      busy.close();
    }
  });
});
