import WebSocket from 'ws';
import { revokeAllTokensOf } from '../src/auth/tokens';
import { App } from '../src/server/app';
import { startTestApp, TestApp } from './helpers/app';

// What one caller can hold open over WebSocket (graphql-ws), and how a revoked token loses it.

let t: TestApp;
const logLines: string[] = [];
let editionId: string;
let sessionId: string;

const LIMITS = { wsSubscriptionsPerConnection: 3, wsConnectionsPerToken: 2, wsSignInSeconds: 1 };

beforeAll(async () => {
  t = await startTestApp({ demo: true, logLines, config: LIMITS });
  const { rows: [edition] } = await t.db.query(`SELECT id FROM edition WHERE number = 8`);
  editionId = edition.id;
  const { rows: [session] } = await t.db.query(`SELECT id FROM session WHERE edition_id = $1 ORDER BY starts_at, id LIMIT 1`, [editionId]);
  sessionId = session.id;
});
afterAll(() => t?.close());

const SUBSCRIBE = `subscription ($id: ID!) { programChanged(editionId: $id) { entityType entityId } }`;

interface Message {
  type: string;
  id?: string;
  payload?: any;
}

/** A raw graphql-ws connection: every message it receives, and how it closed. */
class Connection {
  readonly messages: Message[] = [];
  readonly socket: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  constructor(app: App = t.app) {
    this.socket = new WebSocket(`${app.origin.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    this.socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      this.waiters.forEach((wake) => wake());
    });
    this.closed = new Promise((resolve) => this.socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.closed.then(() => this.waiters.forEach((wake) => wake()));
  }

  async open(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  async init(token?: string): Promise<void> {
    await this.open();
    this.send({ type: 'connection_init', payload: token ? { Authorization: `Bearer ${token}` } : {} });
    await this.until((m) => m.type === 'connection_ack');
  }

  send(message: Message): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(id: string, query = SUBSCRIBE, variables: Record<string, unknown> = { id: editionId }): void {
    this.send({ type: 'subscribe', id, payload: { query, variables } });
  }

  /** The first message that matches, waiting at most `ms`; fails if the socket closes first. */
  async until(match: (message: Message) => boolean, ms = 10_000): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed before the message came: ${JSON.stringify(this.messages)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no such message within ${ms} ms: ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  /** How the socket closed, waiting at most `ms`. */
  closedWithin(ms: number): Promise<{ code: number; reason: string } | 'still open'> {
    return Promise.race([this.closed, new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms).unref())]);
  }

  close(): void {
    this.socket.terminate();
  }
}

const UPDATE = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`;

/** A committed change to the edition that every subscriber of it hears. */
async function change(token: string): Promise<void> {
  const { rows: [session] } = await t.db.query(`SELECT version, interpretation FROM session WHERE id = $1`, [sessionId]);
  const result = await t.gql(UPDATE, { input: { id: sessionId, expectedVersion: session.version, interpretation: !session.interpretation } }, { token });
  expect(result.errors).toBeUndefined();
}

const events = (c: Connection, id: string) => c.messages.filter((m) => m.id === id && m.type === 'next' && m.payload.data?.programChanged);

/** Subscribes, then makes changes until the subscription has heard one: it is live. */
async function live(c: Connection, id: string, writer: string): Promise<void> {
  c.subscribe(id);
  for (let attempt = 0; attempt < 50 && events(c, id).length === 0; attempt++) {
    await change(writer);
    await c.until((m) => m.id === id, 200).catch(() => undefined);
  }
  expect(events(c, id).length).toBeGreaterThan(0);
}

describe('WebSocket messages', () => {
  // Signed in, so that the time a 10 MB message takes to send on a busy machine is not taken for idleness.
  let token: string;
  beforeAll(async () => {
    token = await t.login('member1.jp@example.org');
  });

  it('are capped as HTTP bodies are: a 10 MB subscribe is refused and never executed', async () => {
    const c = new Connection();
    try {
      await c.init(token);
      const padding = 'x'.repeat(10 * 1024 * 1024);
      c.send({ type: 'subscribe', id: 'big', payload: { query: `query ($p: String!) { __type(name: $p) { name } }`, variables: { p: padding } } });
      const closed = await c.closedWithin(10_000);
      expect(closed).toEqual(expect.objectContaining({ code: 1009 }));
      expect(c.messages.map((m) => m.type)).toEqual(['connection_ack']);
      expect(logLines.join('\n')).not.toContain('Internal error');
    } finally {
      c.close();
    }
  });

  it('a message under the cap is answered', async () => {
    const c = new Connection();
    try {
      await c.init(token);
      c.send({ type: 'subscribe', id: 'small', payload: { query: `query ($p: String!) { __type(name: $p) { name } editions { number } }`, variables: { p: 'x'.repeat(100_000) } } });
      const answer = await c.until((m) => m.id === 'small' && m.type === 'next');
      expect(answer.payload.data.editions.length).toBeGreaterThan(0);
    } finally {
      c.close();
    }
  });
});

describe('idle connections', () => {
  it('that never send connection_init are closed within seconds', async () => {
    const c = new Connection();
    await c.open();
    expect(await c.closedWithin(10_000)).toEqual(expect.objectContaining({ code: 4408 }));
  });

  it('that stay anonymous with nothing running are closed within seconds', async () => {
    const c = new Connection();
    try {
      await c.init();
      expect(await c.closedWithin(10_000)).toEqual(expect.objectContaining({ code: 4408 }));
    } finally {
      c.close();
    }
  });

  it('that are signed in stay open', async () => {
    const token = await t.login('member2.fr@example.org');
    const c = new Connection();
    try {
      await c.init(token);
      // Three times the anonymous limit.
      expect(await c.closedWithin(LIMITS.wsSignInSeconds * 3000)).toBe('still open');
    } finally {
      c.close();
    }
  });
});

describe('subscriptions of one caller', () => {
  it('are capped per connection: one more is refused with TOO_MANY_REQUESTS, and a finished one frees its place', async () => {
    const token = await t.login('rep.aix@example.org');
    const c = new Connection();
    try {
      await c.init(token);
      for (let i = 0; i < LIMITS.wsSubscriptionsPerConnection; i++) c.subscribe(`s${i}`);
      c.subscribe('over');
      const refused = await c.until((m) => m.id === 'over');
      expect(refused.type).toBe('error');
      expect(refused.payload[0].extensions).toEqual(expect.objectContaining({ code: 'TOO_MANY_REQUESTS', reason: 'subscriptionsPerConnection', limit: 3 }));
      // The first three are live: a change reaches each.
      const writer = await t.login('member1.fr@example.org');
      await change(writer);
      for (let i = 0; i < LIMITS.wsSubscriptionsPerConnection; i++) await c.until((m) => m.id === `s${i}` && m.type === 'next');
      c.send({ type: 'complete', id: 's0' });
      await live(c, 'again', writer);
    } finally {
      c.close();
    }
  });

  it('are capped in connections per token: one more is closed with a reason', async () => {
    const token = await t.login('rep.shizuoka@example.org');
    const open = Array.from({ length: LIMITS.wsConnectionsPerToken }, () => new Connection());
    const extra = new Connection();
    try {
      for (const c of open) await c.init(token);
      await extra.open();
      extra.send({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } });
      expect(await extra.closedWithin(10_000)).toEqual({ code: 4429, reason: 'Too many connections for this token' });
      // A freed place is taken again.
      open[0].close();
      await open[0].closed;
      const again = new Connection();
      await again.init(token);
      again.close();
    } finally {
      [...open, extra].forEach((c) => c.close());
    }
  });
});

describe('a revoked token', () => {
  for (const how of ['logout', 'revokeToken'] as const) {
    it(`(${how}) ends its live subscriptions within a second on every instance; a new subscribe gets UNAUTHENTICATED`, async () => {
      const other = await t.startAnotherInstance({ config: LIMITS });
      const writer = await t.login('member1.fr@example.org');
      const token = await t.login('member3.jp@example.org');
      const here = new Connection();
      const there = new Connection(other);
      try {
        await here.init(token);
        await there.init(token);
        await live(here, 'a', writer);
        await live(there, 'b', writer);
        const lines = logLines.length;
        if (how === 'logout') {
          expect((await t.gql(`mutation { logout }`, {}, { token })).data).toEqual({ logout: true });
        } else {
          const other = await t.login('member3.jp@example.org');
          const { data } = await t.gql(`{ viewer { tokens { id current } } }`, {}, { token });
          const id = data.viewer.tokens.find((x: any) => x.current).id;
          expect((await t.gql(`mutation ($id: ID!) { revokeToken(id: $id) }`, { id }, { token: other })).data).toEqual({ revokeToken: id });
        }
        const ended = (m: Message) => m.type === 'error' || m.type === 'complete' || (m.type === 'next' && !!m.payload.errors);
        const endHere = await here.until((m) => m.id === 'a' && ended(m), 1000);
        const endThere = await there.until((m) => m.id === 'b' && ended(m), 1000);
        for (const end of [endHere, endThere]) expect(JSON.stringify(end.payload)).toContain('UNAUTHENTICATED');
        // Nothing more after the end.
        const heard = [events(here, 'a').length, events(there, 'b').length];
        await change(writer);
        here.subscribe('c');
        const refused = await here.until((m) => m.id === 'c');
        expect(refused.type).toBe('error');
        expect(refused.payload[0].extensions.code).toBe('UNAUTHENTICATED');
        expect(await here.closedWithin(100)).toBe('still open');
        // The change made after the revocation reached neither (the subscribe above came after it, on the same socket).
        expect([events(here, 'a').length, events(there, 'b').length]).toEqual(heard);
        expect(logLines.slice(lines).join('\n')).not.toMatch(/"level":50|stack/);
      } finally {
        here.close();
        there.close();
        await other.close();
      }
    });
  }

  it('(all of a person\'s, as a password change or a deactivation does) ends the subscriptions of each but the one kept', async () => {
    const writer = await t.login('member1.fr@example.org');
    const [kept, first, second] = [await t.login('member2.jp@example.org'), await t.login('member2.jp@example.org'), await t.login('member2.jp@example.org')];
    const connections: Connection[] = [];
    try {
      for (const [i, token] of [kept, first, second].entries()) {
        // Each opened when it signs in: an idle one would be closed (wsSignInSeconds).
        connections.push(new Connection());
        await connections[i].init(token);
        await live(connections[i], `k${i}`, writer);
      }
      const { data } = await t.gql(`{ viewer { tokens { id current } } }`, {}, { token: kept });
      const keptId = data.viewer.tokens.find((x: any) => x.current).id;
      const { rows: [person] } = await t.db.query(`SELECT person_id FROM auth_token WHERE id = $1`, [keptId]);
      expect(await revokeAllTokensOf(t.app.dataSource()!.manager, person.person_id, new Date(), keptId)).toBeGreaterThanOrEqual(2);
      const ends = await Promise.all([1, 2].map((i) => connections[i].until((m) => m.id === `k${i}` && m.type === 'error', 1000)));
      for (const end of ends) expect(end.payload[0].extensions.code).toBe('UNAUTHENTICATED');
      const heard = events(connections[0], 'k0').length;
      await change(writer);
      await connections[0].until(() => events(connections[0], 'k0').length > heard);
      expect((await t.gql(`{ viewer { person { id } } }`, {}, { token: first })).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    } finally {
      connections.forEach((c) => c.close());
    }
  });
});
