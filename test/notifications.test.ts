import { createClient, Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { codes, startTestApp, TestApp } from './helpers/app';

// People are told: a vote opens, closes by itself at its deadline (even with two instances and nobody
// reading), each committee member hears of it once, in their own language, listed newest first,
// pushed to them only; they mark notifications read and mute kinds they do not want.

let t: TestApp;
const token: Record<string, string> = {};
let edition: { id: string };
const clients: WsClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ demo: true, config: { publicUrl: 'https://programme.example.org' } });
  for (const who of ['admin', 'president.fr', 'member1.fr', 'member2.fr', 'member1.jp', 'president.jp', 'rep.aix']) {
    token[who] = await t.login(`${who}@example.org`);
  }
  edition = (await t.gql(`{ edition(number: 8) { id } }`)).data.edition;
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await t?.close();
});

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, as?: string): Promise<T> {
  const result = await t.gql<T>(query, variables, { token: as });
  if (result.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

/** Waits for `check` to hold, looking every 100 ms, for at most `ms`. */
async function until<T>(check: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every job of the queue has ended: what the notifications tables hold is final. */
const queueIdle = () =>
  until(async () => Number((await t.db.query(`SELECT count(*) FROM pgboss.job WHERE state < 'completed'  AND start_after <= now()`)).rows[0].count) === 0);

const propose = async (fr: string) =>
  (await ok(`mutation ($i: ProposeThemeInput!) { proposeTheme(input: $i) { id } }`, { i: { editionId: edition.id, title: { fr, ja: `${fr}（例）` } } }, token['president.fr'])).proposeTheme.id as string;
const openVote = (id: string, closesAt?: Date) =>
  ok(`mutation ($id: ID!, $c: DateTime) { openThemeVote(themeId: $id, closesAt: $c) { id } }`, { id, c: closesAt?.toISOString() }, token.admin);

const MINE = `query ($u: Boolean, $l: Int) { myNotifications(unreadOnly: $u, limit: $l) { id kind subject body entityType entityId createdAt readAt emailedAt edition { number } } }`;
const mine = async (who: string, unreadOnly = false) => (await ok(MINE, { u: unreadOnly, l: 50 }, token[who])).myNotifications as any[];

/** A subscription of `who` to their notifications, over WebSocket to `url`. */
function listen(who: string, url = t.url) {
  const received: any[] = [];
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token[who]}` } });
  clients.push(client);
  client.subscribe(
    { query: `subscription { notificationAdded { id kind subject entityId } }` },
    { next: (message) => received.push((message.data as any)?.notificationAdded ?? message), error: (error) => received.push({ error }), complete: () => undefined },
  );
  return received;
}

/** The clock of the service ticks from the test's date on, as a real one would. */
function tickingClock() {
  const start = t.clock.now.getTime();
  const realStart = Date.now();
  Object.defineProperty(t.clock, 'now', { configurable: true, get: () => new Date(start + Date.now() - realStart), set: () => undefined });
}

describe('a vote with a deadline, two instances running and nobody reading', () => {
  it('closes by itself within seconds: decided, audited, announced, and each committee member told once in their language', async () => {
    const other = await t.startAnotherInstance();
    const frMember = listen('member1.fr', `${other.origin}/graphql`);
    const jpMember = listen('member1.jp');
    const authority = listen('rep.aix', `${other.origin}/graphql`);
    const changes: any[] = [];
    const changesClient = createClient({ url: `${other.origin}/graphql`.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token['president.jp']}` } });
    clients.push(changesClient);
    changesClient.subscribe(
      { query: `subscription ($e: ID!) { programChanged(editionId: $e) { action entityType entityId changes actor { id } } }`, variables: { e: edition.id } },
      { next: (m) => changes.push((m.data as any).programChanged), error: (e) => changes.push({ error: e }), complete: () => undefined },
    );
    // The subscriptions are live once they hear of something: open votes without a deadline until they do.
    await until(async () => {
      await openVote(await propose(`Sonde ${Date.now()}`));
      return frMember.length > 0 && jpMember.length > 0 && changes.length > 0;
    });
    await queueIdle();
    frMember.length = 0;
    jpMember.length = 0;
    changes.length = 0;

    tickingClock();
    const themeId = await propose('Échéance automatique');
    const closesAt = new Date(t.clock.now.getTime() + 3_000);
    await openVote(themeId, closesAt);
    await ok(`mutation ($i: CastBallotInput!) { castBallot(input: $i) { id } }`, { i: { themeId, choice: 'FOR' } }, token['member1.fr']);

    const closed = await until(() => frMember.find((n) => n.kind === 'VOTE_CLOSED' && n.entityId === themeId));
    expect(closed.subject).toBe('Vote clos : Échéance automatique (rejeté)');
    expect((await until(() => jpMember.find((n) => n.kind === 'VOTE_CLOSED' && n.entityId === themeId))).subject).toBe('投票終了：Échéance automatique（例）（否決）');
    // No other committee reached quorum: REJECTED, decided at the deadline, by nobody.
    const { rows: [theme] } = await t.db.query(`SELECT status, decided_at FROM theme WHERE id = $1`, [themeId]);
    expect(theme).toEqual({ status: 'REJECTED', decided_at: closesAt });
    const decided = await until(() => changes.find((c) => c.entityId === themeId && c.changes?.status?.from === 'VOTING'));
    expect(decided).toMatchObject({ action: 'UPDATE', entityType: 'Theme', actor: null, changes: { status: { from: 'VOTING', to: 'REJECTED' } } });

    await queueIdle();
    const { rows: told } = await t.db.query(
      `SELECT p.email, count(*)::int AS n FROM notification n JOIN person p ON p.id = n.person_id
        WHERE n.kind = 'VOTE_CLOSED' AND n.entity_id = $1 GROUP BY p.email ORDER BY p.email`,
      [themeId],
    );
    const { rows: seats } = await t.db.query(
      `SELECT DISTINCT p.email FROM committee_member m JOIN committee c ON c.id = m.committee_id JOIN person p ON p.id = m.person_id
        WHERE c.edition_id = $1 ORDER BY p.email`,
      [edition.id],
    );
    expect(told).toEqual(seats.map((s) => ({ email: s.email, n: 1 })));
    // Pushed to its recipient only: the authority, on the same instance, heard nothing.
    expect(authority).toEqual([]);
    expect(frMember.filter((n) => n.kind === 'VOTE_CLOSED')).toHaveLength(1);

    // Listed for the member, newest first, with the facts: which theme, when on the edition's clock, a link.
    const [latest] = await mine('member1.fr');
    expect(latest).toMatchObject({ kind: 'VOTE_CLOSED', entityType: 'Theme', entityId: themeId, edition: { number: 8 }, readAt: null, emailedAt: null });
    expect(latest.body).toBe(
      `Le vote sur le thème « Échéance automatique » (${(await t.db.query(`SELECT title->>'fr' AS fr FROM edition WHERE id = $1`, [edition.id])).rows[0].fr}) a été clos ` +
        `le 1 juin 2024 à 9 h 00, heure normale du Japon : le thème est rejeté.\n\nhttps://programme.example.org/graphql`,
    );
  }, 90_000);
});

