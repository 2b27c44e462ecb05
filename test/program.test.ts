import { codes, startTestApp, TestApp } from './helpers/app';
import { newPerson, seat } from './helpers/people';
import { programFeed, wsClient } from './helpers/subscriptions';

let t: TestApp;
let admin: string;
let president: string;
let member: string;
let localAuthority: string;
let eighth: { id: string; rooms: Array<{ id: string }>; themes: Array<{ id: string }> };
let seventhRoomId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  [admin, president, member, localAuthority] = await Promise.all([
    t.login('admin@example.org'),
    t.login('president.jp@example.org'),
    t.login('member2.fr@example.org'),
    t.login('rep.aix@example.org'),
  ]);
  const { rows: [edition] } = await t.db.query(`SELECT id FROM edition WHERE number = 8`);
  const { rows: rooms } = await t.db.query(`SELECT id FROM room WHERE edition_id = $1 ORDER BY capacity DESC`, [edition.id]);
  const { rows: themes } = await t.db.query(`SELECT id FROM theme WHERE edition_id = $1 ORDER BY status, id`, [edition.id]);
  eighth = { id: edition.id, rooms, themes };
  const seventh = await t.gql(`{ edition(number: 7) { id } }`);
  const room = await t.gql(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Amphithéâtre", ja: "講堂" } }) { id } }`, { id: seventh.data.edition.id }, { token: admin });
  seventhRoomId = room.data.createRoom.id;
});
afterAll(() => t?.close());

const CREATE_SESSION = `mutation ($input: CreateSessionInput!) {
  createSession(input: $input) { id kind version title { fr ja } startsAt endsAt interpretation room { id } speakers { displayName } themes { id } updatedBy { displayName } } }`;
const UPDATE_SESSION = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { id version title { fr ja } speakers { displayName } } }`;
const CREATE_WORKSHOP = `mutation ($input: CreateWorkshopInput!) {
  createWorkshop(input: $input) { id version title { fr } session { id } moderators { displayName } speakers { displayName } localAuthorities { name { fr } } themes { id } } }`;

async function personId(email: string): Promise<string> {
  const { rows } = await t.db.query(`SELECT id FROM person WHERE email = $1`, [email]);
  return rows[0].id;
}

async function counts() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM session) AS sessions, (SELECT count(*) FROM workshop) AS workshops,
           (SELECT count(*) FROM session_speaker) + (SELECT count(*) FROM session_theme) + (SELECT count(*) FROM workshop_speaker)
             + (SELECT count(*) FROM workshop_moderator) + (SELECT count(*) FROM workshop_theme) + (SELECT count(*) FROM workshop_local_authority) AS links,
           (SELECT count(*) FROM change_event) AS events,
           (SELECT sum(version) FROM session) AS session_versions`);
  return rows[0];
}

const newSession = (over: Record<string, unknown> = {}) => ({
  editionId: eighth.id,
  kind: 'PLENARY',
  title: { fr: 'Table ronde : les jumelages', ja: 'パネル討論：姉妹都市' },
  startsAt: '2024-11-21T13:00:00+09:00',
  endsAt: '2024-11-21T14:00:00+09:00',
  ...over,
});

