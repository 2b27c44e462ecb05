import { codes, startTestApp, TestApp } from './helpers/app';

// The story of issue 5, second part: each local authority returns its participation form
// (bulletin de participation) before the deadline, "avant le 4 septembre" 2023; submitting again updates it.

let t: TestApp;
const token: Record<string, string> = {};
let eighthId: string;
const authority: Record<string, string> = {};

/** Before the 8th edition's participation deadline (4 Sept 2023, 00:00 in Paris). */
const BEFORE_DEADLINE = new Date('2023-08-20T08:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'president.fr', 'member1.jp', 'rep.aix', 'rep.shizuoka']) token[who] = await t.login(`${who}@example.org`);
  const { data } = await t.gql(`{ edition(number: 8) { id } localAuthorities { id name { fr } } }`);
  eighthId = data.edition.id;
  for (const a of data.localAuthorities) authority[a.name.fr] = a.id;
});
afterAll(() => t?.close());

/** Every form as stored, and the trail's length: a refused call changes neither. */
async function state() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM change_event) AS events,
           (SELECT coalesce(json_agg(p ORDER BY p.id), '[]') FROM participation p) AS forms`);
  return rows[0];
}

async function formOf(name: string) {
  const { rows } = await t.db.query(`SELECT * FROM participation WHERE edition_id = $1 AND local_authority_id = $2`, [eighthId, authority[name]]);
  return rows;
}

const SUBMIT = `mutation ($input: SubmitParticipationInput!) {
  submitParticipation(input: $input) { id status version attendsSteeringMeeting submittedAt
    delegates { name function email } localAuthority { name { fr } } edition { number } } }`;

const CANCEL = `mutation ($id: ID!, $v: Int!) { cancelParticipation(id: $id, expectedVersion: $v) { id status version } }`;

const formFor = (over: Record<string, unknown> = {}) => ({
  editionId: eighthId,
  attendsSteeringMeeting: true,
  delegates: [
    { name: 'Marc Olivier [exemple]', function: 'Chargé de mission', email: 'marc.olivier@example.net' },
    { name: 'Léa Fontaine [exemple]', function: ' Élue ', email: null },
  ],
  ...over,
});

describe('who reads participation forms', () => {
  const EDITION = `{ edition(number: 8) { participations { status localAuthority { name { fr } } delegates { name email } } } }`;
  const AUTHORITY = `{ localAuthorities(search: "Shizuoka") { name { fr } participations { status edition { number } delegates { name email } } } }`;
  const cityOfShizuoka = (r: any) => r.data.localAuthorities.find((a: any) => a.name.fr === 'Ville de Shizuoka');

  it('nobody anonymous: UNAUTHENTICATED', async () => {
    expect(codes(await t.gql(EDITION))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(AUTHORITY))).toEqual(['UNAUTHENTICATED']);
  });

  it("a local authority reads its own form, with its delegates' emails, and no other", async () => {
    const own = await t.gql(EDITION, {}, { token: token['rep.aix'] });
    expect(own.data.edition.participations).toEqual([{
      status: 'REGISTERED', localAuthority: { name: { fr: 'Aix-en-Provence' } },
      delegates: [{ name: 'Marc Olivier [exemple]', email: 'rep.aix@example.org' }, { name: 'Anne Dubois [exemple]', email: null }],
    }]);
    expect(cityOfShizuoka(await t.gql(AUTHORITY, {}, { token: token['rep.aix'] })).participations).toEqual([]);
    expect(cityOfShizuoka(await t.gql(AUTHORITY, {}, { token: token['rep.shizuoka'] })).participations).toEqual([
      { status: 'CONFIRMED', edition: { number: 8 }, delegates: [{ name: '望月 陽子 [例]', email: 'rep.shizuoka@example.org' }] },
    ]);
  });

  it("committee members read every form, with the delegates' emails hidden; admins read the emails", async () => {
    const committee = await t.gql(EDITION, {}, { token: token['member1.jp'] });
    const forms = committee.data.edition.participations;
    expect(forms.map((f: any) => f.localAuthority.name.fr).sort()).toEqual(['Aix-en-Provence', 'Métropole du Grand Nancy', 'Ville de Shizuoka']);
    expect(forms.flatMap((f: any) => f.delegates.map((d: any) => d.email))).toEqual([null, null, null, null]);
    expect(forms.flatMap((f: any) => f.delegates.map((d: any) => d.name))).toContain('Hélène Girard [exemple]');
    expect(cityOfShizuoka(await t.gql(AUTHORITY, {}, { token: token['member1.jp'] })).participations[0].delegates[0].email).toBeNull();
    const admin = await t.gql(EDITION, {}, { token: token.admin });
    expect(admin.data.edition.participations.flatMap((f: any) => f.delegates.map((d: any) => d.email)).filter(Boolean)).toHaveLength(3);
  });
});

describe('a local authority submits its form', () => {
  it('again before the deadline: the one form is updated, its version goes up, and the trail keeps no email', async () => {
    const [before] = await formOf('Aix-en-Provence');
    const result = await t.at(BEFORE_DEADLINE, () => t.gql(SUBMIT, { input: formFor({ attendsSteeringMeeting: false }) }, { token: token['rep.aix'] }));
    expect(result.errors).toBeUndefined();
    expect(result.data.submitParticipation).toEqual({
      id: before.id, status: 'REGISTERED', version: before.version + 1, attendsSteeringMeeting: false,
      submittedAt: BEFORE_DEADLINE.toISOString(), localAuthority: { name: { fr: 'Aix-en-Provence' } }, edition: { number: 8 },
      delegates: [
        { name: 'Marc Olivier [exemple]', function: 'Chargé de mission', email: 'marc.olivier@example.net' },
        { name: 'Léa Fontaine [exemple]', function: 'Élue', email: null },
      ],
    });
    expect(await formOf('Aix-en-Provence')).toHaveLength(1);
    const { rows } = await t.db.query(`SELECT action, edition_id, changes FROM change_event WHERE entity_id = $1`, [before.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'UPDATE', edition_id: eighthId });
    expect(rows[0].changes.delegates.to).toEqual([
      { name: 'Marc Olivier [exemple]', nativeName: null, function: 'Chargé de mission', head: true },
      { name: 'Léa Fontaine [exemple]', nativeName: null, function: 'Élue', head: false },
    ]);
    expect(JSON.stringify(rows[0].changes)).not.toContain('@');
  });

  it('after the deadline gets DEADLINE_PASSED and changes nothing; an admin may still submit', async () => {
    const before = await state();
    const late = await t.at(new Date('2023-09-03T22:00:01Z'), () => t.gql(SUBMIT, { input: formFor() }, { token: token['rep.aix'] }));
    expect(codes(late)).toEqual(['DEADLINE_PASSED']);
    expect(await state()).toEqual(before);
    const byAdmin = await t.gql(SUBMIT, { input: formFor({ localAuthorityId: authority['Strasbourg'] }) }, { token: token.admin });
    expect(byAdmin.data.submitParticipation).toMatchObject({ status: 'REGISTERED', version: 1, localAuthority: { name: { fr: 'Strasbourg' } } });
    const { rows } = await t.db.query(`SELECT action, changes FROM change_event WHERE entity_id = $1`, [byAdmin.data.submitParticipation.id]);
    expect(rows).toEqual([expect.objectContaining({ action: 'CREATE' })]);
    expect(JSON.stringify(rows[0].changes)).not.toContain('@');
  });

  it('only for its own authority: another is FORBIDDEN, committee members FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const before = await state();
    await t.at(BEFORE_DEADLINE, async () => {
      expect(codes(await t.gql(SUBMIT, { input: formFor({ localAuthorityId: authority['Ville de Shizuoka'] }) }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(SUBMIT, { input: formFor() }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(SUBMIT, { input: formFor({ localAuthorityId: authority['Kyoto'] }) }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(SUBMIT, { input: formFor() }))).toEqual(['UNAUTHENTICATED']);
      const admin = await t.gql(SUBMIT, { input: formFor() }, { token: token.admin });
      expect(codes(admin)).toEqual(['BAD_USER_INPUT']);
      expect(admin.errors![0].extensions!.fields[0].field).toBe('input.localAuthorityId');
    });
    expect(await state()).toEqual(before);
  });

  it('may leave an email blank: it counts as none', async () => {
    const result = await t.at(BEFORE_DEADLINE, () =>
      t.gql(SUBMIT, { input: formFor({ delegates: [{ name: '望月 陽子 [例]', email: '   ' }] }) }, { token: token['rep.shizuoka'] }));
    expect(result.data.submitParticipation.delegates).toEqual([{ name: '望月 陽子 [例]', function: null, email: null }]);
    // Still CONFIRMED: updating the form keeps what the organisers confirmed.
    expect(result.data.submitParticipation.status).toBe('CONFIRMED');
  });

  const many = Array.from({ length: 51 }, (_, i) => ({ name: `Délégué ${i + 1}` }));
  const bad: Array<[string, unknown[], string[]]> = [
    ['an empty list of delegates', [], ['input.delegates']],
    ['a malformed email', [{ name: 'A', email: 'not-an-email' }], ['input.delegates.0.email']],
    ['a delegate with a blank name', [{ name: 'A' }, { name: '   ' }], ['input.delegates.1.name']],
    ['a control character in a function', [{ name: 'A', function: 'Maire\u0008' }], ['input.delegates.0.function']],
    ['51 delegates', many, ['input.delegates']],
  ];
  it.each(bad)('with %s is refused with BAD_USER_INPUT naming the field, and nothing changes', async (_name, delegates, fields) => {
    const before = await state();
    const result = await t.at(BEFORE_DEADLINE, () => t.gql(SUBMIT, { input: formFor({ delegates }) }, { token: token['rep.aix'] }));
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toEqual(fields);
    expect(await state()).toEqual(before);
  });

  it('for an edition that does not exist gets NOT_FOUND', async () => {
    const before = await state();
    const result = await t.gql(SUBMIT, { input: formFor({ editionId: '00000000-0000-0000-0000-000000000000' }) }, { token: token['rep.aix'] });
    expect(codes(result)).toEqual(['NOT_FOUND']);
    expect(await state()).toEqual(before);
  });
});

describe('cancelling a participation', () => {
  it("is for the authority's representatives and admins, at any time, quoting the version", async () => {
    const [form] = await formOf('Ville de Shizuoka');
    const before = await state();
    expect(codes(await t.gql(CANCEL, { id: form.id, v: form.version }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(CANCEL, { id: form.id, v: form.version }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CANCEL, { id: form.id, v: form.version }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
    const stale = await t.gql(CANCEL, { id: form.id, v: form.version - 1 }, { token: token['rep.shizuoka'] });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(form.version);
    expect(await state()).toEqual(before);

    // The clock is past the deadline: withdrawing is still possible.
    const cancelled = await t.gql(CANCEL, { id: form.id, v: form.version }, { token: token['rep.shizuoka'] });
    expect(cancelled.data.cancelParticipation).toEqual({ id: form.id, status: 'CANCELLED', version: form.version + 1 });
    const { rows } = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 ORDER BY id DESC LIMIT 1`, [form.id]);
    expect(rows[0].changes).toEqual({ status: { from: 'CONFIRMED', to: 'CANCELLED' } });

    const afterCancel = await state();
    expect(codes(await t.gql(CANCEL, { id: form.id, v: form.version + 1 }, { token: token['rep.shizuoka'] }))).toEqual(['INVALID_STATE']);
    expect(await state()).toEqual(afterCancel);
  });

  it('is undone by submitting the form again: the authority is REGISTERED anew', async () => {
    const result = await t.at(BEFORE_DEADLINE, () => t.gql(SUBMIT, { input: formFor({ delegates: [{ name: '望月 陽子 [例]' }] }) }, { token: token['rep.shizuoka'] }));
    expect(result.data.submitParticipation.status).toBe('REGISTERED');
    expect(await formOf('Ville de Shizuoka')).toHaveLength(1);
  });

  it('of a form that does not exist gets NOT_FOUND', async () => {
    expect(codes(await t.gql(CANCEL, { id: '00000000-0000-0000-0000-000000000000', v: 1 }, { token: token.admin }))).toEqual(['NOT_FOUND']);
  });
});

