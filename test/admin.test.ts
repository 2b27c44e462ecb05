import { codes, startTestApp, TestApp } from './helpers/app';
import { newPerson, seat } from './helpers/people';

let t: TestApp;
const tokens: Record<'LOCAL_AUTHORITY' | 'COMMITTEE' | 'ADMIN', string> = {} as never;
let eighthId: string;
let frCommitteeId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  tokens.ADMIN = await t.login('admin@example.org');
  tokens.COMMITTEE = await t.login('president.fr@example.org');
  tokens.LOCAL_AUTHORITY = await t.login('rep.aix@example.org');
  const { data } = await t.gql(`{ edition(number: 8) { id committees { id country } } }`);
  eighthId = data.edition.id;
  frCommitteeId = data.edition.committees.find((c: { country: string }) => c.country === 'FR').id;
});
afterAll(() => t?.close());

/** Row counts of every table the admin mutations write, to prove that a refused call changed nothing. */
async function counts() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM edition) AS editions, (SELECT count(*) FROM committee) AS committees,
           (SELECT count(*) FROM room) AS rooms, (SELECT count(*) FROM local_authority) AS authorities,
           (SELECT count(*) FROM person) AS people, (SELECT count(*) FROM committee_member) AS members,
           (SELECT count(*) FROM change_event) AS events,
           (SELECT string_agg(id::text || ':' || version, ',' ORDER BY id) FROM edition) AS versions`);
  return rows[0];
}

const CREATE_EDITION = `mutation ($input: CreateEditionInput!) {
  createEdition(input: $input) { id number title { fr ja } hostCountry startDate endDate timeZone status version
    committees { country name { fr ja } members { id } } } }`;

const edition9 = (over: Record<string, unknown> = {}) => ({
  number: 9,
  title: { fr: '  9es Rencontres franco-japonaises  ', ja: '第9回日仏自治体交流会議' },
  hostCity: { fr: 'Nancy', ja: 'ナンシー' },
  hostCountry: 'FR',
  startDate: '2026-10-12',
  endDate: '2026-10-15',
  timeZone: 'Europe/Paris',
  participationDeadline: '2026-06-30T23:59:00+02:00',
  ...over,
});

describe('who may call the admin mutations', () => {
  const calls: Array<[string, () => [string, Record<string, unknown>]]> = [
    ['createEdition', () => [CREATE_EDITION, { input: edition9({ number: 40 }) }]],
    ['updateEdition', () => [`mutation ($id: ID!) { updateEdition(input: { id: $id, expectedVersion: 1, timeZone: "Asia/Tokyo" }) { id } }`, { id: eighthId }]],
    ['createRoom', () => [`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle E" } }) { id } }`, { id: eighthId }]],
    ['createLocalAuthority', () => [`mutation { createLocalAuthority(input: { name: { fr: "Lyon" }, country: FR, kind: COMMUNE }) { id } }`, {}]],
    ['createPerson', () => [`mutation { createPerson(input: { displayName: "X", email: "x@example.net", role: COMMITTEE, password: "long enough password" }) { id } }`, {}]],
    ['addCommitteeMember', () => [`mutation ($c: ID!) { addCommitteeMember(committeeId: $c, personId: "00000000-0000-0000-0000-000000000000", role: MEMBER) { id } }`, { c: frCommitteeId }]],
    ['removeCommitteeMember', () => [`mutation { removeCommitteeMember(id: "00000000-0000-0000-0000-000000000000") }`, {}]],
  ];

  it.each(calls)('%s: anonymous gets UNAUTHENTICATED, a local authority and a committee member FORBIDDEN, and nothing changes', async (_name, call) => {
    const before = await counts();
    const [query, variables] = call();
    expect(codes(await t.gql(query, variables))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(query, variables, { token: tokens.LOCAL_AUTHORITY }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(query, variables, { token: tokens.COMMITTEE }))).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });
});

