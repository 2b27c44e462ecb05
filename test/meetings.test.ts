import { codes, startTestApp, TestApp } from './helpers/app';
import { newPerson, seat } from './helpers/people';

// The story of issue 5, third part: the committees hold steering meetings with an agenda (ordre du
// jour), such as the French committee's first meeting of 18 September 2023 at the Cité des Sciences.

let t: TestApp;
const token: Record<string, string> = {};
let eighthId: string;
const committee: Record<string, string> = {};
let demoMeetingId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'president.fr', 'president.jp', 'member1.fr', 'rep.aix']) token[who] = await t.login(`${who}@example.org`);
  const { data } = await t.gql(`{ editions { id number committees { id country } } }`);
  for (const edition of data.editions) for (const c of edition.committees) committee[`${edition.number}.${c.country}`] = c.id;
  eighthId = data.editions.find((e: any) => e.number === 8).id;
  demoMeetingId = (await t.db.query(`SELECT id FROM steering_meeting`)).rows[0].id;
  // A secretariat member of the French committee.
  const secretariat = await newPerson(t, token.admin, { displayName: 'Lucie Petit [exemple]', email: 'secretariat.fr@example.org', signIn: true });
  await seat(t, token.admin, committee['8.FR'], secretariat.id, 'SECRETARIAT');
  token.secretariat = secretariat.token;
});
afterAll(() => t?.close());

