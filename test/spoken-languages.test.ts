import { XMLParser } from 'fast-xml-parser';
import { startTestApp, TestApp } from './helpers/app';

// The story of issue 17, sixth part: the exports say what is spoken. Each session and workshop has its
// spoken language and whether it is interpreted; the schedule JSON and frab XML carry them, whatever
// the language the export is read in.

let t: TestApp;
let admin: string;
const ids: Record<string, string> = {};

const exportOf = async (file: string, query = '') => fetch(`${t.app.origin}/editions/8/${file}${query}`);

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  admin = await t.login('admin@example.org');
  const editionId = (await t.gql(`{ edition(number: 8) { id } }`)).data.edition.id;
  const create = async (input: Record<string, unknown>) => {
    const result = await t.gql(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id language interpretation } }`,
      { input: { editionId, startsAt: '2024-11-21T09:00:00+09:00', endsAt: '2024-11-21T10:00:00+09:00', ...input } }, { token: admin });
    expect(result.errors).toBeUndefined();
    return result.data.createSession;
  };
  const speech = await create({ kind: 'PLENARY', title: { fr: 'Discours du maire de Shizuoka', ja: '静岡市長あいさつ' }, language: 'JA', interpretation: true });
  expect(speech).toMatchObject({ language: 'JA', interpretation: true });
  ids.speech = speech.id;
  ids.workshops = (await create({ kind: 'WORKSHOPS', title: { fr: 'Ateliers du matin', ja: '午前の分科会' }, language: 'FR' })).id;
  const workshop = await t.gql(`mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id language interpretation } }`,
    { input: { sessionId: ids.workshops, title: { fr: 'Atelier en japonais', ja: '日本語の分科会' }, language: 'JA', interpretation: true } }, { token: admin });
  expect(workshop.data.createWorkshop).toMatchObject({ language: 'JA', interpretation: true });
  ids.workshop = workshop.data.createWorkshop.id;
  const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { days { sessions { id language interpretation workshops { id language interpretation } } } } }`,
    { id: editionId }, { token: admin });
  expect(published.errors).toBeUndefined();
  const sessions = published.data.publishProgram.days.flatMap((d: any) => d.sessions);
  expect(sessions.find((s: any) => s.id === ids.speech)).toMatchObject({ language: 'JA', interpretation: true });
  expect(sessions.find((s: any) => s.id === ids.workshops).workshops).toEqual([{ id: ids.workshop, language: 'JA', interpretation: true }]);
});
afterAll(() => t?.close());

describe('the schedule JSON', () => {
  it("gives each event the language spoken there, not the export's, and says where there is interpretation", async () => {
    for (const locale of ['fr', 'en', 'ja']) {
      const document = await (await exportOf('program.json', `?locale=${locale}`)).json();
      const events = document.schedule.conference.days.flatMap((d: any) => Object.values(d.rooms).flat()) as any[];
      const byGuid = (guid: string) => events.find((e) => e.guid === guid);
      expect(byGuid(ids.speech).language).toBe('ja');
      expect(byGuid(ids.workshops)).toMatchObject({ language: 'fr', subtitle: null });
      expect(byGuid(ids.workshop).language).toBe('ja');
    }
    const english = await (await exportOf('program.json', '?locale=en')).json();
    const speech = english.schedule.conference.days.flatMap((d: any) => Object.values(d.rooms).flat()).find((e: any) => e.guid === ids.speech);
    expect(speech.subtitle).toBe('French-Japanese interpretation');
    // Sessions that do not say their language yet say nothing, rather than the reader's language.
    const unsaid = english.schedule.conference.days.flatMap((d: any) => Object.values(d.rooms).flat()).filter((e: any) => ![ids.speech, ids.workshops, ids.workshop].includes(e.guid));
    expect(unsaid.length).toBeGreaterThan(0);
    expect(new Set(unsaid.map((e: any) => e.language))).toEqual(new Set(['']));
  });
});

describe('frab XML', () => {
  it('carries the same languages and interpretation', async () => {
    const xml = await (await exportOf('program.xml', '?locale=fr')).text();
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['day', 'room', 'event', 'person'].includes(name) }).parse(xml);
    const events = parsed.schedule.day.flatMap((d: any) => d.room.flatMap((r: any) => r.event));
    const byGuid = (guid: string) => events.find((e: any) => e['@_guid'] === guid);
    expect(byGuid(ids.speech)).toMatchObject({ language: 'ja', subtitle: 'Interprétation français-japonais' });
    expect(byGuid(ids.workshops).language).toBe('fr');
    expect(byGuid(ids.workshop)).toMatchObject({ language: 'ja', subtitle: 'Interprétation français-japonais' });
  });
});