describe('what a person reads and sets', () => {
  it('lists newest first, marks read one or all, and only the caller\'s own', async () => {
    const before = await mine('member2.fr');
    expect(before.length).toBeGreaterThan(1);
    const times = before.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await ok(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [before[0].id] }, token['member2.fr'])).toEqual({ markNotificationsRead: 1 });
    // Another person's notification is not theirs to mark.
    expect(await ok(`mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [before[1].id] }, token['member1.fr'])).toEqual({ markNotificationsRead: 0 });
    expect((await mine('member2.fr', true)).map((n) => n.id)).toEqual(before.slice(1).map((n) => n.id));
    expect(await ok(`mutation { markNotificationsRead }`, {}, token['member2.fr'])).toEqual({ markNotificationsRead: before.length - 1 });
    expect(await mine('member2.fr', true)).toEqual([]);

    const anonymous = await t.gql(MINE, {});
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const bad = await t.gql(`mutation { markNotificationsRead(ids: ["nope"]) }`, {}, { token: token['member2.fr'] });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  });

  it('mutes the kinds a person does not want: neither listed nor pushed', async () => {
    const SETTINGS = `mutation ($i: NotificationSettingsInput!) { updateNotificationSettings(input: $i) { email muted } }`;
    expect(await ok(`{ myNotificationSettings { email muted } }`, {}, token['member2.fr'])).toEqual({ myNotificationSettings: { email: true, muted: [] } });
    expect(await ok(SETTINGS, { i: { muted: ['VOTE_OPENED'] } }, token['member2.fr'])).toEqual({ updateNotificationSettings: { email: true, muted: ['VOTE_OPENED'] } });
    expect(await ok(SETTINGS, { i: { email: false } }, token['member2.fr'])).toEqual({ updateNotificationSettings: { email: false, muted: ['VOTE_OPENED'] } });

    const themeId = await propose('Thème muet');
    await openVote(themeId);
    await queueIdle();
    const opened = async (who: string) => (await mine(who)).filter((n) => n.kind === 'VOTE_OPENED' && n.entityId === themeId);
    expect(await opened('member1.fr')).toHaveLength(1);
    expect(await opened('member2.fr')).toEqual([]);
  });
});