describe('reading the draft programme', () => {
  it('is refused to anonymous readers, and open to local authorities and committee members', async () => {
    const query = `{ edition(number: 8) { number sessions { id } } }`;
    const anonymous = await t.gql(query);
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    for (const token of [localAuthority, member]) {
      const result = await t.gql(query, {}, { token });
      expect(result.errors).toBeUndefined();
      expect(result.data.edition.sessions.length).toBeGreaterThanOrEqual(10);
    }
    expect(codes(await t.gql(`{ session(id: "${eighth.rooms[0].id}") { id } }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('orders sessions by start and groups them by day in the edition’s time zone', async () => {
    // 08:30 in Tokyo on the 21st is still the 20th in UTC: it belongs to the 21st.
    const early = await t.gql(CREATE_SESSION, { input: newSession({ kind: 'OTHER', title: { fr: 'Accueil café', ja: 'ウェルカムコーヒー' }, startsAt: '2024-11-21T08:30:00+09:00', endsAt: '2024-11-21T09:00:00+09:00' }) }, { token: member });
    expect(early.errors).toBeUndefined();
    const { data } = await t.gql(`{ edition(number: 8) { days { date sessions { id startsAt } } } }`, {}, { token: member });
    expect(data.edition.days.map((d: any) => d.date)).toEqual(['2024-11-18', '2024-11-19', '2024-11-20', '2024-11-21']);
    const last = data.edition.days[3].sessions;
    expect(last[0].id).toBe(early.data.createSession.id);
    const starts = data.edition.days.flatMap((d: any) => d.sessions.map((s: any) => s.startsAt));
    expect([...starts].sort()).toEqual(starts);
  });
});

describe('editing sessions', () => {
  it('lets a committee member create a session with its speakers and themes, recorded in the trail', async () => {
    const speakers = [await personId('speaker.kyoto@example.org'), await personId('speaker.nancy@example.org')];
    const result = await t.gql(CREATE_SESSION, {
      input: newSession({ roomId: eighth.rooms[0].id, speakerIds: speakers, themeIds: [eighth.themes[0].id], interpretation: true, title: { fr: '  Table ronde  ', ja: '円卓会議' } }),
    }, { token: member });
    expect(result.errors).toBeUndefined();
    const session = result.data.createSession;
    expect(session).toMatchObject({
      kind: 'PLENARY', version: 1, title: { fr: 'Table ronde', ja: '円卓会議' }, interpretation: true,
      room: { id: eighth.rooms[0].id }, speakers: [{ displayName: '中村 亮 [例]' }, { displayName: 'Hélène Girard [exemple]' }],
      themes: [{ id: eighth.themes[0].id }], updatedBy: { displayName: 'Julien Moreau [exemple]' },
    });
    const { rows } = await t.db.query(`SELECT action, entity_type, changes, actor_id FROM change_event WHERE entity_id = $1`, [session.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'CREATE', entity_type: 'Session', actor_id: await personId('member2.fr@example.org') });
    expect(rows[0].changes.speakerIds).toEqual({ from: null, to: speakers });
  });

  it('refuses anonymous callers, local authorities and members of another edition, changing nothing', async () => {
    const outsider = await newPerson(t, admin, { signIn: true });
    const { data } = await t.gql(`{ edition(number: 7) { committees { id } } }`);
    await seat(t, admin, data.edition.committees[0].id, outsider.id, 'PRESIDENT');
    const seventhOnly = outsider.token;
    const before = await counts();
    expect(codes(await t.gql(CREATE_SESSION, { input: newSession() }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(CREATE_SESSION, { input: newSession() }, { token: localAuthority }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CREATE_SESSION, { input: newSession() }, { token: seventhOnly }))).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });

  it('updates with the current version, replacing the lists given, and refuses a stale one with CONFLICT', async () => {
    const created = (await t.gql(CREATE_SESSION, { input: newSession() }, { token: member })).data.createSession;
    const speaker = await personId('speaker.cvl@example.org');
    const updated = await t.gql(UPDATE_SESSION, { input: { id: created.id, expectedVersion: 1, title: { fr: 'Table ronde des jumelages', ja: 'パネル討論：姉妹都市' }, speakerIds: [speaker] } }, { token: president });
    expect(updated.data.updateSession).toMatchObject({ version: 2, title: { fr: 'Table ronde des jumelages' }, speakers: [{ displayName: 'Thomas Roux [exemple]' }] });
    const stale = await t.gql(UPDATE_SESSION, { input: { id: created.id, expectedVersion: 1, interpretation: true } }, { token: member });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(2);
    const { rows } = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 AND action = 'UPDATE'`, [created.id]);
    expect(rows).toEqual([{ changes: {
      // Only the language that changed: the Japanese title was given again, unchanged.
      title: { from: { fr: 'Table ronde : les jumelages' }, to: { fr: 'Table ronde des jumelages' } },
      speakerIds: { from: [], to: [speaker] },
    } }]);
  });

  it('lets exactly one of 24 parallel updates quoting the same version through; the others get CONFLICT', async () => {
    const created = (await t.gql(CREATE_SESSION, { input: newSession() }, { token: member })).data.createSession;
    const tokens = [member, president, admin];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        t.gql(UPDATE_SESSION, { input: { id: created.id, expectedVersion: 1, title: { fr: `Version ${i}`, ja: `版 ${i}` } } }, { token: tokens[i % 3] }),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => codes(r)[0])).toEqual(Array(23).fill('CONFLICT'));
    for (const loser of results.filter((r) => r.errors)) expect(loser.errors![0].extensions!.currentVersion).toBe(2);
    const { rows } = await t.db.query(`SELECT version, title FROM session WHERE id = $1`, [created.id]);
    expect(rows[0].version).toBe(2);
    expect(rows[0].title).toEqual(winners[0].data.updateSession.title);
    const events = await t.db.query(`SELECT count(*)::int AS n FROM change_event WHERE entity_id = $1 AND action = 'UPDATE'`, [created.id]);
    expect(events.rows[0].n).toBe(1);
  });

  it('deletes a session with its workshops, quoting its version', async () => {
    const session = (await t.gql(CREATE_SESSION, { input: newSession({ kind: 'WORKSHOPS' }) }, { token: member })).data.createSession;
    const workshop = (await t.gql(CREATE_WORKSHOP, { input: { sessionId: session.id, title: { fr: 'Atelier éphémère', ja: '臨時分科会' } } }, { token: member })).data.createWorkshop;
    expect(codes(await t.gql(`mutation ($id: ID!) { deleteSession(id: $id, expectedVersion: 7) }`, { id: session.id }, { token: member }))).toEqual(['CONFLICT']);
    const deleted = await t.gql(`mutation ($id: ID!) { deleteSession(id: $id, expectedVersion: 1) }`, { id: session.id }, { token: member });
    expect(deleted.data.deleteSession).toBe(session.id);
    expect((await t.gql(`query ($id: ID!) { workshop(id: $id) { id } }`, { id: workshop.id }, { token: member })).data.workshop).toBeNull();
    const { rows } = await t.db.query(`SELECT entity_type FROM change_event WHERE action = 'DELETE' AND entity_id = ANY($1) ORDER BY id`, [[session.id, workshop.id]]);
    expect(rows.map((r) => r.entity_type)).toEqual(['Workshop', 'Session']);
  });
});