describe('an admin', () => {
  it('creates an edition with its French and Japanese committees, and the trail records it', async () => {
    const result = await t.gql(CREATE_EDITION, { input: edition9() }, { token: tokens.ADMIN });
    expect(result.errors).toBeUndefined();
    const edition = result.data.createEdition;
    expect(edition).toMatchObject({
      number: 9, title: { fr: '9es Rencontres franco-japonaises', ja: '第9回日仏自治体交流会議' }, hostCountry: 'FR',
      startDate: '2026-10-12', endDate: '2026-10-15', timeZone: 'Europe/Paris', status: 'PLANNING', version: 1,
    });
    expect(edition.committees.map((c: { country: string }) => c.country)).toEqual(['FR', 'JP']);
    expect(edition.committees[1].name.ja).toBe('日本側実行委員会');
    const { rows } = await t.db.query(`SELECT entity_type, action FROM change_event WHERE edition_id = $1 ORDER BY id`, [edition.id]);
    expect(rows).toEqual([
      { entity_type: 'Edition', action: 'CREATE' },
      { entity_type: 'Committee', action: 'CREATE' },
      { entity_type: 'Committee', action: 'CREATE' },
    ]);
    const listed = await t.gql(`{ editions { number } }`);
    expect(listed.data.editions.map((e: { number: number }) => e.number)).toEqual([7, 8, 9]);
  });

  it('updates an edition quoting its version; a stale version gets CONFLICT with the current one', async () => {
    const { data } = await t.gql(`{ edition(number: 7) { id version } }`);
    const update = `mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { version status generalTheme { fr } } }`;
    const ok = await t.gql(update, { input: { id: data.edition.id, expectedVersion: data.edition.version, status: 'ARCHIVED' } }, { token: tokens.ADMIN });
    expect(ok.data.updateEdition).toMatchObject({ version: data.edition.version + 1, status: 'ARCHIVED' });
    const stale = await t.gql(update, { input: { id: data.edition.id, expectedVersion: data.edition.version, status: 'HELD' } }, { token: tokens.ADMIN });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(data.edition.version + 1);
    const { rows } = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 AND action = 'UPDATE'`, [data.edition.id]);
    expect(rows).toEqual([{ changes: { status: { from: 'HELD', to: 'ARCHIVED' } } }]);
  });

  it('creates a room, a local authority, a person, and seats the person on a committee, then unseats them', async () => {
    const room = await t.gql(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle E", ja: "会議室E" }, capacity: 40 }) { id name { fr ja } capacity } }`, { id: eighthId }, { token: tokens.ADMIN });
    expect(room.data.createRoom).toMatchObject({ name: { fr: 'Salle E', ja: '会議室E' }, capacity: 40 });
    const authority = await t.gql(`mutation { createLocalAuthority(input: { name: { fr: "Hamamatsu", ja: "浜松市" }, country: JP, kind: DESIGNATED_CITY }) { id name { ja } country kind } }`, {}, { token: tokens.ADMIN });
    expect(authority.data.createLocalAuthority).toMatchObject({ name: { ja: '浜松市' }, country: 'JP', kind: 'DESIGNATED_CITY' });
    const found = await t.gql(`{ localAuthorities(country: JP, search: "浜松") { id } }`);
    expect(found.data.localAuthorities).toEqual([{ id: authority.data.createLocalAuthority.id }]);

    const person = await t.gql(`mutation { createPerson(input: { displayName: "Ito Ren", email: "ren.ito@example.net", role: COMMITTEE, preferredLocale: JA, password: "a long password here" }) { id displayName email role preferredLocale } }`, {}, { token: tokens.ADMIN });
    expect(person.data.createPerson).toMatchObject({ displayName: 'Ito Ren', email: 'ren.ito@example.net', role: 'COMMITTEE', preferredLocale: 'JA' });
    const personId = person.data.createPerson.id;
    const seat = await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: SECRETARIAT) { id role person { displayName } committee { country } } }`, { c: frCommitteeId, p: personId }, { token: tokens.ADMIN });
    expect(seat.data.addCommitteeMember).toMatchObject({ role: 'SECRETARIAT', person: { displayName: 'Ito Ren' }, committee: { country: 'FR' } });

    const token = await t.login('ren.ito@example.net', 'a long password here');
    const me = await t.gql(`{ viewer { memberships { role } } }`, {}, { token });
    expect(me.data.viewer.memberships).toEqual([{ role: 'SECRETARIAT' }]);

    const twice = await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: MEMBER) { id } }`, { c: frCommitteeId, p: personId }, { token: tokens.ADMIN });
    expect(codes(twice)).toEqual(['BAD_USER_INPUT']);

    const removed = await t.gql(`mutation ($id: ID!) { removeCommitteeMember(id: $id) }`, { id: seat.data.addCommitteeMember.id }, { token: tokens.ADMIN });
    expect(removed.data.removeCommitteeMember).toBe(seat.data.addCommitteeMember.id);
    expect((await t.gql(`{ viewer { memberships { role } } }`, {}, { token })).data.viewer.memberships).toEqual([]);
  });

  it('seats a person once per edition: the other committee is refused, and its quorum counts the same voters', async () => {
    const { data } = await t.gql(`{ edition(number: 8) { committees { id country } } }`);
    const jpCommitteeId = data.edition.committees.find((c: { country: string }) => c.country === 'JP').id;
    const ELIGIBLE = `query ($id: ID!) { theme(id: $id) { tally { committees { committee { country } eligible } } } }`;
    const { rows } = await t.db.query(`SELECT id FROM theme WHERE edition_id = $1 AND status = 'VOTING' LIMIT 1`, [eighthId]);
    const eligible = async () =>
      Object.fromEntries((await t.gql(ELIGIBLE, { id: rows[0].id }, { token: tokens.ADMIN })).data.theme.tally.committees.map((c: any) => [c.committee.country, c.eligible]));
    const before = await eligible();

    const person = await newPerson(t, tokens.ADMIN);
    await seat(t, tokens.ADMIN, frCommitteeId, person.id, 'MEMBER');
    const other = await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: MEMBER) { id } }`, { c: jpCommitteeId, p: person.id }, { token: tokens.ADMIN });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(other.errors![0].extensions!.fields).toEqual([{ field: 'personId', message: 'this person already holds a seat in this edition, on the FR committee' }]);
    expect(await eligible()).toEqual({ ...before, FR: before.FR + 1 });

    // Two admins seating one person on both committees at once: one seat.
    const raced = await newPerson(t, tokens.ADMIN);
    const both = await Promise.all([frCommitteeId, jpCommitteeId].map((c) =>
      t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: MEMBER) { id } }`, { c, p: raced.id }, { token: tokens.ADMIN })));
    expect(both.map(codes).flat().sort()).toEqual(['BAD_USER_INPUT']);
    const seats = await t.db.query(`SELECT count(*)::int AS n FROM committee_member WHERE person_id = $1`, [raced.id]);
    expect(seats.rows[0].n).toBe(1);
  });

  it("shows a person's email to that person and to admins only", async () => {
    const query = `{ edition(number: 8) { committees { members { person { displayName email } } } } }`;
    const emails = (r: any) => r.data.edition.committees.flatMap((c: any) => c.members.map((m: any) => m.person.email));
    expect(emails(await t.gql(query)).every((e: unknown) => e === null)).toBe(true);
    expect(emails(await t.gql(query, {}, { token: tokens.COMMITTEE })).filter(Boolean)).toEqual(['president.fr@example.org']);
    expect(emails(await t.gql(query, {}, { token: tokens.ADMIN })).every((e: unknown) => typeof e === 'string')).toBe(true);
  });
});

