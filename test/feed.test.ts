import { Client as WsClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { App } from '../src/server/app';
import { countingProxy } from './helpers/counting-proxy';
import { startTestApp, TestApp } from './helpers/app';

// The change feed (programChanged): every committed change once, in one order every instance
// agrees on, through cut database connections, and resumable from a client's cursor.

jest.setTimeout(180_000);

let t: TestApp;
let other: App;
let editionId: string;
const tokens: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  other = await t.startAnotherInstance();
  for (const who of ['president.fr', 'member1.fr', 'member2.jp', 'president.jp']) tokens.push(await t.login(`${who}@example.org`));
  editionId = (await t.gql(`{ edition(number: 8) { id } }`)).data.edition.id;
});
afterAll(() => t?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `done()` to hold, checking every 50 ms, for at most `ms`. */
async function until(done: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await sleep(50);
}

async function post(origin: string, query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, ...body };
}

interface Received {
  cursor: string;
  id: string;
  entityId: string;
  actor: { displayName: string } | null;
}

const FEED = `subscription ($e: ID!, $after: String) { programChanged(editionId: $e, after: $after) { id cursor entityId actor { displayName } } }`;

/** A subscriber on `origin`: what it receives, and what ended its subscription if anything did. */
function subscriber(origin: string, token: string, after?: string) {
  const received: Received[] = [];
  const problems: unknown[] = [];
  const client: WsClient = createClient({
    url: `${origin.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { Authorization: `Bearer ${token}` },
  });
  client.subscribe(
    { query: FEED, variables: { e: editionId, after } },
    {
      next: (message) => (message.errors ? problems.push(message.errors) : received.push((message.data as any).programChanged)),
      error: (error) => problems.push(error),
      complete: () => problems.push('completed'),
    },
  );
  return { received, problems, client };
}

const CREATE = `mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`;
const session = (n: number) => ({
  editionId, kind: 'OTHER', title: { fr: `Flux ${n}`, ja: `フィード ${n}` }, startsAt: '2024-11-20T10:00:00+09:00', endsAt: '2024-11-20T11:00:00+09:00',
});

/** The edition's trail after `cursor`, in feed order: what every subscriber must have received. */
async function trailAfter(cursor: string): Promise<string[]> {
  const { rows } = await t.db.query(`SELECT position::text AS p FROM change_event WHERE edition_id = $1 AND position > $2 ORDER BY position`, [editionId, cursor]);
  return rows.map((row) => row.p as string);
}

describe('programChanged', () => {
  it('gives every subscriber on both instances every committed change once, in the same order, while the database connections are cut again and again; a client resumes from its cursor', async () => {
    const origins = [t.app.origin, other.origin];
    const subscribers = Array.from({ length: 8 }, (_, i) => subscriber(origins[i % 2], tokens[i % tokens.length]));
    // Live once each has heard of a probe change.
    let probes = 0;
    for (let i = 0; i < 100 && subscribers.some((s) => !s.received.length); i++) {
      if (i % 10 === 0) await post(t.app.origin, CREATE, { input: session(-++probes) }, tokens[0]);
      await sleep(50);
    }
    expect(subscribers.every((s) => s.received.length > 0)).toBe(true);
    const start = (await t.db.query(`SELECT max(position)::text AS p FROM change_event`)).rows[0].p as string;
    await until(() => subscribers.every((s) => s.received.some((r) => BigInt(r.cursor) >= BigInt(start))), 10_000);

    // A client that follows from the start cursor, leaves mid-way and comes back with the last cursor it had.
    const resumer = { before: subscriber(other.origin, tokens[1], start), after: undefined as ReturnType<typeof subscriber> | undefined };

    const outcomes: Record<string, number> = {};
    let writing = true;
    let n = 0;
    const writer = async (origin: string, token: string) => {
      while (writing) {
        const result = await post(origin, CREATE, { input: session(n++) }, token).catch(() => ({ status: 0, errors: [{ extensions: { code: 'NETWORK' } }] }));
        const key = `${result.status} ${result.errors?.[0]?.extensions?.code ?? 'OK'}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      }
    };
    const writers = [writer(origins[0], tokens[0]), writer(origins[1], tokens[3]), writer(origins[0], tokens[3]), writer(origins[1], tokens[0])];
    await until(() => resumer.before.received.length >= 3, 10_000);

    // Every connection the instances hold, their LISTEN connections among them, cut again and again.
    let killed = 0;
    for (let round = 0; round < 16; round++) {
      await sleep(300);
      const { rows } = await t.db.query(`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      killed += rows[0].n;
      if (round === 7) await resumer.before.client.dispose();
    }
    // It comes back with the last cursor it had, while changes are still being made.
    const last = resumer.before.received.at(-1)!.cursor;
    resumer.after = subscriber(other.origin, tokens[1], last);
    await sleep(300);
    writing = false;
    await Promise.all(writers);

    const expected = await trailAfter(start);
    console.log(`feed under cut connections: ${expected.length} events, ${killed} connections cut, answers ${JSON.stringify(outcomes)}`);
    expect(expected.length).toBeGreaterThan(10);
    const positions = (s: ReturnType<typeof subscriber>) => s.received.map((r) => r.cursor).filter((c) => BigInt(c) > BigInt(start));
    const all = [...subscribers, resumer.after!];
    const resumed = () => [...resumer.before.received, ...resumer.after!.received].map((r) => r.cursor);
    await until(() => subscribers.every((s) => positions(s).length >= expected.length) && resumed().length >= expected.length, 30_000);

    for (const s of subscribers) expect({ positions: positions(s), problems: s.problems }).toEqual({ positions: expected, problems: [] });
    expect(resumed()).toEqual(expected);
    expect(resumer.after!.problems).toEqual([]);
    // Cut connections make writes fail as unavailable, never as internal errors.
    expect(Object.keys(outcomes).filter((k) => !['200 OK', '503 SERVICE_UNAVAILABLE'].includes(k))).toEqual([]);
    expect(killed).toBeGreaterThan(12);
    for (const s of all) await s.client.dispose();
  });

  it('refuses a cursor that is not one with BAD_USER_INPUT', async () => {
    const s = subscriber(t.app.origin, tokens[0], 'abc');
    await until(() => s.problems.length > 0, 10_000);
    expect((s.problems[0] as any)[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    await s.client.dispose();
  });

  it('reads each event once per instance, whatever the number of subscribers', async () => {
    const proxy = await countingProxy(t.databaseUrl);
    const counted = await t.startAnotherInstance({ databaseUrl: proxy.url });
    try {
      const subscribers = Array.from({ length: 20 }, (_, i) => subscriber(counted.origin, tokens[i % tokens.length]));
      for (let i = 0; i < 100 && subscribers.some((s) => !s.received.length); i++) {
        if (i % 10 === 0) await post(t.app.origin, CREATE, { input: session(-1000 - i) }, tokens[0]);
        await sleep(50);
      }
      expect(subscribers.every((s) => s.received.length > 0)).toBe(true);
      // Quiet: every probe delivered everywhere.
      const last = (await t.db.query(`SELECT max(position)::text AS p FROM change_event`)).rows[0].p as string;
      await until(() => subscribers.every((s) => s.received.at(-1)!.cursor === last), 10_000);
      // The feed's reads: the trail on the hub's connection, the actor on the pool (the job queue and
      // the other listeners poll the database on connections of their own, and are not counted).
      const feed = ['rencontres-programme-listen', 'rencontres-programme'];
      const before = proxy.roundTrips(feed);
      const write = await post(t.app.origin, CREATE, { input: session(-2000) }, tokens[1]);
      const created = write.data.createSession.id;
      await until(() => subscribers.every((s) => s.received.some((r) => r.entityId === created)), 10_000);
      expect(subscribers.every((s) => s.received.some((r) => r.entityId === created))).toBe(true);
      expect(subscribers.every((s) => s.received.at(-1)!.actor?.displayName)).toBe(true);
      // One read of the trail and one of the actor, for all 20.
      expect(proxy.roundTrips(feed) - before).toBeLessThanOrEqual(2);
      for (const s of subscribers) await s.client.dispose();
    } finally {
      await counted.close();
      await proxy.close();
    }
  });
});
