import { codes, startTestApp, TestApp } from './helpers/app';

// The story of issue 17, fifth part: the secretariat's list of local authorities comes in as CSV.
// A dry run (the default) says what would be created, updated or left unchanged and which lines are
// refused, and changes nothing; the real run does exactly that, in one transaction.

let t: TestApp;
let admin: string;
const IMPORT = `mutation ($csv: String!, $dryRun: Boolean) { importLocalAuthorities(csv: $csv, dryRun: $dryRun) {
  created updated unchanged dryRun errors { line message } } }`;
let csv: string;

async function state() {
  const { rows } = await t.db.query(`SELECT (SELECT count(*)::int FROM local_authority) AS authorities,
    (SELECT count(*)::int FROM change_event WHERE entity_type = 'LocalAuthority') AS events,
    (SELECT string_agg(id || ':' || version || ':' || kind || ':' || name::text, ',' ORDER BY id) FROM local_authority) AS rows`);
  return rows[0];
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  admin = await t.login('admin@example.org');
  const aix = (await t.db.query(`SELECT kind, name->>'ja' AS ja FROM local_authority WHERE name->>'fr' = 'Aix-en-Provence'`)).rows[0];
  const shizuoka = (await t.db.query(`SELECT kind FROM local_authority WHERE name->>'ja' = '静岡市'`)).rows[0];
  csv = '\uFEFF' + [
    'country,kind,name_fr,name_ja,name_en',
    `FR,${aix.kind},Aix-en-Provence,${aix.ja},`,
    `JP,${shizuoka.kind},,静岡市,Shizuoka City`,
    'fr,commune,"Commune nouvelle, [exemple]",新しい町,',
    'XX,COMMUNE,Nulle part,,',
    'FR,COMMUNE,,,',
    'FR,CASTLE,Château [exemple],,',
  ].join('\r\n') + '\r\n';
});
afterAll(() => t?.close());

describe('importing local authorities', () => {
  it('by default runs dry: reports created, updated, unchanged and each refused line by number, and changes nothing', async () => {
    const before = await state();
    const result = await t.gql(IMPORT, { csv }, { token: admin });
    expect(result.errors).toBeUndefined();
    expect(result.data.importLocalAuthorities).toEqual({
      created: 1, updated: 1, unchanged: 1, dryRun: true,
      errors: [
        { line: 5, message: 'country "XX" is not FR or JP' },
        { line: 6, message: 'needs name_fr or name_ja' },
        { line: 7, message: expect.stringMatching(/^kind "CASTLE" is not one of REGION, /) },
      ],
    });
    expect(await state()).toEqual(before);
  });

  it("tells refused lines in the caller's language", async () => {
    const result = await t.gql(IMPORT, { csv }, { token: admin, headers: { 'Accept-Language': 'ja' } });
    expect(result.data.importLocalAuthorities.errors[1]).toEqual({ line: 6, message: 'name_fr または name_ja が必要です' });
  });

  it('does the same for real, in one transaction, and a second run finds everything unchanged', async () => {
    const before = await state();
    const result = await t.gql(IMPORT, { csv, dryRun: false }, { token: admin });
    expect(result.data.importLocalAuthorities).toMatchObject({ created: 1, updated: 1, unchanged: 1, dryRun: false });
    const after = await state();
    expect(after.authorities).toBe(before.authorities + 1);
    expect(after.events).toBe(before.events + 2);
    const { localAuthorities } = (await t.gql(`{ localAuthorities { name { fr ja en } country kind } }`)).data;
    expect(localAuthorities).toEqual(expect.arrayContaining([
      { name: { fr: 'Commune nouvelle, [exemple]', ja: '新しい町', en: null }, country: 'FR', kind: 'COMMUNE' },
      expect.objectContaining({ name: expect.objectContaining({ ja: '静岡市', en: 'Shizuoka City' }), country: 'JP' }),
    ]));
    const again = await t.gql(IMPORT, { csv, dryRun: false }, { token: admin });
    expect(again.data.importLocalAuthorities).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await state()).toEqual(after);
  });

  it('refuses a file without the required columns as bad input, changing nothing', async () => {
    const before = await state();
    const result = await t.gql(IMPORT, { csv: 'country,name_fr\nFR,Lyon\n', dryRun: false }, { token: admin });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields).toEqual([{ field: 'csv', message: 'lacks the column(s) kind, name_ja in its header line' }]);
    expect(await state()).toEqual(before);
  });

  it('is for admins only', async () => {
    const secretariat = await t.login('president.fr@example.org');
    expect(codes(await t.gql(IMPORT, { csv }, { token: secretariat }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(IMPORT, { csv }))).toEqual(['UNAUTHENTICATED']);
  });
});
