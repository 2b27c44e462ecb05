import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startApp } from '../src/server/app';
import { createTestDatabase } from './helpers/database';

const root = path.resolve(__dirname, '..');
const main = path.join(root, 'dist', 'src', 'main.js');

interface Running {
  child: ChildProcess;
  origin: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the built service the way `npm start` does, with no DATABASE_URL: the embedded mode. */
function startService(env: Record<string, string>): Promise<Running> {
  const { DATABASE_URL: _external, ...inherited } = process.env;
  const child = spawn(process.execPath, [main], { cwd: root, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL endpoint and explorer: (http:\/\/[\d.:]+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, origin: match[1], output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => reject(new Error(`exited with ${code} before starting:\n${output}`)));
  });
}

async function waitUntilReady(origin: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const response = await fetch(`${origin}/readyz`).catch(() => null);
    if (response?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('never ready');
}

const post = async (origin: string, query: string, token?: string) => {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
};

describe('npm start without DATABASE_URL (embedded PostgreSQL)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, PORT: '0', DEMO_PASSWORD: 'embedded-demo-password', LOG_LEVEL: 'warn' };

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
      expect(eighth.committees.find((c: any) => c.country === 'JP').members).toHaveLength(4);

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
      expect(editions.body.data.editions.map((e: any) => e.number)).toEqual([7, 8]);
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
      await new Promise((r) => setTimeout(r, 800));
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