describe('editing workshops', () => {
  let workshopsSession: string;
  beforeAll(async () => {
    workshopsSession = (await t.gql(CREATE_SESSION, { input: newSession({ kind: 'WORKSHOPS', title: { fr: 'Ateliers (3)', ja: '分科会（3）' } }) }, { token: member })).data.createSession.id;
  });

  it('creates workshops in order, with moderators, speakers, presenting authorities and themes', async () => {
    const { rows: [aix] } = await t.db.query(`SELECT id FROM local_authority WHERE name->>'fr' = 'Aix-en-Provence'`);
    const first = await t.gql(CREATE_WORKSHOP, { input: {
      sessionId: workshopsSession, title: { fr: 'Coopération culturelle', ja: '文化協力' }, roomId: eighth.rooms[1].id,
      moderatorIds: [await personId('member1.jp@example.org')], speakerIds: [await personId('speaker.kanazawa@example.org')],
      localAuthorityIds: [aix.id], themeIds: [eighth.themes[1].id],
    } }, { token: president });
    expect(first.errors).toBeUndefined();
    expect(first.data.createWorkshop).toMatchObject({
      version: 1, session: { id: workshopsSession }, moderators: [{ displayName: '佐藤 美咲 [例]' }],
      speakers: [{ displayName: '林 直子 [例]' }], localAuthorities: [{ name: { fr: 'Aix-en-Provence' } }], themes: [{ id: eighth.themes[1].id }],
    });
    await t.gql(CREATE_WORKSHOP, { input: { sessionId: workshopsSession, title: { fr: 'Mobilités douces', ja: 'ソフトモビリティ' } } }, { token: president });
    const { data } = await t.gql(`query ($id: ID!) { session(id: $id) { workshops { title { fr } } } }`, { id: workshopsSession }, { token: member });
    expect(data.session.workshops.map((w: any) => w.title.fr)).toEqual(['Coopération culturelle', 'Mobilités douces']);
  });

  it('moves a workshop to another WORKSHOPS session and refuses to move it into a plenary', async () => {
    const workshop = (await t.gql(CREATE_WORKSHOP, { input: { sessionId: workshopsSession, title: { fr: 'Atelier mobile', ja: '移動分科会' } } }, { token: member })).data.createWorkshop;
    const other = (await t.gql(CREATE_SESSION, { input: newSession({ kind: 'WORKSHOPS', startsAt: '2024-11-21T15:00:00+09:00', endsAt: '2024-11-21T16:00:00+09:00' }) }, { token: member })).data.createSession;
    const plenary = (await t.gql(CREATE_SESSION, { input: newSession() }, { token: member })).data.createSession;
    const update = `mutation ($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { version session { id } } }`;
    const refused = await t.gql(update, { input: { id: workshop.id, expectedVersion: 1, sessionId: plenary.id } }, { token: member });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    const moved = await t.gql(update, { input: { id: workshop.id, expectedVersion: 1, sessionId: other.id } }, { token: member });
    expect(moved.data.updateWorkshop).toEqual({ version: 2, session: { id: other.id } });
    expect(codes(await t.gql(`mutation ($id: ID!) { deleteWorkshop(id: $id, expectedVersion: 1) }`, { id: workshop.id }, { token: member }))).toEqual(['CONFLICT']);
    expect((await t.gql(`mutation ($id: ID!) { deleteWorkshop(id: $id, expectedVersion: 2) }`, { id: workshop.id }, { token: member })).data.deleteWorkshop).toBe(workshop.id);
  });
});

