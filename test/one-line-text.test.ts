import { XMLValidator } from 'fast-xml-parser';
// ical.js is an ES module with a CommonJS build: required, its types imported apart.
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { codes, startTestApp, TestApp } from './helpers/app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof ICALModule = require('ical.js');

// Titles, names and labels are one line: CR, LF and other control characters are refused there;
// descriptions may hold line breaks (PRODUCT.md, Secrecy and safety). Every export escapes what it
// writes: a bare CR in a title once came out of program.ics as is, where it ends a line and starts a
// property of the sender's choosing.

const INJECTED = 'Atelier\rATTACH:https://evil.example/x.ics\rX-INJECTED:1';
const BEFORE_DEADLINE = new Date('2023-09-01T12:00:00+02:00');

let t: TestApp;
const token: Record<string, string> = {};
let eighthId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'rep.aix']) token[who] = await t.login(`${who}@example.org`);
  eighthId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id;
});
afterAll(() => t?.close());

/** What a refused call must leave as it was. */
async function state() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM change_event) AS events, (SELECT count(*) FROM session) AS sessions, (SELECT count(*) FROM workshop) AS workshops,
           (SELECT count(*) FROM suggestion) AS suggestions, (SELECT count(*) FROM person) AS people, (SELECT count(*) FROM room) AS rooms,
           (SELECT count(*) FROM participation) AS forms, (SELECT string_agg(id || ':' || version, ',' ORDER BY id) FROM session) AS versions`);
  return rows[0];
}

const sessionId = async () => (await t.db.query(`SELECT id, version FROM session WHERE edition_id = $1 ORDER BY starts_at LIMIT 1`, [eighthId])).rows[0];
const workshopsSession = async () => (await t.db.query(`SELECT id FROM session WHERE edition_id = $1 AND kind = 'WORKSHOPS' LIMIT 1`, [eighthId])).rows[0].id;

/** Each one-line text a client writes: the call that writes `text` there, and the field the refusal names. */
const oneLine: Array<{ name: string; field: string; call: (text: string) => Promise<any> }> = [
  { name: 'createSession title', field: 'input.title', call: (text) => t.gql(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`,
    { input: { editionId: eighthId, kind: 'PLENARY', title: { fr: text }, startsAt: '2024-11-19T09:00:00+09:00', endsAt: '2024-11-19T10:00:00+09:00' } }, { token: token.admin }) },
  { name: 'updateSession title (Japanese)', field: 'input.title', call: async (text) => {
    const s = await sessionId();
    return t.gql(`mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { id } }`, { input: { id: s.id, expectedVersion: s.version, title: { ja: text } } }, { token: token.admin });
  } },
  { name: 'createWorkshop title', field: 'input.title', call: async (text) => t.gql(`mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`,
    { input: { sessionId: await workshopsSession(), title: { fr: 'Atelier', en: text } } }, { token: token.admin }) },
  { name: 'proposeTheme title', field: 'input.title', call: (text) => t.gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`,
    { input: { editionId: eighthId, title: { fr: text } } }, { token: token.admin }) },
  { name: 'submitSuggestion title, by a local authority', field: 'input.title', call: (text) => t.at(BEFORE_DEADLINE, () =>
    t.gql(`mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { id } }`,
      { input: { editionId: eighthId, kind: 'WORKSHOP', title: { fr: text } } }, { token: token['rep.aix'] })) },
  { name: 'createRoom name', field: 'input.name', call: (text) => t.gql(`mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
    { input: { editionId: eighthId, name: { fr: text } } }, { token: token.admin }) },
  { name: 'createPerson displayName', field: 'input.displayName', call: (text) => t.gql(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
    { input: { displayName: text, email: 'one.line@example.net', role: 'COMMITTEE', password: 'a long enough password' } }, { token: token.admin }) },
  { name: 'submitParticipation delegate name', field: 'input.delegates.0.name', call: (text) => t.at(BEFORE_DEADLINE, () =>
    t.gql(`mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id } }`,
      { input: { editionId: eighthId, attendsSteeringMeeting: false, delegates: [{ name: text }] } }, { token: token['rep.aix'] })) },
  { name: 'createPersonalToken label', field: 'label', call: (text) => t.gql(`mutation ($l: String!) { createPersonalToken(label: $l) { token } }`, { l: text }, { token: token.admin }) },
];

describe.each(oneLine)('$name', ({ field, call }) => {
  test.each([
    ['a bare CR', INJECTED],
    ['a line feed', 'Première ligne\nDeuxième ligne'],
    ['CR LF', 'Première ligne\r\nDeuxième ligne'],
    ['a Unicode line separator', 'Une\u2028ligne'],
    ['a tab', 'Titre\tavec tabulation'],
    ['a bell', 'Titre\u0007'],
  ])('%s is refused with BAD_USER_INPUT naming the field, and nothing changes', async (_, text) => {
    const before = await state();
    const answer = await call(text);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors[0].extensions.fields).toEqual([expect.objectContaining({ field })]);
    expect(await state()).toEqual(before);
  });
});

