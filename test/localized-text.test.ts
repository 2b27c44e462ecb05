import { codes, startTestApp, TestApp } from './helpers/app';

// Two committees write in two languages: an update names the languages it changes and keeps the
// others (PRODUCT.md, Secrecy and safety). `{ fr: "..." }` changes the French text only, `{ ja: null }`
// clears the Japanese one, a language left out is kept; the audit trail records only the languages
// that changed. One row per update mutation that takes a LocalizedTextInput.

let t: TestApp;
let admin: string;
let editionId: string;

const TEXT = `{ fr ja en }`;
const FULL = (word: string) => ({ fr: `${word} (fr)`, ja: `${word}（日本語）`, en: `${word} (en)` });

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
  const result = await t.gql<T>(query, variables, { token });
  if (result.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

/** A record to update: its id, the version an update quotes, and how to read one of its texts back. */
interface Target {
  id: string;
  version: () => Promise<number>;
}

interface Row {
  mutation: string;
  /** The texts the input holds: titles must keep French or Japanese, descriptions may be cleared. */
  titles: string[];
  descriptions: string[];
  create: () => Promise<Target>;
  /** Runs the update with `texts` and returns the record's texts as the answer shows them. */
  update: (target: Target, texts: Record<string, unknown>) => Promise<{ errors?: any[]; texts?: Record<string, any> }>;
}

const versionOf = (table: string) => async (id: string) => (await t.db.query(`SELECT version FROM ${table} WHERE id = $1`, [id])).rows[0].version as number;

/** Calls `mutation(input: $input)` and hands back the texts of what `pick` finds in its answer. */
async function call(mutation: string, input: Record<string, unknown>, selection: string, pick: (data: any) => Record<string, any>) {
  const result = await t.gql(`mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) ${selection} }`, { input }, { token: admin });
  return result.errors ? { errors: result.errors } : { texts: pick(result.data![mutation]) };
}

const rows: Row[] = [
  {
    mutation: 'updateEdition',
    titles: ['title', 'hostCity'],
    descriptions: ['generalTheme'],
    // The edition every other row writes in (created before the rows run).
    create: async () => ({ id: editionId, version: () => versionOf('edition')(editionId) }),
    update: async (target, texts) =>
      call('updateEdition', { id: target.id, expectedVersion: await target.version(), ...texts },
        `{ title ${TEXT} hostCity ${TEXT} generalTheme ${TEXT} }`, (e) => e),
  },
  {
    mutation: 'updateSession',
    titles: ['title'],
    descriptions: ['description'],
    create: async () => {
      const { createSession } = await ok(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, {
        input: { editionId, kind: 'PLENARY', title: FULL('Séance'), description: FULL('Description'),
          startsAt: '2040-10-01T09:00:00+02:00', endsAt: '2040-10-01T10:00:00+02:00' },
      });
      return { id: createSession.id, version: () => versionOf('session')(createSession.id) };
    },
    update: async (target, texts) =>
      call('updateSession', { id: target.id, expectedVersion: await target.version(), ...texts }, `{ title ${TEXT} description ${TEXT} }`, (s) => s),
  },
  {
    mutation: 'updateWorkshop',
    titles: ['title'],
    descriptions: ['description'],
    create: async () => {
      const { createSession } = await ok(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, {
        input: { editionId, kind: 'WORKSHOPS', title: FULL('Ateliers'), startsAt: '2040-10-02T09:00:00+02:00', endsAt: '2040-10-02T12:00:00+02:00' },
      });
      const { createWorkshop } = await ok(`mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`, {
        input: { sessionId: createSession.id, title: FULL('Atelier'), description: FULL('Description') },
      });
      return { id: createWorkshop.id, version: () => versionOf('workshop')(createWorkshop.id) };
    },
    update: async (target, texts) =>
      call('updateWorkshop', { id: target.id, expectedVersion: await target.version(), ...texts }, `{ title ${TEXT} description ${TEXT} }`, (w) => w),
  },
  {
    mutation: 'updateTheme',
    titles: ['title'],
    descriptions: ['description'],
    create: async () => {
      const { proposeTheme } = await ok(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`, {
        input: { editionId, title: FULL('Thème'), description: FULL('Description') },
      });
      return { id: proposeTheme.id, version: () => versionOf('theme')(proposeTheme.id) };
    },
    update: async (target, texts) =>
      call('updateTheme', { id: target.id, expectedVersion: await target.version(), ...texts }, `{ title ${TEXT} description ${TEXT} }`, (th) => th),
  },
  {
    mutation: 'updateMeeting',
    titles: ['title'],
    descriptions: ['place', 'minutes'],
    create: async () => {
      const { scheduleMeeting } = await ok(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id version } }`, {
        input: { editionId, title: FULL('Réunion'), place: FULL('Lieu'), startsAt: '2040-03-01T09:00:00+01:00', endsAt: '2040-03-01T10:00:00+01:00' },
      });
      // Minutes are written after the meeting: here, in all three languages, before the rows run.
      const target = { id: scheduleMeeting.id, version: () => versionOf('steering_meeting')(scheduleMeeting.id) };
      await ok(`mutation ($input: UpdateMeetingInput!) { updateMeeting(input: $input) { id } }`, {
        input: { id: target.id, expectedVersion: scheduleMeeting.version, minutes: FULL('Compte rendu') },
      });
      return target;
    },
    update: async (target, texts) =>
      call('updateMeeting', { id: target.id, expectedVersion: await target.version(), ...texts }, `{ title ${TEXT} place ${TEXT} minutes ${TEXT} }`, (m) => m),
  },
  {
    mutation: 'updateAgendaItem',
    titles: ['title'],
    descriptions: ['notes'],
    create: async () => {
      const { scheduleMeeting } = await ok(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id agenda { id } } }`, {
        input: { editionId, title: FULL('Réunion'), startsAt: '2040-04-01T09:00:00+02:00', endsAt: '2040-04-01T10:00:00+02:00',
          agenda: [{ title: FULL('Accueil') }, { title: FULL('Point'), notes: FULL('Notes') }] },
      });
      const meetingVersion = versionOf('steering_meeting');
      return { id: scheduleMeeting.agenda[1].id, version: () => meetingVersion(scheduleMeeting.id) };
    },
    update: async (target, texts) =>
      call('updateAgendaItem', { id: target.id, expectedVersion: await target.version(), ...texts },
        `{ agenda { id title ${TEXT} notes ${TEXT} } }`, (m) => m.agenda.find((item: any) => item.id === target.id)),
  },
];

/** The newest change of the edition's trail, as a committee member reads it. */
async function lastChange(): Promise<any> {
  const { edition } = await ok(`query ($n: Int!) { edition(number: $n) { history(limit: 1) { entityType entityId changes } } }`, { n: 31 });
  return edition.history[0];
}

const eventCount = async () => Number((await t.db.query(`SELECT count(*) AS n FROM change_event`)).rows[0].n);

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  admin = await t.login('admin@example.org');
  const { createEdition } = await ok(`mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id } }`, {
    input: { number: 31, title: FULL('Rencontres'), hostCity: FULL('Ville'), generalTheme: FULL('Thème général'), hostCountry: 'FR',
      startDate: '2040-10-01', endDate: '2040-10-03', timeZone: 'Europe/Paris' },
  });
  editionId = createEdition.id;
});
afterAll(() => t?.close());

describe.each(rows)('$mutation', (row) => {
  let target: Target;
  beforeAll(async () => {
    target = await row.create();
  });

  test.each([...row.titles, ...row.descriptions])('%s: a language named changes, one left out is kept, null clears one', async (field) => {
    // The trail names an agenda item's text by the item's place in the agenda (the second item here).
    const key = row.mutation === 'updateAgendaItem' ? `agenda.2.${field}` : field;
    const before = (await row.update(target, {})).texts![field];
    expect(before).toEqual({ fr: expect.any(String), ja: expect.any(String), en: expect.any(String) });

    // The French committee edits its language: the Japanese and English texts stay.
    const french = await row.update(target, { [field]: { fr: '  Nouveau texte français  ' } });
    expect(french.errors).toBeUndefined();
    expect(french.texts![field]).toEqual({ fr: 'Nouveau texte français', ja: before.ja, en: before.en });
    expect((await lastChange()).changes).toEqual({ [key]: { from: { fr: before.fr }, to: { fr: 'Nouveau texte français' } } });

    // The Japanese committee clears the English text and rewrites its own: French stays.
    const japanese = await row.update(target, { [field]: { ja: '新しい日本語', en: null } });
    expect(japanese.texts![field]).toEqual({ fr: 'Nouveau texte français', ja: '新しい日本語', en: null });
    expect((await lastChange()).changes).toEqual({ [key]: { from: { ja: before.ja, en: before.en }, to: { ja: '新しい日本語', en: null } } });

    // Naming no language, or only languages with the same text, changes nothing in the text.
    const same = await row.update(target, { [field]: { fr: 'Nouveau texte français' } });
    expect(same.texts![field]).toEqual({ fr: 'Nouveau texte français', ja: '新しい日本語', en: null });
    expect((await lastChange()).changes[key]).toBeUndefined();

    // A blank text is no text: it clears that language too.
    const blank = await row.update(target, { [field]: { ja: '   ' } });
    expect(blank.texts![field]).toEqual({ fr: 'Nouveau texte français', ja: null, en: null });

    // Put back what was there, for the next field's turn.
    await row.update(target, { [field]: before });
  });

  test.each(row.titles)('%s: an update that would leave neither French nor Japanese is refused and changes nothing', async (field) => {
    const version = await target.version();
    const events = await eventCount();
    const answer = await row.update(target, { [field]: { fr: null, ja: '' } });
    expect(codes(answer as any)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors![0].extensions.fields).toEqual([{ field: `input.${field}`, message: 'needs a French or a Japanese text' }]);
    const cleared = await row.update(target, { [field]: null });
    expect(codes(cleared as any)).toEqual(['BAD_USER_INPUT']);
    expect(await target.version()).toBe(version);
    expect(await eventCount()).toBe(events);
    // French alone is enough: the Japanese text may go.
    const frenchOnly = await row.update(target, { [field]: { ja: null } });
    expect(frenchOnly.errors).toBeUndefined();
    expect(frenchOnly.texts![field].fr).toBeTruthy();
    expect(frenchOnly.texts![field].ja).toBeNull();
  });

  test.each(row.descriptions)('%s: null clears the whole text', async (field) => {
    const cleared = await row.update(target, { [field]: null });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.texts![field]).toBeNull();
  });
});

test('the two presidents edit the same session at once, each in their language: neither erases the other', async () => {
  const [fr, jp] = [await t.login('president.fr@example.org'), await t.login('president.jp@example.org')];
  const { rows: [session] } = await t.db.query(`SELECT s.id, s.version FROM session s JOIN edition e ON e.id = s.edition_id WHERE e.number = 8 ORDER BY s.starts_at LIMIT 1`);
  const UPDATE = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version title ${TEXT} } }`;
  const french = await t.gql(UPDATE, { input: { id: session.id, expectedVersion: session.version, title: { fr: "Cérémonie d'ouverture" } } }, { token: fr });
  expect(french.errors).toBeUndefined();
  const japanese = await t.gql(UPDATE, { input: { id: session.id, expectedVersion: french.data.updateSession.version, title: { ja: '開会式' } } }, { token: jp });
  expect(japanese.data.updateSession.title).toMatchObject({ fr: "Cérémonie d'ouverture", ja: '開会式' });
});