describe('bad input changes nothing and says what is wrong', () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  const cases: Array<[string, () => [string, Record<string, unknown>], string, string[] | null]> = [
    ['a session ending before it starts', () => [CREATE_SESSION, { input: newSession({ endsAt: '2024-11-21T12:00:00+09:00' }) }], 'BAD_USER_INPUT', ['input.endsAt']],
    ['a session in an unknown edition', () => [CREATE_SESSION, { input: newSession({ editionId: missing }) }], 'NOT_FOUND', null],
    ['an unknown room', () => [CREATE_SESSION, { input: newSession({ roomId: missing }) }], 'NOT_FOUND', null],
    ['an unknown speaker', () => [CREATE_SESSION, { input: newSession({ speakerIds: [missing] }) }], 'NOT_FOUND', null],
    ['a speaker listed twice', () => [CREATE_SESSION, { input: newSession({ speakerIds: [eighthSpeaker, eighthSpeaker] }) }], 'BAD_USER_INPUT', ['input.speakerIds']],
    ['a room of another edition', () => [CREATE_SESSION, { input: newSession({ roomId: seventhRoomId }) }], 'BAD_USER_INPUT', ['input.roomId']],
    ['a title over 300 characters', () => [CREATE_SESSION, { input: newSession({ title: { fr: 'é'.repeat(301), ja: '題' } }) }], 'BAD_USER_INPUT', ['input.title']],
    ['a description over 10,000 characters', () => [CREATE_SESSION, { input: newSession({ description: { ja: 'あ'.repeat(10_001) } }) }], 'BAD_USER_INPUT', ['input.description']],
    ['a title without French or Japanese', () => [CREATE_SESSION, { input: newSession({ title: { en: 'Round table' } }) }], 'BAD_USER_INPUT', ['input.title']],
    ['a workshop in a plenary session', () => [CREATE_WORKSHOP, { input: { sessionId: plenaryId, title: { fr: 'Atelier' } } }], 'BAD_USER_INPUT', ['input.sessionId']],
    ['a workshop in an unknown session', () => [CREATE_WORKSHOP, { input: { sessionId: missing, title: { fr: 'Atelier' } } }], 'NOT_FOUND', null],
    ['a workshop in a room of another edition', () => [CREATE_WORKSHOP, { input: { sessionId: workshopsId, title: { fr: 'Atelier' }, roomId: seventhRoomId } }], 'BAD_USER_INPUT', ['input.roomId']],
    ['an update ending before it starts', () => [UPDATE_SESSION, { input: { id: plenaryId, expectedVersion: 1, endsAt: '2024-11-18T00:00:00+09:00' } }], 'BAD_USER_INPUT', ['input.endsAt']],
    ['a plenary holding workshops turned into a plenary', () => [UPDATE_SESSION, { input: { id: workshopsId, expectedVersion: 1, kind: 'PLENARY' } }], 'BAD_USER_INPUT', ['input.kind']],
  ];
  let plenaryId: string;
  let workshopsId: string;
  let eighthSpeaker: string;
  beforeAll(async () => {
    const { rows } = await t.db.query(`SELECT id, kind FROM session WHERE edition_id = $1 AND version = 1 AND kind IN ('PLENARY', 'WORKSHOPS')
      AND (kind = 'PLENARY' OR EXISTS (SELECT 1 FROM workshop w WHERE w.session_id = session.id)) ORDER BY starts_at`, [eighth.id]);
    plenaryId = rows.find((r) => r.kind === 'PLENARY').id;
    workshopsId = rows.find((r) => r.kind === 'WORKSHOPS').id;
    eighthSpeaker = await personId('speaker.kyoto@example.org');
  });

  it.each(cases)('%s', async (_name, call, code, fields) => {
    const before = await counts();
    const [query, variables] = call();
    const result = await t.gql(query, variables, { token: member });
    expect(codes(result)).toEqual([code]);
    if (fields) expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toEqual(fields);
    expect(await counts()).toEqual(before);
  });
});

