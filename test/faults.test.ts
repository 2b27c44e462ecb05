import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { spawnTied } from '../src/db/child-process';
import { loadDemo } from '../src/demo/demo';
import { App, startApp } from '../src/server/app';
import { codes, DEMO_PASSWORD, startTestApp, TestApp } from './helpers/app';
import { createTestDatabase } from './helpers/database';
import { gql } from './helpers/graphql';
import { waitFor } from './helpers/wait';
import { wsClient } from './helpers/subscriptions';

/** A real PostgreSQL server in a child process, stopped cleanly by stop(). */
async function startDatabase(dataDir: string, port?: number): Promise<{ url: string; stop(): Promise<void> }> {
  const server = spawnTied(process.execPath, [path.join(__dirname, '..', 'dist', 'test', 'helpers', 'embedded-server.js'), dataDir, ...(port ? [String(port)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /url=(\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    exited.then(() => reject(new Error(`the database did not start: ${output}`)));
  });
  return { url, stop: () => (server.kill('SIGTERM'), exited) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CREATE = `mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`;

describe('the database stops and comes back under load', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-faults-'));
  let database: Awaited<ReturnType<typeof startDatabase>>;
  let app: App;
  afterAll(async () => {
    await app?.close();
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails fast with SERVICE_UNAVAILABLE, answers 503 on /readyz, recovers by itself and loses no acknowledged write', async () => {
    database = await startDatabase(dataDir);
    const port = Number(new URL(database.url).port);
    // Unexpected errors are logged at level error: kept, so that a failure shows what they were.
    const unexpected: string[] = [];
    app = await startApp({
      config: loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }),
      log: pino({ level: 'error' }, { write: (line: string) => void unexpected.push(line.slice(0, 600)) }),
      databaseUrl: database.url,
      prepare: (ds) => loadDemo(ds, DEMO_PASSWORD).then(() => undefined),
    });
    await app.ready;
    const token = (await gql(app.origin, `mutation { login(email: "member1.fr@example.org", password: "${DEMO_PASSWORD}") { token } }`)).data.login.token;
    const editionId = (await gql(app.origin, `{ edition(number: 8) { id } }`)).data.edition.id;

    // A subscriber stays connected through the outage.
    const subscriber = wsClient(app.origin, token);
    const heard: string[] = [];
    subscriber.subscribe(
      { query: `subscription ($id: ID!) { programChanged(editionId: $id) { entityId } }`, variables: { id: editionId } },
      { next: (value) => heard.push((value.data as any)?.programChanged?.entityId), error: () => undefined, complete: () => undefined },
    );
    await new Promise<void>((resolve) => subscriber.on('connected', () => resolve()));

    // Writers run all along: each acknowledged session is remembered.
    const acknowledged: string[] = [];
    const outcomes: Record<string, number> = {};
    let writing = true;
    let counter = 0;
    const writer = async () => {
      while (writing) {
        const n = counter++;
        const result = await gql(app.origin, CREATE, { input: {
          editionId, kind: 'OTHER', title: { fr: `Charge ${n}`, ja: `負荷 ${n}` },
          startsAt: '2024-11-20T10:00:00+09:00', endsAt: '2024-11-20T11:00:00+09:00',
        } }, { token }).catch(() => ({ status: 0, errors: [{ message: 'no answer', extensions: { code: 'NETWORK' } }], data: undefined }));
        const code = result.errors?.[0]?.extensions?.code ?? 'OK';
        outcomes[code] = (outcomes[code] ?? 0) + 1;
        if (!result.errors && result.data?.createSession) acknowledged.push(result.data.createSession.id);
        await sleep(20);
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await waitFor('writes acknowledged before the outage', () => acknowledged.length >= 3);

    await database.stop();
    const during = await gql(app.origin, `{ edition(number: 8) { sessions { id } } }`, {}, { token });
    expect(during.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect((await fetch(`${app.origin}/readyz`)).status).toBe(503);
    await waitFor('writers refused during the outage', () => (outcomes.SERVICE_UNAVAILABLE ?? 0) >= 3);

    database = await startDatabase(dataDir, port);
    const restartedAt = Date.now();
    await waitFor('/readyz to answer 200 again', async () => (await fetch(`${app.origin}/readyz`)).status === 200);
    const recoveredInMs = Date.now() - restartedAt;
    const before = acknowledged.length;
    await waitFor('five writes acknowledged after the restart', () => acknowledged.length >= before + 5);
    writing = false;
    await Promise.all(writers);

    expect(outcomes.SERVICE_UNAVAILABLE).toBeGreaterThan(0);
    expect(Object.keys(outcomes).sort()).toEqual(expect.arrayContaining(['OK', 'SERVICE_UNAVAILABLE']));
    expect({ internal: outcomes.INTERNAL_SERVER_ERROR ?? 0, unexpected }).toEqual({ internal: 0, unexpected: [] });
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT id FROM session WHERE id = ANY($1::uuid[])`, [acknowledged]);
      expect(rows.length).toBe(acknowledged.length);
    } finally {
      await db.end();
    }
    // The instance's LISTEN connection came back too: a change after the restart reaches the subscriber.
    const after = await gql(app.origin, CREATE, { input: {
      editionId, kind: 'OTHER', title: { fr: 'Après la panne', ja: '復旧後' }, startsAt: '2024-11-20T12:00:00+09:00', endsAt: '2024-11-20T13:00:00+09:00',
    } }, { token });
    for (let i = 0; i < 300 && !heard.includes(after.data.createSession.id); i++) await sleep(50);
    expect(heard).toContain(after.data.createSession.id);
    await subscriber.dispose();
    // The figure for the report, not an assertion.
    console.log(`recovery after the database came back: ${recoveredInMs} ms; outcomes ${JSON.stringify(outcomes)}`);
  });
});

describe('SIGTERM', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  it('stops accepting, finishes the requests in flight, closes subscriptions, and exits 0', async () => {
    const database = await createTestDatabase();
    try {
      child = spawnTied(process.execPath, [path.resolve(__dirname, '..', 'dist', 'src', 'main.js')], {
        env: { ...process.env, DATABASE_URL: database.url, PORT: '0', DEMO: '1', DEMO_PASSWORD, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
      const origin = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /explorer: (http:\/\/[\d.:]+)\/graphql/.exec(output);
          if (match) resolve(match[1]);
        };
        child!.stdout!.on('data', onData);
        child!.stderr!.on('data', onData);
        exited.then(() => reject(new Error(output)));
      });
      await waitFor('/readyz to answer 200', async () => (await fetch(`${origin}/readyz`).catch(() => null))?.status === 200);
      const token = (await gql(origin, `mutation { login(email: "president.fr@example.org", password: "${DEMO_PASSWORD}") { token } }`)).data.login.token;

      const subscriber = wsClient(origin, token);
      const editionId = (await gql(origin, `{ edition(number: 8) { id } }`)).data.edition.id;
      const closed = new Promise<number>((resolve) => subscriber.on('closed', (event) => resolve((event as { code: number }).code)));
      subscriber.subscribe({ query: `subscription ($id: ID!) { programChanged(editionId: $id) { action } }`, variables: { id: editionId } }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      await new Promise<void>((resolve) => subscriber.on('connected', () => resolve()));

      // The requests are held in flight at the database: a transaction of the test locks the sessions they read.
      const holder = new Client({ connectionString: database.url });
      await holder.connect();
      // Counted from outside the holding transaction, which sees one snapshot of the activity.
      const observer = new Client({ connectionString: database.url });
      await observer.connect();
      const waiting = async () => Number((await observer.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n);
      let statuses: string[];
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE session IN ACCESS EXCLUSIVE MODE');
        // One request per caller (a caller's requests queue behind one another), each reading the sessions:
        // when each waits at the database, the server has taken every one of them.
        const callers = ['admin', 'president.jp', 'member1.fr', 'member2.fr', 'member1.jp', 'member2.jp'];
        const tokens = await Promise.all(callers.map(async (who) => (await gql(origin, `mutation { login(email: "${who}@example.org", password: "${DEMO_PASSWORD}") { token } }`)).data.login.token as string));
        const inFlight = tokens.map((caller) => gql(origin, `{ edition(number: 8) { sessions { id title { fr } } } }`, {}, { token: caller })
          .then((r) => String(r.status), (error: { cause?: { code?: string } }) => `failed (${error.cause?.code ?? String(error)})`));
        await waitFor('every request waiting for the locked sessions', async () => (await waiting()) >= tokens.length);
        child.kill('SIGTERM');
        // The server has stopped accepting (a new connection is refused) before the held requests may go on.
        await waitFor('the server to refuse new connections', () => fetch(`${origin}/healthz`).then(() => false, (error) => error.cause?.code === 'ECONNREFUSED'));
        await holder.query('COMMIT');
        statuses = await Promise.all(inFlight);
      } finally {
        await holder.end();
        await observer.end();
      }
      const code = await exited;

      expect(code).toBe(0);
      // Every request the server had taken was answered in full.
      expect(statuses).toEqual(['200', '200', '200', '200', '200', '200']);
      expect(await closed).toBe(1001);
      await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
      await subscriber.dispose();
    } finally {
      await database.drop();
    }
  });
});

describe('time limits', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    // A statement may wait one second, a request three.
    t = await startTestApp({ demo: true, logLines: lines, config: { statementTimeoutMs: 1_000, requestTimeoutMs: 3_000 } });
  });
  afterAll(() => t?.close());

  /** Runs `work` while another session holds `lock` (SQL run in its open transaction), then lets go. */
  async function whileLocked<T>(lock: string, work: () => Promise<T>): Promise<T> {
    const holder = new Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(lock);
      return await work();
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
  }

  it('a write waiting on a row another session holds fails with 503 SERVICE_UNAVAILABLE, and changes nothing', async () => {
    const token = await t.login('president.fr@example.org');
    const session = (await t.gql(`{ edition(number: 8) { sessions { id version title { fr } } } }`, {}, { token })).data.edition.sessions[0];
    const answer = await whileLocked(`SELECT 1 FROM session WHERE id = '${session.id}' FOR UPDATE`, () =>
      t.gql(`mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`, {
        input: { id: session.id, expectedVersion: session.version, title: { fr: 'Verrouillée', ja: 'ロック' } },
      }, { token }));
    expect({ status: answer.status, codes: codes(answer), data: answer.data ?? null }).toEqual({ status: 503, codes: ['SERVICE_UNAVAILABLE'], data: null });
    expect(answer.errors![0].extensions!.reason).toBe('timedOut');
    const after = (await t.gql(`{ edition(number: 8) { sessions { id version title { fr } } } }`, {}, { token })).data.edition.sessions[0];
    expect(after).toEqual(session);
  });

  it('a read of a table another session holds fails with 503 SERVICE_UNAVAILABLE, one error', async () => {
    const token = await t.login('president.fr@example.org');
    const answer = await whileLocked(`LOCK TABLE session IN ACCESS EXCLUSIVE MODE`, () =>
      t.gql(`{ a: edition(number: 8) { sessions { id } } b: edition(number: 8) { sessions { id } } }`, {}, { token }));
    expect({ status: answer.status, codes: codes(answer) }).toEqual({ status: 503, codes: ['SERVICE_UNAVAILABLE'] });
    expect(answer.headers.get('content-type')).toMatch(/application\/(graphql-response\+)?json/);
  });

  it('a request past its deadline is answered 503 SERVICE_UNAVAILABLE, and what it finishes later goes nowhere', async () => {
    const slow = await t.startAnotherInstance({ config: { statementTimeoutMs: 60_000, requestTimeoutMs: 1_000 } });
    const token = await t.login('president.fr@example.org');
    const response = await whileLocked(`LOCK TABLE session IN ACCESS EXCLUSIVE MODE`, () =>
      fetch(`${slow.origin}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `{ edition(number: 8) { sessions { id } } }` }),
      }));
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect({ status: response.status, errors: body.errors.map((e) => e.extensions) }).toEqual({ status: 503, errors: [{ code: 'SERVICE_UNAVAILABLE', reason: 'timedOut' }] });
    // The late answer of the request, once the lock is gone, neither fails the next one nor logs an error.
    const next = await fetch(`${slow.origin}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ edition(number: 8) { sessions { id } } }` }),
    });
    expect(next.status).toBe(200);
    expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});