/** Every meeting and agenda item as stored, and the trail's length: a refused call changes none of them. */
async function state() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM change_event) AS events,
           (SELECT string_agg(id || ':' || version || ':' || ends_at || ':' || coalesce(minutes::text, ''), ',' ORDER BY id) FROM steering_meeting) AS meetings,
           (SELECT string_agg(meeting_id || ':' || id || ':' || position || ':' || title::text || ':' || coalesce(notes::text, ''), ',' ORDER BY id) FROM agenda_item) AS items`);
  return rows[0];
}

/** The agenda as stored: French titles by position, and the positions themselves. */
async function agendaOf(meetingId: string) {
  const { rows } = await t.db.query(`SELECT id, position, title->>'fr' AS fr FROM agenda_item WHERE meeting_id = $1 ORDER BY position`, [meetingId]);
  return rows;
}

async function versionOf(meetingId: string): Promise<number> {
  return (await t.db.query(`SELECT version FROM steering_meeting WHERE id = $1`, [meetingId])).rows[0].version;
}

const MEETING_FIELDS = `id version title { fr ja } startsAt endsAt place { fr } minutes { fr } committee { country } edition { number }
  agenda { id position title { fr } notes { fr } }`;
const SCHEDULE = `mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { ${MEETING_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateMeetingInput!) { updateMeeting(input: $input) { ${MEETING_FIELDS} } }`;
const ADD = `mutation ($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { ${MEETING_FIELDS} } }`;
const UPDATE_ITEM = `mutation ($input: UpdateAgendaItemInput!) { updateAgendaItem(input: $input) { ${MEETING_FIELDS} } }`;
const REMOVE = `mutation ($id: ID!, $v: Int!) { removeAgendaItem(id: $id, expectedVersion: $v) { ${MEETING_FIELDS} } }`;
const REORDER = `mutation ($m: ID!, $v: Int!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, expectedVersion: $v, itemIds: $ids) { ${MEETING_FIELDS} } }`;

const meetingOf = (over: Record<string, unknown> = {}) => ({
  editionId: eighthId,
  title: { fr: 'Réunion conjointe des comités de pilotage', ja: '日仏合同実行委員会' },
  startsAt: '2024-02-05T09:00:00+01:00',
  endsAt: '2024-02-05T10:30:00+01:00',
  place: { fr: 'Visioconférence' },
  agenda: [{ title: { fr: 'Point sur les inscriptions', ja: '参加登録状況' } }, { title: { fr: 'Choix des thèmes' }, notes: { fr: 'Vote à préparer' } }],
  ...over,
});

describe('reading meetings', () => {
  const QUERY = `{ edition(number: 8) { meetings { ${MEETING_FIELDS} } } }`;

  it('is for signed-in users only: anonymous callers get UNAUTHENTICATED', async () => {
    const result = await t.gql(QUERY);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('shows the meeting of 18 September 2023 with its agenda in order, to local authorities as to committee members', async () => {
    for (const who of ['rep.aix', 'member1.fr']) {
      const result = await t.gql(QUERY, {}, { token: token[who] });
      expect(result.errors).toBeUndefined();
      const [meeting] = result.data.edition.meetings;
      expect(meeting).toMatchObject({
        id: demoMeetingId, startsAt: '2023-09-18T14:30:00.000Z', endsAt: '2023-09-18T16:00:00.000Z',
        place: { fr: "Cité des Sciences et de l'Industrie, Paris" }, committee: { country: 'FR' }, edition: { number: 8 }, minutes: null,
      });
      expect(meeting.agenda.map((item: any) => [item.position, item.title.fr])).toEqual([
        [1, 'Présentation de la ville-hôte, Shizuoka'],
        [2, 'Point sur le programme prévisionnel des 8es Rencontres'],
        [3, 'Suggestions des collectivités : ateliers et thématiques'],
      ]);
    }
  });
});

describe('scheduling a meeting', () => {
  it('a committee president schedules a joint meeting with its agenda, and the trail records it', async () => {
    const result = await t.gql(SCHEDULE, { input: meetingOf() }, { token: token['president.fr'] });
    expect(result.errors).toBeUndefined();
    const meeting = result.data.scheduleMeeting;
    expect(meeting).toMatchObject({ version: 1, committee: null, startsAt: '2024-02-05T08:00:00.000Z', edition: { number: 8 } });
    expect(meeting.agenda.map((item: any) => [item.position, item.title.fr, item.notes?.fr ?? null])).toEqual([
      [1, 'Point sur les inscriptions', null], [2, 'Choix des thèmes', 'Vote à préparer'],
    ]);
    const { rows } = await t.db.query(`SELECT action, edition_id, changes FROM change_event WHERE entity_id = $1`, [meeting.id]);
    expect(rows).toEqual([expect.objectContaining({ action: 'CREATE', edition_id: eighthId })]);
    expect(rows[0].changes.agenda.to.map((item: any) => item.title.fr)).toEqual(['Point sur les inscriptions', 'Choix des thèmes']);
  });

  it("so do the other committee's president (for that committee), the secretariat and admins", async () => {
    const jp = await t.gql(SCHEDULE, { input: meetingOf({ committeeId: committee['8.JP'], agenda: null }) }, { token: token['president.jp'] });
    expect(jp.data.scheduleMeeting).toMatchObject({ committee: { country: 'JP' }, agenda: [] });
    expect((await t.gql(SCHEDULE, { input: meetingOf({ committeeId: committee['8.FR'] }) }, { token: token.secretariat })).errors).toBeUndefined();
    expect((await t.gql(SCHEDULE, { input: meetingOf() }, { token: token.admin })).errors).toBeUndefined();
  });

  it('is not for members, local authorities (FORBIDDEN) nor anonymous callers (UNAUTHENTICATED)', async () => {
    const before = await state();
    expect(codes(await t.gql(SCHEDULE, { input: meetingOf() }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(SCHEDULE, { input: meetingOf() }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(SCHEDULE, { input: meetingOf() }))).toEqual(['UNAUTHENTICATED']);
    expect(await state()).toEqual(before);
  });

  // Functions: the committees' ids are known only once the app has started.
  const bad: Array<[string, () => Record<string, unknown>, string[]]> = [
    ['a meeting ending before it starts', () => ({ endsAt: '2024-02-05T08:59:00+01:00' }), ['input.endsAt']],
    ['a meeting ending as it starts', () => ({ endsAt: '2024-02-05T09:00:00+01:00' }), ['input.endsAt']],
    ['a committee of another edition', () => ({ committeeId: committee['7.FR'] }), ['input.committeeId']],
    ['an agenda item without a French or Japanese title', () => ({ agenda: [{ title: { fr: 'Accueil' } }, { title: { en: 'Any other business' } }] }), ['input.agenda.1.title']],
    ['an agenda of 101 items', () => ({ agenda: Array.from({ length: 101 }, (_, i) => ({ title: { fr: `Point ${i + 1}` } })) }), ['input.agenda']],
    ['a title with neither French nor Japanese', () => ({ title: { fr: ' ' } }), ['input.title']],
  ];
  it.each(bad)('with %s is refused with BAD_USER_INPUT naming the field, and nothing changes', async (_name, over, fields) => {
    const before = await state();
    const result = await t.gql(SCHEDULE, { input: meetingOf(over()) }, { token: token['president.fr'] });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toEqual(fields);
    expect(await state()).toEqual(before);
  });

  it('for a committee or edition that does not exist gets NOT_FOUND', async () => {
    const before = await state();
    const missing = '00000000-0000-0000-0000-000000000000';
    expect(codes(await t.gql(SCHEDULE, { input: meetingOf({ committeeId: missing }) }, { token: token['president.fr'] }))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(SCHEDULE, { input: meetingOf({ editionId: missing }) }, { token: token.admin }))).toEqual(['NOT_FOUND']);
    expect(await state()).toEqual(before);
  });
});

describe('changing a meeting', () => {
  it('writes the minutes and moves the end, quoting the version; a stale version gets CONFLICT', async () => {
    const version = await versionOf(demoMeetingId);
    const result = await t.gql(UPDATE, { input: {
      id: demoMeetingId, expectedVersion: version, endsAt: '2023-09-18T18:15:00+02:00',
      minutes: { fr: 'Présentation de Shizuoka ; 12 collectivités présentes.' },
    } }, { token: token['president.fr'] });
    expect(result.errors).toBeUndefined();
    expect(result.data.updateMeeting).toMatchObject({ version: version + 1, endsAt: '2023-09-18T16:15:00.000Z', minutes: { fr: 'Présentation de Shizuoka ; 12 collectivités présentes.' } });
    const { rows } = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [demoMeetingId]);
    expect(Object.keys(rows[0].changes).sort()).toEqual(['endsAt', 'minutes']);

    const before = await state();
    const stale = await t.gql(UPDATE, { input: { id: demoMeetingId, expectedVersion: version, minutes: null } }, { token: token.admin });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(version + 1);
    expect(await state()).toEqual(before);
  });

  it('refuses a start after the end, a cleared title, and callers without the right; nothing changes', async () => {
    const version = await versionOf(demoMeetingId);
    const before = await state();
    const late = await t.gql(UPDATE, { input: { id: demoMeetingId, expectedVersion: version, startsAt: '2023-09-18T19:00:00+02:00' } }, { token: token['president.fr'] });
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
    expect(late.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.endsAt']);
    const cleared = await t.gql(UPDATE, { input: { id: demoMeetingId, expectedVersion: version, title: null } }, { token: token['president.fr'] });
    expect(cleared.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.title']);
    expect(codes(await t.gql(UPDATE, { input: { id: demoMeetingId, expectedVersion: version, minutes: null } }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(UPDATE, { input: { id: demoMeetingId, expectedVersion: version, minutes: null } }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(UPDATE, { input: { id: demoMeetingId, expectedVersion: version, minutes: null } }))).toEqual(['UNAUTHENTICATED']);
    expect(await state()).toEqual(before);
  });
});

describe('cancelling a meeting', () => {
  const CANCEL = `mutation ($id: ID!, $v: Int!) { cancelMeeting(id: $id, expectedVersion: $v) }`;

  it('removes it with its agenda, quoting its version; the trail records it; a stale version or a member changes nothing', async () => {
    const scheduled = (await t.gql(SCHEDULE, { input: meetingOf({ startsAt: '2024-03-04T09:00:00+01:00', endsAt: '2024-03-04T10:00:00+01:00' }) }, { token: token['president.fr'] })).data.scheduleMeeting;
    const before = await state();
    expect(codes(await t.gql(CANCEL, { id: scheduled.id, v: scheduled.version }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
    const stale = await t.gql(CANCEL, { id: scheduled.id, v: scheduled.version + 1 }, { token: token['president.fr'] });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(scheduled.version);
    expect(await state()).toEqual(before);

    const cancelled = await t.gql(CANCEL, { id: scheduled.id, v: scheduled.version }, { token: token.secretariat });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelMeeting).toBe(scheduled.id);
    const listed = await t.gql(`{ edition(number: 8) { meetings { id } } }`, {}, { token: token['rep.aix'] });
    expect(listed.data.edition.meetings.map((m: { id: string }) => m.id)).not.toContain(scheduled.id);
    expect(await agendaOf(scheduled.id)).toEqual([]);
    const trail = await t.db.query(`SELECT action FROM change_event WHERE entity_type = 'SteeringMeeting' AND entity_id = $1 ORDER BY id`, [scheduled.id]);
    expect(trail.rows.map((r) => r.action)).toEqual(['CREATE', 'DELETE']);
    expect(codes(await t.gql(CANCEL, { id: scheduled.id, v: scheduled.version }, { token: token['president.fr'] }))).toEqual(['NOT_FOUND']);
  });
});

describe("editing a meeting's agenda", () => {
  let meetingId: string;
  const titles = async () => (await agendaOf(meetingId)).map((row) => row.fr);
  const idOf = async (fr: string) => (await agendaOf(meetingId)).find((row) => row.fr === fr).id;

  beforeAll(async () => {
    const result = await t.gql(SCHEDULE, { input: meetingOf({ agenda: ['A', 'B', 'C'].map((fr) => ({ title: { fr } })) }) }, { token: token['president.fr'] });
    meetingId = result.data.scheduleMeeting.id;
  });

  /** Positions are always 1..n, contiguous. */
  afterEach(async () => {
    const positions = (await agendaOf(meetingId)).map((row) => row.position);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
  });

  it('adds an item at a position, the later ones moving down, and at the end when no position is given', async () => {
    const added = await t.gql(ADD, { input: { meetingId, expectedVersion: 1, title: { fr: 'D' }, notes: { fr: 'Nouveau point' }, position: 2 } }, { token: token['president.fr'] });
    expect(added.errors).toBeUndefined();
    expect(added.data.addAgendaItem.version).toBe(2);
    expect(added.data.addAgendaItem.agenda.map((item: any) => [item.position, item.title.fr])).toEqual([[1, 'A'], [2, 'D'], [3, 'B'], [4, 'C']]);
    const atEnd = await t.gql(ADD, { input: { meetingId, expectedVersion: 2, title: { fr: 'E' } } }, { token: token.secretariat });
    expect(atEnd.data.addAgendaItem.version).toBe(3);
    expect(await titles()).toEqual(['A', 'D', 'B', 'C', 'E']);
  });

  it('changes an item, which bumps the version of the meeting', async () => {
    const id = await idOf('B');
    const result = await t.gql(UPDATE_ITEM, { input: { id, expectedVersion: 3, notes: { fr: 'Avec les chiffres de septembre' } } }, { token: token['president.fr'] });
    expect(result.data.updateAgendaItem.version).toBe(4);
    expect(result.data.updateAgendaItem.agenda.find((item: any) => item.id === id)).toMatchObject({ title: { fr: 'B' }, notes: { fr: 'Avec les chiffres de septembre' } });
    const { rows } = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [meetingId]);
    // The trail names the item by its place (B is third) and records only what changed in it.
    expect(rows[0].changes).toEqual({ 'agenda.3.notes': { from: { fr: null }, to: { fr: 'Avec les chiffres de septembre' } } });
  });

  it('removes an item, the later ones moving up', async () => {
    const result = await t.gql(REMOVE, { id: await idOf('D'), v: 4 }, { token: token['president.fr'] });
    expect(result.data.removeAgendaItem.version).toBe(5);
    expect(await titles()).toEqual(['A', 'B', 'C', 'E']);
  });

  it('reorders the whole agenda, and the trail records it before and after', async () => {
    const agenda = await agendaOf(meetingId);
    const ids = ['E', 'C', 'A', 'B'].map((fr) => agenda.find((row) => row.fr === fr).id);
    const result = await t.gql(REORDER, { m: meetingId, v: 5, ids }, { token: token['president.fr'] });
    expect(result.errors).toBeUndefined();
    expect(result.data.reorderAgenda.version).toBe(6);
    expect(result.data.reorderAgenda.agenda.map((item: any) => item.title.fr)).toEqual(['E', 'C', 'A', 'B']);
    expect(await titles()).toEqual(['E', 'C', 'A', 'B']);
    const { rows } = await t.db.query(`SELECT action, edition_id, changes FROM change_event WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [meetingId]);
    expect(rows[0]).toMatchObject({ action: 'UPDATE', edition_id: eighthId });
    expect(rows[0].changes.agenda.from.map((item: any) => item.title.fr)).toEqual(['A', 'B', 'C', 'E']);
    expect(rows[0].changes.agenda.to.map((item: any) => item.title.fr)).toEqual(['E', 'C', 'A', 'B']);
  });

  describe('refuses, changing nothing', () => {
    let before: Record<string, unknown>;
    beforeEach(async () => {
      before = await state();
    });
    afterEach(async () => {
      expect(await state()).toEqual(before);
    });

    it.each([[0], [6], [-1]])('an item at position %i (BAD_USER_INPUT)', async (position) => {
      const result = await t.gql(ADD, { input: { meetingId, expectedVersion: 6, title: { fr: 'X' }, position } }, { token: token['president.fr'] });
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.position']);
    });

    it('an item without a French or Japanese title (BAD_USER_INPUT)', async () => {
      const result = await t.gql(ADD, { input: { meetingId, expectedVersion: 6, title: { en: 'X' } } }, { token: token['president.fr'] });
      expect(result.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.title']);
    });

    it('a reorder that leaves an item out, lists one twice, or lists another meeting\'s (BAD_USER_INPUT on itemIds)', async () => {
      const ids = (await agendaOf(meetingId)).map((row) => row.id);
      const foreign = (await agendaOf(demoMeetingId))[0].id;
      for (const itemIds of [ids.slice(1), [ids[0], ...ids], [ids[0], ids[0], ids[1], ids[2]], [...ids.slice(1), foreign], [...ids, foreign], ['not-an-id', ...ids.slice(1)]]) {
        const result = await t.gql(REORDER, { m: meetingId, v: 6, ids: itemIds }, { token: token['president.fr'] });
        expect(codes(result)).toEqual(['BAD_USER_INPUT']);
        expect(result.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['itemIds']);
      }
    });

    it('a change quoting a stale version of the meeting (CONFLICT)', async () => {
      const ids = (await agendaOf(meetingId)).map((row) => row.id);
      for (const result of [
        await t.gql(ADD, { input: { meetingId, expectedVersion: 5, title: { fr: 'X' } } }, { token: token['president.fr'] }),
        await t.gql(UPDATE_ITEM, { input: { id: ids[0], expectedVersion: 5, title: { fr: 'X' } } }, { token: token['president.fr'] }),
        await t.gql(REMOVE, { id: ids[0], v: 5 }, { token: token['president.fr'] }),
        await t.gql(REORDER, { m: meetingId, v: 5, ids: [...ids].reverse() }, { token: token['president.fr'] }),
      ]) {
        expect(codes(result)).toEqual(['CONFLICT']);
        expect(result.errors![0].extensions!.currentVersion).toBe(6);
      }
    });

    it('changes by members, local authorities (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
      const ids = (await agendaOf(meetingId)).map((row) => row.id);
      expect(codes(await t.gql(ADD, { input: { meetingId, expectedVersion: 6, title: { fr: 'X' } } }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(REORDER, { m: meetingId, v: 6, ids: [...ids].reverse() }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(REMOVE, { id: ids[0], v: 6 }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(UPDATE_ITEM, { input: { id: ids[0], expectedVersion: 6, title: { fr: 'X' } } }))).toEqual(['UNAUTHENTICATED']);
    });

    it('items and meetings that do not exist (NOT_FOUND), and a cleared item title (BAD_USER_INPUT)', async () => {
      const missing = '00000000-0000-0000-0000-000000000000';
      expect(codes(await t.gql(REMOVE, { id: missing, v: 6 }, { token: token['president.fr'] }))).toEqual(['NOT_FOUND']);
      expect(codes(await t.gql(UPDATE_ITEM, { input: { id: 'garbled', expectedVersion: 6, title: { fr: 'X' } } }, { token: token['president.fr'] }))).toEqual(['NOT_FOUND']);
      expect(codes(await t.gql(ADD, { input: { meetingId: missing, expectedVersion: 1, title: { fr: 'X' } } }, { token: token['president.fr'] }))).toEqual(['NOT_FOUND']);
      const ids = (await agendaOf(meetingId)).map((row) => row.id);
      const cleared = await t.gql(UPDATE_ITEM, { input: { id: ids[0], expectedVersion: 6, title: null } }, { token: token['president.fr'] });
      expect(cleared.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.title']);
    });
  });

  it('serialises concurrent changes: of two quoting the same version, one wins and the other gets CONFLICT', async () => {
    const [first, second] = await Promise.all([
      t.gql(ADD, { input: { meetingId, expectedVersion: 6, title: { fr: 'F' }, position: 1 } }, { token: token['president.fr'] }),
      t.gql(ADD, { input: { meetingId, expectedVersion: 6, title: { fr: 'G' }, position: 1 } }, { token: token.secretariat }),
    ]);
    expect([codes(first), codes(second)].sort()).toEqual([[], ['CONFLICT']]);
    expect(await agendaOf(meetingId)).toHaveLength(5);
    expect(await versionOf(meetingId)).toBe(7);
  });
});