describe('programme issues', () => {
  it('reports double bookings, dates outside the edition, missing translations and themes not adopted, in three languages', async () => {
    const speaker = await personId('speaker.shizuoka@example.org');
    const slot = { startsAt: '2024-11-18T10:00:00+09:00', endsAt: '2024-11-18T11:00:00+09:00' };
    const a = (await t.gql(CREATE_SESSION, { input: newSession({ ...slot, roomId: eighth.rooms[2].id, speakerIds: [speaker], title: { fr: 'Conférence A' } }) }, { token: member })).data.createSession;
    const b = (await t.gql(CREATE_SESSION, { input: newSession({ ...slot, roomId: eighth.rooms[2].id, speakerIds: [speaker], title: { fr: 'Conférence B', ja: '講演B' } }) }, { token: member })).data.createSession;
    const outside = (await t.gql(CREATE_SESSION, { input: newSession({ startsAt: '2024-11-25T10:00:00+09:00', endsAt: '2024-11-25T11:00:00+09:00', title: { fr: 'Excursion', ja: '遠足' } }) }, { token: member })).data.createSession;
    const { data } = await t.gql(`{ edition(number: 8) { programIssues { kind message { fr ja en } sessionIds workshopIds } } }`, {}, { token: localAuthority });
    const issues = data.edition.programIssues;
    const of = (kind: string, id: string) => issues.filter((i: any) => i.kind === kind && i.sessionIds.includes(id));
    expect(of('ROOM_DOUBLE_BOOKED', a.id)[0].sessionIds.sort()).toEqual([a.id, b.id].sort());
    expect(of('PERSON_DOUBLE_BOOKED', a.id)[0].message.fr).toContain('静岡市長 [例]');
    expect(of('OUTSIDE_EDITION_DATES', outside.id)).toHaveLength(1);
    expect(of('MISSING_TRANSLATION', a.id)[0].message).toMatchObject({ en: expect.stringContaining('Japanese'), ja: expect.stringContaining('日本語') });
    expect(of('MISSING_TRANSLATION', b.id)).toHaveLength(0);
    const notAdopted = issues.filter((i: any) => i.kind === 'THEME_NOT_ADOPTED');
    expect(notAdopted.length).toBeGreaterThanOrEqual(2);
    expect(notAdopted.every((i: any) => i.workshopIds.length + i.sessionIds.length > 0 && i.message.ja && i.message.fr && i.message.en)).toBe(true);
    // Parallel workshops of the demo in distinct rooms with distinct people: no clash among them.
    expect(issues.filter((i: any) => i.kind === 'ROOM_DOUBLE_BOOKED' && i.workshopIds.length)).toEqual([]);
  });
});