describe('concurrent submissions', () => {
  it('for the same authority leave exactly one form, each submission one version of it', async () => {
    const input = formFor({ localAuthorityId: authority['Région Centre-Val de Loire'] });
    const results = await Promise.all(Array.from({ length: 12 }, () => t.gql(SUBMIT, { input }, { token: token.admin })));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const forms = await formOf('Région Centre-Val de Loire');
    expect(forms).toHaveLength(1);
    expect(new Set(results.map((r) => r.data.submitParticipation.id))).toEqual(new Set([forms[0].id]));
    expect(results.map((r) => r.data.submitParticipation.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(forms[0].version).toBe(12);
    const { rows } = await t.db.query(`SELECT action, count(*)::int AS n FROM change_event WHERE entity_id = $1 GROUP BY action ORDER BY action`, [forms[0].id]);
    expect(rows).toEqual([{ action: 'CREATE', n: 1 }, { action: 'UPDATE', n: 11 }]);
  });

  it('by a representative racing an admin still leave one form', async () => {
    const [before] = await formOf('Aix-en-Provence');
    const results = await t.at(BEFORE_DEADLINE, () => Promise.all([
      ...Array.from({ length: 4 }, () => t.gql(SUBMIT, { input: formFor() }, { token: token['rep.aix'] })),
      ...Array.from({ length: 4 }, () => t.gql(SUBMIT, { input: formFor({ localAuthorityId: authority['Aix-en-Provence'] }) }, { token: token.admin })),
    ]));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const forms = await formOf('Aix-en-Provence');
    expect(forms).toHaveLength(1);
    expect(forms[0].version).toBe(before.version + 8);
  });
});
