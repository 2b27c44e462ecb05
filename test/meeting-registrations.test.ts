import { codes, startTestApp, TestApp } from './helpers/app';

// The story of issue 17, first part: the letter asks every French authority to return a bulletin de
// participation for the wide steering committee of 18 September 2023 before 4 September. Each authority
// registers who comes, in person or online, and may send it again to change it; the secretariat takes
// late registrations.

let t: TestApp;
const token: Record<string, string> = {};
const authority: Record<string, string> = {};
let meetingId: string;
let eighthId: string;
const committee: Record<string, string> = {};

const BEFORE = new Date('2023-09-01T08:00:00Z');
const REGISTER = `mutation ($input: MeetingRegistrationInput!) { registerForMeeting(input: $input) {
  id version online submittedAt localAuthority { id } meeting { id }
  attendees { name nativeName function email head language needs sessionIds } } }`;
const REGISTRATIONS = `query { edition(number: 8) { meetings { id registrations { id version online localAuthority { id } attendees { name email head needs } } } } }`;

const aixAttendees = () => [
  { name: 'Marc Olivier [exemple]', function: 'Chargé de mission', email: 'rep.aix@example.org', needs: 'Repas végétarien' },
  { name: 'Sophie Joly-Maréchal [exemple]', head: true, language: 'FR' },
];

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'rep.aix', 'rep.shizuoka', 'member1.fr']) token[who] = await t.login(`${who}@example.org`);
  const { rows } = await t.db.query(`SELECT p.email, p.local_authority_id FROM person p WHERE p.local_authority_id IS NOT NULL`);
  for (const row of rows) authority[row.email.split('@')[0]] = row.local_authority_id;
  authority.nancy = (await t.db.query(`SELECT id FROM local_authority WHERE name->>'fr' LIKE '%Grand Nancy'`)).rows[0].id;
  meetingId = (await t.db.query(`SELECT id FROM steering_meeting`)).rows[0].id;
  const { data } = await t.gql(`{ editions { id number committees { id country } } }`);
  for (const edition of data.editions) for (const c of edition.committees) committee[`${edition.number}.${c.country}`] = c.id;
  eighthId = data.editions.find((e: any) => e.number === 8).id;
  // A secretariat seat of the French committee (Cités Unies France).
  const person = await t.gql(`mutation { createPerson(input: { displayName: "Lucie Petit [exemple]", email: "secretariat.fr@example.org",
    role: COMMITTEE, password: "secretariat password" }) { id } }`, {}, { token: token.admin });
  await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: SECRETARIAT) { id } }`,
    { c: committee['8.FR'], p: person.data.createPerson.id }, { token: token.admin });
  token.secretariat = await t.login('secretariat.fr@example.org', 'secretariat password');
});
afterAll(() => t?.close());

async function stored() {
  const { rows } = await t.db.query(`SELECT local_authority_id, version, online, attendees FROM meeting_registration ORDER BY local_authority_id`);
  return rows;
}

describe('the wide committee of 18 September 2023', () => {
  it('is open to local authorities, with registrations due before 4 September 2023 (Paris)', async () => {
    const result = await t.gql(`{ edition(number: 8) { meetings { id openToLocalAuthorities registrationDeadline registrations { id } } } }`, {}, { token: token['rep.aix'] });
    expect(result.errors).toBeUndefined();
    expect(result.data.edition.meetings[0]).toEqual({ id: meetingId, openToLocalAuthorities: true, registrationDeadline: '2023-09-03T22:00:00.000Z', registrations: [] });
  });
});

describe('registering for a meeting', () => {
  it("lets an authority's representative register its delegation before the deadline, and update it by sending it again", async () => {
    const first = await t.at(BEFORE, () => t.gql(REGISTER, { input: { meetingId, attendees: aixAttendees() } }, { token: token['rep.aix'] }));
    expect(first.errors).toBeUndefined();
    expect(first.data.registerForMeeting).toMatchObject({
      version: 1, online: false, localAuthority: { id: authority['rep.aix'] }, meeting: { id: meetingId },
      attendees: [
        { name: 'Marc Olivier [exemple]', email: 'rep.aix@example.org', head: false, needs: 'Repas végétarien', language: null, sessionIds: [] },
        { name: 'Sophie Joly-Maréchal [exemple]', head: true, language: 'FR', email: null },
      ],
    });
    const again = await t.at(BEFORE, () =>
      t.gql(REGISTER, { input: { meetingId, online: true, attendees: [{ name: 'Marc Olivier [exemple]' }] } }, { token: token['rep.aix'] }));
    expect(again.errors).toBeUndefined();
    expect(again.data.registerForMeeting).toMatchObject({ id: first.data.registerForMeeting.id, version: 2, online: true });
    // Alone, he leads the delegation.
    expect(again.data.registerForMeeting.attendees).toEqual([expect.objectContaining({ name: 'Marc Olivier [exemple]', head: true })]);
    expect((await stored()).filter((r) => r.local_authority_id === authority['rep.aix'])).toHaveLength(1);
  });

  it('refuses a registration after the deadline with DEADLINE_PASSED, naming the deadline in Paris time, in English and French', async () => {
    const before = await stored();
    const en = await t.gql(REGISTER, { input: { meetingId, attendees: aixAttendees() } }, { token: token['rep.aix'] });
    expect(codes(en)).toEqual(['DEADLINE_PASSED']);
    expect(en.errors![0].message).toContain('September 4, 2023 at 00:00');
    expect(en.errors![0].message).toContain('Central European');
    expect(en.errors![0].extensions).toMatchObject({ deadline: '2023-09-03T22:00:00.000Z', deadlineKind: 'MEETING_REGISTRATION' });
    const fr = await t.gql(REGISTER, { input: { meetingId, attendees: aixAttendees() } }, { token: token['rep.aix'], headers: { 'Accept-Language': 'fr' } });
    expect(fr.errors![0].message).toContain("La date limite d'inscription à cette réunion était le 4 septembre 2023 à 0 h 00");
    expect(await stored()).toEqual(before);
  });

  it('lets the secretariat and admins register an authority after the deadline', async () => {
    const bySecretariat = await t.gql(REGISTER, { input: { meetingId, localAuthorityId: authority.nancy, attendees: [{ name: 'Hélène Girard [exemple]' }] } },
      { token: token.secretariat });
    expect(bySecretariat.errors).toBeUndefined();
    expect(bySecretariat.data.registerForMeeting.localAuthority.id).toBe(authority.nancy);
    const byAdmin = await t.gql(REGISTER, { input: { meetingId, localAuthorityId: authority.nancy, online: true, attendees: [{ name: 'Hélène Girard [exemple]' }] } },
      { token: token.admin });
    expect(byAdmin.data.registerForMeeting).toMatchObject({ version: 2, online: true });
    // Whoever registers for any authority must name it.
    const unnamed = await t.gql(REGISTER, { input: { meetingId, attendees: [{ name: 'X' }] } }, { token: token.secretariat });
    expect(codes(unnamed)).toEqual(['BAD_USER_INPUT']);
    expect(unnamed.errors![0].extensions!.fields).toEqual([expect.objectContaining({ field: 'input.localAuthorityId' })]);
  });

  it("refuses another authority's registration, committee members and anonymous callers", async () => {
    const before = await stored();
    const input = { meetingId, localAuthorityId: authority['rep.aix'], attendees: [{ name: 'Intrus' }] };
    const other = await t.at(BEFORE, () => t.gql(REGISTER, { input }, { token: token['rep.shizuoka'] }));
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(other.errors![0].extensions!.right).toBe('RegisterForMeeting');
    expect(codes(await t.at(BEFORE, () => t.gql(REGISTER, { input }, { token: token['member1.fr'] })))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(REGISTER, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(await stored()).toEqual(before);
  });

  it('refuses two heads of delegation, and a meeting that is not open to local authorities, changing nothing', async () => {
    const before = await stored();
    const twoHeads = await t.at(BEFORE, () => t.gql(REGISTER, { input: { meetingId, attendees: [{ name: 'A', head: true }, { name: 'B', head: true }] } },
      { token: token['rep.aix'] }));
    expect(codes(twoHeads)).toEqual(['BAD_USER_INPUT']);
    expect(twoHeads.errors![0].extensions!.fields).toEqual([expect.objectContaining({ field: 'input.attendees', message: 'names 2 heads of delegation; a delegation has one' })]);
    const closed = await t.gql(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id openToLocalAuthorities } }`, {
      input: { editionId: eighthId, committeeId: committee['8.FR'], title: { fr: 'Bureau restreint' }, startsAt: '2024-02-01T10:00:00Z', endsAt: '2024-02-01T11:00:00Z' },
    }, { token: token.admin });
    expect(closed.data.scheduleMeeting.openToLocalAuthorities).toBe(false);
    const refused = await t.gql(REGISTER, { input: { meetingId: closed.data.scheduleMeeting.id, attendees: [{ name: 'A' }] } }, { token: token['rep.aix'] });
    expect(codes(refused)).toEqual(['INVALID_STATE']);
    expect(await stored()).toEqual(before);
  });

  it('keeps one registration per authority and meeting under parallel first submissions, each counted once', async () => {
    const { data } = await t.gql(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`, {
      input: {
        editionId: eighthId, committeeId: committee['8.FR'], title: { fr: 'Comité large, deuxième réunion' }, openToLocalAuthorities: true,
        registrationDeadline: '2030-01-01T00:00:00Z', startsAt: '2024-03-01T10:00:00Z', endsAt: '2024-03-01T11:00:00Z',
      },
    }, { token: token.admin });
    const id = data.scheduleMeeting.id;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      t.gql(REGISTER, { input: { meetingId: id, attendees: [{ name: `Délégué ${i}` }] } }, { token: token['rep.aix'] })));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const { rows } = await t.db.query(`SELECT version FROM meeting_registration WHERE meeting_id = $1`, [id]);
    expect(rows).toEqual([{ version: 8 }]);
    expect(results.map((r) => r.data.registerForMeeting.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('reading registrations', () => {
  it('shows a representative their own, committee members all without contact details or needs, the secretariat and admins everything', async () => {
    const seen = async (who: string) => {
      const result = await t.gql(REGISTRATIONS, {}, { token: token[who] });
      expect(result.errors).toBeUndefined();
      return result.data.edition.meetings.find((m: any) => m.id === meetingId).registrations;
    };
    const own = await seen('rep.aix');
    expect(own.map((r: any) => r.localAuthority.id)).toEqual([authority['rep.aix']]);
    expect(await seen('rep.shizuoka')).toEqual([]);
    const member = await seen('member1.fr');
    expect(member.map((r: any) => r.localAuthority.id).sort()).toEqual([authority['rep.aix'], authority.nancy].sort());
    expect(member.flatMap((r: any) => r.attendees).every((a: any) => a.email === null && a.needs === null)).toBe(true);
    await t.at(BEFORE, () => t.gql(REGISTER, { input: { meetingId, attendees: aixAttendees() } }, { token: token['rep.aix'] }));
    for (const who of ['secretariat', 'admin', 'rep.aix']) {
      const aix = (await seen(who)).find((r: any) => r.localAuthority.id === authority['rep.aix']);
      expect(aix.attendees[0]).toMatchObject({ email: 'rep.aix@example.org', needs: 'Repas végétarien' });
    }
  });

  it('keeps contact details and needs out of the trail, which every signed-in user reads', async () => {
    const { rows } = await t.db.query(`SELECT changes::text AS changes FROM change_event WHERE entity_type = 'MeetingRegistration'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.changes.includes('rep.aix@example.org') || r.changes.includes('végétarien'))).toBe(false);
  });
});