test('a line break is named as such, in the reader\'s language', async () => {
  const answer = await t.gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`,
    { input: { editionId: eighthId, title: { fr: 'Deux\nlignes' } } }, { token: token.admin, headers: { 'Accept-Language': 'fr' } });
  expect(answer.errors![0].extensions!.fields).toEqual([{ field: 'input.title', message: expect.stringContaining('sans saut de ligne') }]);
});

test('descriptions, notes and comments may hold line breaks; trailing ones are trimmed', async () => {
  const description = { fr: 'Premier paragraphe.\r\n\r\nSecond paragraphe.\n', ja: '一行目\n二行目' };
  const created = await t.gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { description { fr ja } } }`,
    { input: { editionId: eighthId, title: { fr: 'Thème sur une ligne' }, description } }, { token: token.admin });
  expect(created.errors).toBeUndefined();
  expect(created.data.proposeTheme.description).toEqual({ fr: 'Premier paragraphe.\r\n\r\nSecond paragraphe.', ja: '一行目\n二行目' });
});

describe('exports escape what they write', () => {
  let icsText: string;
  let xmlText: string;
  let jsonText: string;

  beforeAll(async () => {
    // A suggestion whose title holds the CR, stored before the rule existed, accepted as a workshop.
    const submitted = await t.at(BEFORE_DEADLINE, () => t.gql(`mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { id } }`,
      { input: { editionId: eighthId, kind: 'WORKSHOP', title: { fr: 'Atelier sur une ligne' }, body: { fr: 'Ligne un\rLigne deux' } } }, { token: token['rep.aix'] }));
    expect(submitted.errors).toBeUndefined();
    const id = submitted.data.submitSuggestion.id;
    await t.db.query(`UPDATE suggestion SET title = jsonb_build_object('fr', $2::text) WHERE id = $1`, [id, INJECTED]);
    const reviewed = await t.gql(`mutation ($input: ReviewSuggestionInput!) { reviewSuggestion(input: $input) { status } }`,
      { input: { id, expectedVersion: 1, status: 'UNDER_REVIEW', reviewNote: 'Reçue.\nÀ voir en comité.' } }, { token: token.admin });
    expect(reviewed.errors).toBeUndefined();
    const accepted = await t.gql(`mutation ($id: ID!, $s: ID!) { acceptSuggestionAsWorkshop(id: $id, sessionId: $s) { id title { fr } } }`,
      { id, s: await workshopsSession() }, { token: token.admin });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptSuggestionAsWorkshop.title.fr).toBe(INJECTED);
    // And a room whose name holds a bell and a CR, also from before the rule: it is an attribute in XML.
    await t.db.query(`UPDATE room SET name = jsonb_build_object('fr', 'Salle\u0007A\rX-ROOM:1') WHERE id = (SELECT room_id FROM session WHERE edition_id = $1 AND room_id IS NOT NULL ORDER BY starts_at LIMIT 1)`, [eighthId]);
    const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: eighthId }, { token: token.admin });
    expect(published.errors).toBeUndefined();
    const version = published.data.publishProgram.version;
    const get = async (file: string) => {
      const response = await fetch(`${t.app.origin}/editions/8/${file}?version=${version}&locale=fr`);
      expect(response.status).toBe(200);
      return response.text();
    };
    [icsText, xmlText, jsonText] = await Promise.all([get('program.ics'), get('program.xml'), get('program.json')]);
  });

  it('iCalendar: no bare CR, no injected property, the title read back whole', () => {
    // Every line ends with CR LF; a CR anywhere else would end a line for some readers.
    expect(icsText.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = icsText.split('\r\n');
    expect(lines.filter((line) => /^(ATTACH|X-INJECTED|X-ROOM)/.test(line))).toEqual([]);
    const events = new ICAL.Component(ICAL.parse(icsText)).getAllSubcomponents('vevent');
    const workshop = events.find((event) => String(event.getFirstPropertyValue('summary')).startsWith('Atelier\nATTACH'));
    expect(workshop).toBeDefined();
    expect(workshop!.getFirstPropertyValue('summary')).toBe('Atelier\nATTACH:https://evil.example/x.ics\nX-INJECTED:1');
    expect(workshop!.getFirstPropertyValue('description')).toContain('Ligne un\nLigne deux');
    expect(workshop!.getAllProperties().map((p) => p.name)).not.toContain('attach');
    expect(events.some((event) => event.getFirstPropertyValue('location') === 'SalleA\nX-ROOM:1')).toBe(true);
  });

  it('XML is well-formed, with the control character replaced', () => {
    expect(XMLValidator.validate(xmlText)).toBe(true);
    expect(xmlText).toContain('Salle\uFFFDA');
    expect(xmlText).not.toContain('\u0007');
  });

  it('JSON holds the text exactly, escaped', () => {
    expect(JSON.stringify(JSON.parse(jsonText))).toContain(JSON.stringify(INJECTED).slice(1, -1));
    expect(jsonText).not.toContain('\r');
  });
});