describe('bad input', () => {
  const cases: Array<[string, string, Record<string, unknown>, string[]]> = [
    ['an edition ending before it starts', CREATE_EDITION, { input: edition9({ number: 20, endDate: '2026-10-01' }) }, ['input.endDate']],
    ['an edition number already used', CREATE_EDITION, { input: edition9({ number: 8 }) }, ['input.number']],
    ['a title with neither French nor Japanese', CREATE_EDITION, { input: edition9({ number: 21, title: { en: 'Only English', fr: '   ' } }) }, ['input.title']],
    ['a title over 300 characters', CREATE_EDITION, { input: edition9({ number: 22, title: { fr: 'x'.repeat(301) } }) }, ['input.title']],
    ['a control character in a title', CREATE_EDITION, { input: edition9({ number: 23, title: { fr: 'Bonjour\u0007' } }) }, ['input.title']],
    ['an unknown time zone', CREATE_EDITION, { input: edition9({ number: 24, timeZone: 'Mars/Olympus' }) }, ['input.timeZone']],
    ['a negative room capacity', `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`, { input: { editionId: '', name: { fr: 'S' }, capacity: -1 } }, ['input.capacity']],
    ['a malformed email and a short password', `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      { input: { displayName: 'Y', email: 'not-an-email', role: 'COMMITTEE', password: 'short' } }, ['input.email', 'input.password']],
    ['an email already used, in another case', `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      { input: { displayName: 'Z', email: 'ADMIN@example.org', role: 'ADMIN', password: 'long enough password' } }, ['input.email']],
    ['a local authority representative without an authority', `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      { input: { displayName: 'Z', email: 'z@example.net', role: 'LOCAL_AUTHORITY', password: 'long enough password' } }, ['input.localAuthorityId']],
    ['an empty display name', `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      { input: { displayName: '  ', email: 'w@example.net', role: 'ADMIN', password: 'long enough password' } }, ['input.displayName']],
  ];

  it.each(cases)('%s is refused with BAD_USER_INPUT naming the field, and changes nothing', async (_name, query, variables, fields) => {
    const before = await counts();
    const result = await t.gql(query, variables, { token: tokens.ADMIN });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field).sort()).toEqual(fields);
    expect(await counts()).toEqual(before);
  });

  it('never echoes a submitted password in an error', async () => {
    const result = await t.gql(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      { input: { displayName: 'Y', email: 'y@example.net', role: 'COMMITTEE', password: 'secret1' } }, { token: tokens.ADMIN });
    expect(JSON.stringify(result.errors)).not.toContain('secret1');
  });

  it('answers NOT_FOUND for ids that name nothing, and changes nothing', async () => {
    const before = await counts();
    const missing = '00000000-0000-0000-0000-000000000000';
    const room = await t.gql(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "S" } }) { id } }`, { id: missing }, { token: tokens.ADMIN });
    expect(codes(room)).toEqual(['NOT_FOUND']);
    const garbled = await t.gql(`mutation { updateEdition(input: { id: "not-an-id", expectedVersion: 1, timeZone: "UTC" }) { id } }`, {}, { token: tokens.ADMIN });
    expect(codes(garbled)).toEqual(['NOT_FOUND']);
    const seat = await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: MEMBER) { id } }`, { c: frCommitteeId, p: missing }, { token: tokens.ADMIN });
    expect(codes(seat)).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
  });
});
