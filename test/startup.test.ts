import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { createServer, Server, Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { isAlive } from '../src/db/child-process';
import { SHARED_HOME } from '../src/db/embedded';
import { startApp } from '../src/server/app';
import { createTestDatabase } from './helpers/database';
import { post, projectRoot as root, runToExit, startService, waitUntilReady } from './helpers/service';
import { postgresUnder, removeTestFolder } from './helpers/test-run';
import { waitFor } from './helpers/wait';

const main = path.join(root, 'dist', 'src', 'main.js');
// Each test starts whole services (initdb, migrations, the demo), some twice: minutes on a busy machine.
jest.setTimeout(180_000);

describe('npm start without DATABASE_URL (embedded PostgreSQL)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, PORT: '0', DEMO_PASSWORD: 'embedded-demo-password', LOG_LEVEL: 'warn', DATABASE_URL: undefined };

  it('starts a real PostgreSQL, migrates, loads the demo, serves, and stops cleanly on SIGTERM; a second start keeps the data', async () => {
    const first = await startService(env);
    try {
      await waitUntilReady(first.origin);
      expect((await fetch(`${first.origin}/healthz`)).status).toBe(200);

      const editions = await post(first.origin, `{ editions { number timeZone status hostCity { fr ja } committees { country members { role person { displayName } } } } }`);
      expect(editions.body.errors).toBeUndefined();
      const [seventh, eighth] = editions.body.data.editions;
      expect(seventh).toMatchObject({ number: 7, timeZone: 'Europe/Paris', status: 'HELD' });
      expect(eighth).toMatchObject({ number: 8, timeZone: 'Asia/Tokyo', status: 'PLANNING', hostCity: { fr: 'Shizuoka', ja: '静岡市' } });
      const french = eighth.committees.find((c: any) => c.country === 'FR');
      expect(french.members).toEqual(expect.arrayContaining([{ role: 'PRESIDENT', person: { displayName: 'Karima Zerkani-Raynal' } }]));
      // Four voting members, and CLAIR Paris's secretariat seat.
      const japanese = eighth.committees.find((c: any) => c.country === 'JP').members;
      expect(japanese.filter((m: any) => m.role !== 'SECRETARIAT')).toHaveLength(4);
      expect(japanese.filter((m: any) => m.role === 'SECRETARIAT')).toHaveLength(1);

      const login = await post(first.origin, `mutation { login(email: "rep.shizuoka@example.org", password: "embedded-demo-password") { viewer { person { role localAuthority { name { ja } } } } } }`);
      expect(login.body.data.login.viewer.person).toEqual({ role: 'LOCAL_AUTHORITY', localAuthority: { name: { ja: '静岡市' } } });
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = await startService(env);
    try {
      await waitUntilReady(second.origin);
      const editions = await post(second.origin, `{ editions { number } }`);
      expect(editions.body.data.editions.map((e: any) => e.number)).toEqual([7, 8, 9]);
      expect(second.output()).not.toContain('initialising');
    } finally {
      second.child.kill('SIGINT');
    }
    expect(await second.exited).toBe(0);
  });

  it('serves the explorer as one page that loads nothing from elsewhere', async () => {
    const running = await startService(env);
    try {
      const response = await fetch(`${running.origin}/graphql`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      expect(html).toContain('GraphiQL');
      expect(html).toContain('query Editions');
      expect(html).not.toMatch(/<script[^>]+src=/i);
      expect(html).not.toMatch(/<link[^>]+href="https?:/i);
      const again = await fetch(`${running.origin}/graphql`, { headers: { accept: 'text/html', 'if-none-match': response.headers.get('etag')! } });
      expect(again.status).toBe(304);
    } finally {
      running.child.kill('SIGTERM');
    }
    expect(await running.exited).toBe(0);
  });

  it('refuses to start on a bad setting and names the variable', async () => {
    for (const [name, value] of [['PORT', 'eighty'], ['DEMO', 'maybe'], ['LOG_LEVEL', 'loud'], ['DATABASE_URL', 'mysql://x']]) {
      const child = spawn(process.execPath, [main], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, [name]: value }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toContain(name);
    }
  });
});

describe('a database that does not answer at start', () => {
  it('is retried with backoff while /readyz answers 503 and GraphQL SERVICE_UNAVAILABLE, until it answers', async () => {
    const database = await createTestDatabase();
    const target = new URL(database.url);
    // A port where nothing listens yet; later a relay to the real server opens on it.
    const placeholder = createServer();
    await new Promise<void>((r) => placeholder.listen(0, '127.0.0.1', r));
    const port = (placeholder.address() as { port: number }).port;
    await new Promise((r) => placeholder.close(r));
    const unreachable = new URL(database.url);
    unreachable.hostname = '127.0.0.1';
    unreachable.port = String(port);

    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const app = await startApp({ config: loadConfig({ PORT: '0' }), log, databaseUrl: unreachable.toString() });
    let relay: Server | undefined;
    try {
      // The first failed attempt is logged: the service is up, without its database.
      await waitFor('the first failed attempt to reach the database', () => lines.join('').includes('database not reachable; retrying'));
      expect((await fetch(`${app.origin}/readyz`)).status).toBe(503);
      const early = await post(app.origin, '{ editions { number } }');
      expect(early.status).toBe(503);
      expect(early.body.errors![0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(lines.join('')).toContain('database not reachable; retrying');

      relay = createServer((client: Socket) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((r) => relay!.listen(port, '127.0.0.1', r));
      await app.ready;
      expect((await fetch(`${app.origin}/readyz`)).status).toBe(200);
      const later = await post(app.origin, '{ editions { number } }');
      expect(later.body).toEqual({ data: { editions: [] } });
    } finally {
      await app.close();
      relay?.close();
      await database.drop();
    }
  });
});

/** What a user reads when a start fails as expected: one line, no stack trace. */
function oneLine(text: string): string {
  const lines = text.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(text).not.toMatch(/^\s+at /m);
  return lines[0];
}

/** The port of the embedded PostgreSQL running on a data folder, from the pid file it keeps there. */
const postgresPort = (dataDir: string) => Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);

async function connectsWith(dataDir: string, password: string): Promise<boolean | string> {
  const client = new Client({ host: '127.0.0.1', port: postgresPort(dataDir), user: 'postgres', password, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("the embedded PostgreSQL's superuser password", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-password-'));
  const temporary = mkdtempSync(path.join(tmpdir(), 'rfj-tmp-'));
  // Open to all, as /tmp is.
  chmodSync(temporary, 0o1777);
  afterAll(() => Promise.all([removeTestFolder(dataDir), removeTestFolder(temporary)]));
  const env = { DATA_DIR: dataDir, PORT: '0', DEMO_PASSWORD: 'embedded-demo-password', LOG_LEVEL: 'warn', DATABASE_URL: undefined, TMPDIR: temporary };

  it('is random for each data folder, kept there for its owner only, and never written to the temporary folder', async () => {
    const seen: string[] = [];
    const watcher = watch(temporary, (_event, name) => void seen.push(String(name)));
    const running = await startService(env).finally(() => watcher.close());
    try {
      const passwordFile = path.join(dataDir, 'password');
      expect((statSync(passwordFile).mode & 0o777).toString(8)).toBe('600');
      const password = readFileSync(passwordFile, 'utf8').trim();
      expect(password).not.toBe('embedded');
      expect(password.length).toBeGreaterThanOrEqual(32);
      expect(await connectsWith(dataDir, 'embedded')).toBe('28P01');
      expect(await connectsWith(dataDir, password)).toBe(true);
      expect(seen.filter((name) => name.startsWith('pg-password'))).toEqual([]);
      expect(readdirSync(temporary)).toEqual([]);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it("of a data folder made by an earlier version (the constant 'embedded') is replaced by a random one at the next start, data kept", async () => {
    // What earlier versions left: the superuser's password 'embedded', and no password file.
    const before = await startService(env);
    try {
      await waitUntilReady(before.origin);
      const client = new Client({ host: '127.0.0.1', port: postgresPort(dataDir), user: 'postgres', password: readFileSync(path.join(dataDir, 'password'), 'utf8').trim(), database: 'postgres' });
      await client.connect();
      await client.query(`ALTER USER postgres WITH PASSWORD 'embedded'`);
      await client.end();
    } finally {
      expect(await before.stop()).toBe(0);
    }
    rmSync(path.join(dataDir, 'password'));

    const after = await startService(env);
    try {
      await waitUntilReady(after.origin);
      expect((await post(after.origin, `{ editions { number } }`)).body.data.editions.map((e: any) => e.number)).toEqual([7, 8, 9]);
      const passwordFile = path.join(dataDir, 'password');
      expect((statSync(passwordFile).mode & 0o777).toString(8)).toBe('600');
      const password = readFileSync(passwordFile, 'utf8').trim();
      expect(password).not.toBe('embedded');
      expect(await connectsWith(dataDir, 'embedded')).toBe('28P01');
      expect(await connectsWith(dataDir, password)).toBe(true);
    } finally {
      expect(await after.stop()).toBe(0);
    }
  });
});

describe('two starts at once', () => {
  const first = mkdtempSync(path.join(tmpdir(), 'rfj-first-'));
  const second = mkdtempSync(path.join(tmpdir(), 'rfj-second-'));
  afterAll(() => Promise.all([removeTestFolder(first), removeTestFolder(second)]));
  const env = (dataDir: string, port = '0') => ({ DATA_DIR: dataDir, PORT: port, DEMO_PASSWORD: 'embedded-demo-password', LOG_LEVEL: 'warn', DATABASE_URL: undefined });

  it("on the same data folder: the second says so in one line and exits 1; the first's database keeps serving", async () => {
    const running = await startService(env(first));
    try {
      await waitUntilReady(running.origin);
      const again = await runToExit(env(first), { timeoutMs: 30_000 });
      expect(again.code).toBe(1);
      expect(oneLine(again.stderr)).toMatch(/^The data folder .+ is used by another instance of the service \(process \d+\)/);
      const editions = await post(running.origin, `{ editions { number } }`);
      expect(editions.body).toEqual({ data: { editions: [{ number: 7 }, { number: 8 }, { number: 9 }] } });
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('on the same port: the second says which port to choose in one line, exits 1, and leaves no database running', async () => {
    const running = await startService(env(first));
    try {
      const port = new URL(running.origin).port;
      const again = await runToExit(env(second, port), { timeoutMs: 30_000 });
      expect(again.code).toBe(1);
      expect(oneLine(again.stderr)).toBe(`Port ${port} is in use on 127.0.0.1 (by another instance of the service?): stop that one, or choose another port (PORT=4300 npm start).`);
      expect(postgresUnder(second)).toEqual([]);
      expect(existsSync(path.join(second, 'owner.pid'))).toBe(false);
      await waitUntilReady(running.origin);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('with an external database on a port in use: the same one line', async () => {
    const running = await startService(env(first));
    const database = await createTestDatabase();
    try {
      const port = new URL(running.origin).port;
      const again = await runToExit({ ...env(second, port), DATABASE_URL: database.url }, { timeoutMs: 30_000 });
      expect(again.code).toBe(1);
      expect(oneLine(again.stderr)).toContain('(PORT=4300 npm start)');
    } finally {
      await database.drop();
      expect(await running.stop()).toBe(0);
    }
  });
});

describe('a data folder that cannot be made', () => {
  it('is one line that says what to do, and exit code 1', async () => {
    const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), 'rfj-file-')), 'file');
    writeFileSync(notAFolder, '');
    const result = await runToExit({ DATA_DIR: path.join(notAFolder, 'data'), PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: undefined });
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toMatch(/^The data folder .+ cannot be made \(.*\): choose another one \(DATA_DIR=/);
  });
});

describe('a start that does not finish in time', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-slow-'));
  afterAll(() => removeTestFolder(dataDir));

  it('is stopped with its PostgreSQL before the test fails', async () => {
    const env = { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: undefined };
    const failure = await startService(env, { timeoutMs: 1500 }).then(
      (running) => running.stop().then(() => undefined),
      (error: Error & { pid?: number }) => error,
    );
    expect(failure?.message).toMatch(/^no start within 1500 ms/);
    expect(isAlive(failure!.pid!)).toBe(false);
    // What the child had started goes with it (initdb and PostgreSQL get a signal when it dies).
    for (let i = 0; i < 100 && postgresUnder(dataDir).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(postgresUnder(dataDir)).toEqual([]);
  });
});

describe('npm start as root from a folder only its owner may enter', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'rfj-private-'));
  const project = path.join(folder, 'project');
  // The cluster made in the shared home goes with the folder; the binaries' copy stays, as after any such
  // start: other runs on this machine may be using it.
  afterAll(() => removeTestFolder(folder));

  it('starts, serves and stops (PostgreSQL runs as a user who cannot enter the folder)', async () => {
    chmodSync(folder, 0o700);
    mkdirSync(project);
    // The built project, copied: node_modules as hard links (same files, new folders).
    execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(project, 'node_modules')]);
    cpSync(path.join(root, 'dist'), path.join(project, 'dist'), { recursive: true });
    cpSync(path.join(root, 'package.json'), path.join(project, 'package.json'));

    const running = await startService({ DATA_DIR: undefined, PORT: '0', DEMO_PASSWORD: 'embedded-demo-password', LOG_LEVEL: 'warn', DATABASE_URL: undefined }, { cwd: project });
    try {
      await waitUntilReady(running.origin);
      const login = await post(running.origin, `mutation { login(email: "admin@example.org", password: "embedded-demo-password") { viewer { person { role } } } }`);
      expect(login.body.data.login.viewer.person).toEqual({ role: 'ADMIN' });
      expect((statSync(path.join(project, '.data', 'password')).mode & 0o777).toString(8)).toBe('600');
      // As root, the cluster lives where the postgres user reaches it.
      if (process.getuid?.() === 0) expect(readlinkSync(path.join(project, '.data', 'pg'))).toMatch(new RegExp(`^${SHARED_HOME}/[0-9a-f]{16}/pg$`));
    } finally {
      expect(await running.stop()).toBe(0);
    }
    expect(postgresUnder(project)).toEqual([]);
  });
});