describe('the audit trail', () => {
  const HISTORY = `query ($limit: Int, $before: ID) { edition(number: 8) { history(limit: $limit, before: $before) { id action entityType entityId actor { displayName } at changes } } }`;
  const historyOf = async (variables: { limit?: number; before?: string | null }) => (await t.ok(HISTORY, variables, { token: member })).edition.history as Array<{ id: string }>;

  it('pages the edition’s history, newest first: the pages walked with `before` are the trail, with no gap and no repeat', async () => {
    const trailOf = async () => (await t.db.query(`SELECT id::text AS text FROM change_event WHERE edition_id = $1 ORDER BY id DESC`, [eighth.id])).rows.map((row) => row.text as string);
    // More events than the default page of 50 holds, and few enough for one page of the largest size.
    for (let missing = 55 - (await trailOf()).length; missing > 0; missing--) {
      await t.ok(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle ${missing}" } }) { id } }`, { id: eighth.id }, { token: admin });
    }
    const trail = await trailOf();
    expect(trail.length).toBeGreaterThanOrEqual(55);
    expect(trail.length).toBeLessThanOrEqual(500);
    const whole = await historyOf({ limit: 500 });
    expect(whole.map((event) => event.id)).toEqual(trail);

    const pages: Array<Array<{ id: string }>> = [];
    let before: string | null = null;
    // One page more than the trail needs: a walk that does not end there has gone wrong.
    for (let n = 0; n <= Math.ceil(trail.length / 7); n++) {
      const page = await historyOf({ limit: 7, before });
      pages.push(page);
      if (page.length < 7) break;
      before = page[6].id;
    }
    expect(pages.map((page) => page.length)).toEqual([...Array(Math.floor(trail.length / 7)).fill(7), trail.length % 7]);
    expect(pages.flat()).toEqual(whole);
    // The default page is the newest 50.
    expect((await historyOf({})).map((event) => event.id)).toEqual(trail.slice(0, 50));
  });

  it('refuses a `before` that is no event id and a limit outside 1 to 500, naming the argument', async () => {
    for (const [variables, field] of [
      [{ before: 'abc' }, 'before'], [{ before: '-1' }, 'before'], [{ before: '1.5' }, 'before'], [{ before: '1'.repeat(19) }, 'before'],
      [{ limit: 0 }, 'limit'], [{ limit: 501 }, 'limit'], [{ limit: -3 }, 'limit'],
    ] as const) {
      const result = await t.gql(HISTORY, variables, { token: member });
      expect([variables, codes(result), result.errors?.[0]?.extensions?.fields?.map((f: { field: string }) => f.field)]).toEqual([variables, ['BAD_USER_INPUT'], [field]]);
    }
    // An id older than the whole trail is a page past its end.
    expect(await historyOf({ before: '1' })).toEqual([]);
  });

  it('is refused to anonymous callers', async () => {
    expect(codes(await t.gql(HISTORY, { limit: 3 }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('live changes', () => {
  it('reach a subscriber on another instance after commit, and never for a refused change', async () => {
    const other = await t.startAnotherInstance();
    const feed = await programFeed(t, {
      origin: other.origin,
      token: member,
      editionId: eighth.id,
      fields: 'action entityType entityId actor { displayName } changes',
      probe: () => t.ok(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle d’essai" } }) { id } }`, { id: eighth.id }, { token: admin }),
    });
    try {
      // A refused change first: it must not be announced.
      expect(codes(await t.gql(CREATE_SESSION, { input: newSession({ endsAt: '2024-11-21T12:00:00+09:00' }) }, { token: member }))).toEqual(['BAD_USER_INPUT']);
      const created = (await t.gql(CREATE_SESSION, { input: newSession({ title: { fr: 'En direct', ja: 'ライブ' } }) }, { token: member })).data.createSession;
      await t.gql(UPDATE_SESSION, { input: { id: created.id, expectedVersion: 1, interpretation: true } }, { token: president });
      expect(await feed.caughtUp()).toEqual([
        expect.objectContaining({ action: 'CREATE', entityType: 'Session', entityId: created.id, actor: { displayName: 'Julien Moreau [exemple]' } }),
        expect.objectContaining({ action: 'UPDATE', entityType: 'Session', entityId: created.id, changes: { interpretation: { from: false, to: true } } }),
      ]);
    } finally {
      await feed.close();
    }
  });

  it('needs the same rights as reading the draft: an anonymous subscription is refused', async () => {
    const client = wsClient(t.app.origin);
    try {
      const outcome = await new Promise<any>((resolve) => {
        client.subscribe(
          { query: `subscription ($id: ID!) { programChanged(editionId: $id) { action } }`, variables: { id: eighth.id } },
          { next: (value) => resolve(value), error: (error) => resolve({ error }), complete: () => resolve({ complete: true }) },
        );
      });
      const errors = outcome.errors ?? outcome.error;
      expect(JSON.stringify(errors)).toContain('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });

  it('refuses a connection with a bad token', async () => {
    const client = wsClient(t.app.origin, 'rfj_forged');
    try {
      const outcome = await new Promise<any>((resolve) => {
        client.subscribe(
          { query: `subscription ($id: ID!) { programChanged(editionId: $id) { action } }`, variables: { id: eighth.id } },
          { next: resolve, error: resolve, complete: () => resolve('complete') },
        );
      });
      expect(outcome.code).toBe(4403);
    } finally {
      await client.dispose();
    }
  });
});
