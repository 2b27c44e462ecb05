import { startTestApp, TestApp } from './helpers/app';

// The demo as `npm start` loads it shows everything at once (PRODUCT.md, Demo data): the 8th edition
// has a published release 0.1, so every public export answers; a sample 9th edition, a year ahead,
// has open deadlines, so that a local authority can try a suggestion and a participation form; the
// invitation letter's facts are right.

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true, showcase: true });
});
afterAll(() => t?.close());

const DAY = 86_400_000;

test('every public export of the 8th edition answers, with no sign-in', async () => {
  const { data } = await t.gql(`{ edition(number: 8) { latestRelease { version } } }`);
  expect(data.edition.latestRelease).toEqual({ version: '0.1' });
  for (const file of ['program.ics', 'program.json', 'program.xml', 'program.html', 'program.html?locale=ja', 'program.ics?version=0.1']) {
    const response = await fetch(`${t.app.origin}/editions/8/${file}`);
    expect({ file, status: response.status }).toEqual({ file, status: 200 });
    expect((await response.text()).length).toBeGreaterThan(500);
  }
});

test('a sample 9th edition, marked as such, is dated a year after the demo was loaded, its deadlines open', async () => {
  const { data } = await t.gql(`{ edition(number: 9) { title { fr ja } hostCity { fr ja } startDate endDate suggestionDeadline participationDeadline
    committees { country } latestRelease { version } } }`);
  const ninth = data.edition;
  expect(ninth.title.fr).toContain('[exemple]');
  expect(ninth.title.ja).toContain('[例]');
  expect(ninth.hostCity.fr).toContain('[exemple]');
  expect(ninth.committees.map((c: any) => c.country).sort()).toEqual(['FR', 'JP']);
  expect(ninth.latestRelease).toBeNull();
  const inDays = (value: string) => (Date.parse(value) - Date.now()) / DAY;
  expect(inDays(ninth.startDate)).toBeGreaterThan(363);
  expect(inDays(ninth.startDate)).toBeLessThan(366);
  expect(inDays(ninth.suggestionDeadline)).toBeGreaterThan(30);
  expect(inDays(ninth.participationDeadline)).toBeGreaterThan(30);
});

test('a local authority submits a suggestion and a participation form on the sample edition', async () => {
  const token = await t.login('rep.aix@example.org');
  const { data: { edition } } = await t.gql(`{ edition(number: 9) { id } }`);
  const suggestion = await t.gql(`mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { status localAuthority { name { fr } } edition { number } } }`,
    { input: { editionId: edition.id, kind: 'WORKSHOP', title: { fr: 'Un atelier sur les mobilités douces' } } }, { token });
  expect(suggestion.errors).toBeUndefined();
  expect(suggestion.data.submitSuggestion).toEqual({ status: 'SUBMITTED', localAuthority: { name: { fr: 'Aix-en-Provence' } }, edition: { number: 9 } });
  const form = await t.gql(`mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { status edition { number } delegates { name } } }`,
    { input: { editionId: edition.id, attendsSteeringMeeting: false, delegates: [{ name: 'Marc Olivier [exemple]' }] } }, { token });
  expect(form.errors).toBeUndefined();
  expect(form.data.submitParticipation).toEqual({ status: 'REGISTERED', edition: { number: 9 }, delegates: [{ name: 'Marc Olivier [exemple]' }] });
});

test("the letter's meeting: the wide French committee, 18 September 2023, 16:30-18:00 in Paris, at the Cité des Sciences", async () => {
  const token = await t.login('rep.aix@example.org');
  const { data } = await t.gql(`{ edition(number: 8) { meetings { title { fr } startsAt endsAt place { fr } committee { country } } } }`, {}, { token });
  const [meeting] = data.edition.meetings;
  expect(meeting.title.fr).toContain('comité de pilotage large français');
  expect(meeting.committee).toEqual({ country: 'FR' });
  // 16:30 and 18:00 in Paris, summer time (UTC+2).
  expect([meeting.startsAt, meeting.endsAt]).toEqual(['2023-09-18T14:30:00.000Z', '2023-09-18T16:00:00.000Z']);
  expect(meeting.place.fr).toContain("Cité des Sciences et de l'Industrie");
});