describe('a database that refuses connections', () => {
  let t: TestApp;
  const role = `rfj_limited_${process.pid}`;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    await t.db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited-role-password'`);
    // A member of the owner of every object, the job queue's schema included (not a superuser, to
    // whom connection limits do not apply).
    await t.db.query(`GRANT postgres TO ${role}`);
  });
  afterAll(async () => {
    await t?.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`).catch(() => undefined);
    await t?.db.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await t?.close();
    const admin = new Client({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
  });

  it('answers 503 JSON on GraphQL and on the exports when the connection limit is reached (53300), never 500', async () => {
    const url = new URL(t.databaseUrl);
    url.username = role;
    url.password = 'limited-role-password';
    const lines: string[] = [];
    const limited = await startApp({
      config: { ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }) },
      log: pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) }),
      databaseUrl: url.toString(),
    });
    try {
      await limited.ready;
      expect((await gql(limited.origin, `{ edition(number: 8) { id } }`)).status).toBe(200);
      // The role may hold no connection: every connection the service opens again is refused (a
      // limit of one held by the test would race the service's listeners reconnecting).
      await t.db.query(`ALTER ROLE ${role} CONNECTION LIMIT 0`);
      await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
      try {
        const answer = await gql(limited.origin, `{ edition(number: 8) { id sessions { id } } }`);
        expect({ status: answer.status, codes: answer.errors?.map((e) => e.extensions?.code) }).toEqual({ status: 503, codes: ['SERVICE_UNAVAILABLE'] });
        const exported = await fetch(`${limited.origin}/editions/8/program.json?version=9.9`);
        expect({ status: exported.status, type: exported.headers.get('content-type') }).toEqual({ status: 503, type: expect.stringMatching(/^application\/json/) });
        expect(await exported.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'databaseUnreachable' });
      } finally {
        await t.db.query(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
      }
      expect(lines.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
      expect(lines.some((line) => /too many connections|53300/.test(line))).toBe(true);
    } finally {
      await limited.close();
    }
  });
});
