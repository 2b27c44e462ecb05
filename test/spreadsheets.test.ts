import { parse } from 'csv-parse/sync';
import { startTestApp, TestApp } from './helpers/app';

// The story of issue 17, fourth part: the secretariat works in spreadsheets. Each table of an edition
// comes out as CSV with the caller's token, under the same rights as the API; a spreadsheet program
// reads its Japanese (UTF-8 with a byte order mark), and a cell written as a formula stays text.

let t: TestApp;
const token: Record<string, string> = {};
const authority: Record<string, string> = {};
let meetingId: string;
const BEFORE = new Date('2023-09-01T08:00:00Z');

async function download(file: string, who?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.app.origin}/editions/8/${file}`, {
    headers: { ...(who ? { authorization: `Bearer ${token[who]}` } : {}), ...headers },
  });
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, type: response.headers.get('content-type'), body };
}

/** The file as a spreadsheet program reads it: the BOM first, one header line, then records by column name. */
async function table(file: string, who?: string): Promise<Array<Record<string, string>>> {
  const { status, type, body } = await download(file, who);
  expect({ status, type }).toEqual({ status: 200, type: 'text/csv; charset=utf-8' });
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const header = parse(body, { bom: true, to_line: 1 }) as string[][];
  const records = parse(body, { bom: true, columns: true }) as Array<Record<string, string>>;
  // One header line: no record repeats it.
  expect(records.filter((r) => Object.entries(r).every(([k, v]) => k === v))).toEqual([]);
  expect(header).toHaveLength(1);
  return records;
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'rep.aix', 'rep.shizuoka', 'member1.fr']) token[who] = await t.login(`${who}@example.org`);
  for (const who of ['rep.aix', 'rep.shizuoka']) {
    authority[who] = (await t.db.query(`SELECT local_authority_id FROM person WHERE email = $1`, [`${who}@example.org`])).rows[0].local_authority_id;
  }
  meetingId = (await t.db.query(`SELECT id FROM steering_meeting`)).rows[0].id;
  const { data } = await t.gql(`{ edition(number: 8) { id committees { id country } } }`);
  const person = await t.gql(`mutation { createPerson(input: { displayName: "Lucie Petit [exemple]", email: "secretariat.fr@example.org",
    role: COMMITTEE, password: "secretariat password" }) { id } }`, {}, { token: token.admin });
  await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: SECRETARIAT) { id } }`,
    { c: data.edition.committees.find((c: any) => c.country === 'FR').id, p: person.data.createPerson.id }, { token: token.admin });
  token.secretariat = await t.login('secretariat.fr@example.org', 'secretariat password');

  // Aix's form: a Japanese delegate, and needs typed as a formula.
  const form = await t.at(BEFORE, () => t.gql(`mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id } }`, { input: {
    editionId: data.edition.id, attendsSteeringMeeting: true, delegates: [
      { name: 'Marc Olivier [exemple]', email: 'rep.aix@example.org', needs: '=HYPERLINK("http://example.net","x")', head: true },
      { name: 'Nobuhiro Suzuki [exemple]', nativeName: '鈴木 信宏', function: '@SUM(1+1)', language: 'JA' },
    ],
  } }, { token: token['rep.aix'] }));
  expect(form.errors).toBeUndefined();
  const registration = await t.at(BEFORE, () => t.gql(`mutation ($input: MeetingRegistrationInput!) { registerForMeeting(input: $input) { id } }`,
    { input: { meetingId, online: true, attendees: [{ name: 'Nobuhiro Suzuki [exemple]', nativeName: '鈴木 信宏', email: 'suzuki@example.net' }] } },
    { token: token['rep.aix'] }));
  expect(registration.errors).toBeUndefined();
});
afterAll(() => t?.close());

describe('participations.csv', () => {
  it('gives the secretariat one line per delegate, Japanese intact, contact details and needs, formulas as text', async () => {
    const rows = (await table('participations.csv', 'secretariat')).filter((r) => r.authority_fr === 'Aix-en-Provence');
    expect(rows).toEqual([
      expect.objectContaining({ name: 'Marc Olivier [exemple]', email: 'rep.aix@example.org', head: 'yes', needs: `'=HYPERLINK("http://example.net","x")`, status: 'REGISTERED' }),
      expect.objectContaining({ name: 'Nobuhiro Suzuki [exemple]', native_name: '鈴木 信宏', function: "'@SUM(1+1)", language: 'JA', head: 'no' }),
    ]);
    expect(rows[0].authority_ja).toMatch(/エクス/);
  });

  it('shows committee members no contact details, a local authority its own form only, and anonymous callers nothing', async () => {
    const member = await table('participations.csv', 'member1.fr');
    expect(member.length).toBeGreaterThan(2);
    expect(member.every((r) => r.email === '' && r.needs === '')).toBe(true);
    const shizuoka = await table('participations.csv', 'rep.shizuoka');
    expect(shizuoka.length).toBeGreaterThan(0);
    expect(shizuoka.every((r) => r.authority_ja === '静岡市')).toBe(true);
    const anonymous = await download('participations.csv');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body.toString())).toMatchObject({ code: 'UNAUTHENTICATED' });
    const french = await download('participations.csv', undefined, { 'accept-language': 'fr' });
    expect(JSON.parse(french.body.toString()).error).toMatch(/^Connectez-vous pour/);
  });
});

describe('registrations.csv', () => {
  it("lists each meeting's attendees, in person or online, with the meeting named", async () => {
    const response = await fetch(`${t.app.origin}/editions/8/registrations.csv?meeting=${meetingId}`, { headers: { authorization: `Bearer ${token.secretariat}` } });
    const rows = parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([expect.objectContaining({
      meeting_id: meetingId, meeting_ja: '第8回会議フランス側拡大実行委員会 第1回会合', authority_fr: 'Aix-en-Provence', online: 'yes',
      name: 'Nobuhiro Suzuki [exemple]', native_name: '鈴木 信宏', email: 'suzuki@example.net', head: 'yes',
    })]);
    expect((await table('registrations.csv', 'member1.fr'))[0].email).toBe('');
    expect(await table('registrations.csv', 'rep.shizuoka')).toEqual([]);
  });
});

describe('suggestions.csv', () => {
  it('gives committee members every suggestion with both titles, a local authority its own', async () => {
    const all = await table('suggestions.csv', 'member1.fr');
    expect(all.map((r) => r.title_ja)).toEqual(expect.arrayContaining([expect.stringContaining('防災とレジリエンス')]));
    const own = await table('suggestions.csv', 'rep.aix');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.authority_fr === 'Aix-en-Provence')).toBe(true);
  });
});

describe('votes.csv', () => {
  it('gives tallies per theme and committee: closed votes only to readers outside the committees', async () => {
    const committee = await table('votes.csv', 'member1.fr');
    expect(new Set(committee.map((r) => r.status))).toEqual(new Set(['ADOPTED', 'VOTING', 'REJECTED']));
    expect(committee.filter((r) => r.theme_ja === '環境・エネルギー転換').map((r) => r.committee).sort()).toEqual(['FR', 'JP']);
    for (const who of ['rep.aix', undefined]) {
      const outside = await table('votes.csv', who);
      expect(new Set(outside.map((r) => r.status))).toEqual(new Set(who ? ['ADOPTED', 'REJECTED'] : ['ADOPTED']));
    }
  });
});
