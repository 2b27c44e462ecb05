import { DataSource } from 'typeorm';
import { migrations } from '../migrations';
import { hashPassword } from '../src/auth/passwords';
import { createTestDatabase } from './helpers/database';
import { codes, DEMO_PASSWORD, startTestApp, TestApp } from './helpers/app';

// People as each public writes them: Latin letters, native script, kana; GUESTs without accounts.

let t: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'member1.fr', 'president.jp', 'rep.aix', 'secretariat.cuf']) tokens[who] = await t.login(`${who}@example.org`);
});
afterAll(() => t?.close());

const ADD = `mutation ($input: AddPersonInput!) { addPerson(input: $input) {
  id version displayName name { latin native kana } fr: nameFor(locale: FR) ja: nameFor(locale: JA) en: nameFor(locale: EN)
  function { fr ja } role hasAccount active email } }`;

describe('a person named in both scripts', () => {
  it('is read by each reader in their own script, and found by any of the three forms', async () => {
    const added = await t.gql(ADD, {
      input: { name: { latin: 'SUZUKI Nobuhiro', native: '鈴木 信宏', kana: 'すずき のぶひろ' }, function: { fr: 'Maire adjoint', ja: '副市長' }, email: 'suzuki@example.jp' },
    }, { token: tokens['member1.fr'] });
    expect(added.errors).toBeUndefined();
    expect(added.data.addPerson).toMatchObject({
      displayName: '鈴木 信宏', name: { latin: 'SUZUKI Nobuhiro', native: '鈴木 信宏', kana: 'すずき のぶひろ' },
      fr: 'SUZUKI Nobuhiro', ja: '鈴木 信宏', en: 'SUZUKI Nobuhiro', function: { fr: 'Maire adjoint', ja: '副市長' },
      role: 'GUEST', hasAccount: false, active: true,
      // A committee member does not see a guest's address.
      email: null,
    });
    const find = async (search: string) =>
      (await t.gql(`query ($s: String) { people(search: $s) { id } }`, { s: search }, { token: tokens['president.jp'] })).data.people.map((p: any) => p.id);
    for (const search of ['suzuki', 'Nobuhiro', '鈴木', '鈴木信宏', 'のぶひろ', 'SUZUKI@example.jp']) expect(await find(search)).toContain(added.data.addPerson.id);
    expect(await find('佐藤')).not.toContain(added.data.addPerson.id);
  });

  it("has a Latin-only name read the same way by everyone", async () => {
    const { data } = await t.gql(`{ people(search: "Zerkani") { displayName ja: nameFor(locale: JA) function { fr } } }`, {}, { token: tokens.admin });
    expect(data.people).toEqual([{
      displayName: 'Karima Zerkani-Raynal', ja: 'Karima Zerkani-Raynal',
      function: { fr: "Adjointe au Maire déléguée aux Relations Internationales d'Aix-en-Provence, Présidente du Comité de pilotage français, Présidente du groupe-pays Japon de Cités Unies France" },
    }]);
  });

  it('every Japanese demo person has a native and a Latin name', async () => {
    const { rows } = await t.db.query(`SELECT name_latin, name_native FROM person WHERE preferred_locale = 'JA'`);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.name_native).toBeTruthy();
      expect(row.name_latin).toMatch(/^[A-Za-zÀ-ÿ' \-/[\]]+$/);
    }
  });
});

describe('guests', () => {
  it('are added by committee members, secretariat seats and admins, not by local authorities; cannot sign in', async () => {
    for (const who of ['member1.fr', 'secretariat.cuf', 'admin']) {
      const added = await t.gql(ADD, { input: { name: { latin: `Invité ${who}` } } }, { token: tokens[who] });
      expect(added.data.addPerson).toMatchObject({ role: 'GUEST', hasAccount: false });
    }
    const refused = await t.gql(ADD, { input: { name: { latin: 'Refusé' } } }, { token: tokens['rep.aix'] });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect((await t.db.query(`SELECT 1 FROM person WHERE name_latin = 'Refusé'`)).rowCount).toBe(0);
    const login = await t.gql(`mutation { login(email: "speaker.kyoto@example.org", password: "${DEMO_PASSWORD}") { token } }`);
    expect(codes(login)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a name on two lines, an empty Latin name or a taken email, and writes nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM person`)).rows[0].n;
    for (const [input, field] of [
      [{ name: { latin: 'A\nB' } }, 'input.name.latin'],
      [{ name: { latin: '  ' } }, 'input.name.latin'],
      [{ name: { latin: 'X', native: '鈴木\r信宏' } }, 'input.name.native'],
      [{ name: { latin: 'X' }, email: 'ADMIN@example.org' }, 'input.email'],
    ] as const) {
      const response = await t.gql(ADD, { input }, { token: tokens.admin });
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual([field]);
    }
    expect((await t.db.query(`SELECT count(*)::int AS n FROM person`)).rows[0].n).toBe(before);
  });
});

describe('updatePerson', () => {
  it('lets the person change their names and texts, an admin their email and role; others are refused; versions guard it', async () => {
    const { rows } = await t.db.query(`SELECT id, version FROM person WHERE email = 'member1.fr@example.org'`);
    const [me] = rows;
    const UPDATE = `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version name { latin native } bio { fr ja } email role } }`;
    const own = await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version, name: { latin: 'Claire MARTIN [exemple]' }, bio: { fr: 'Élue [exemple]', ja: '議員' } } },
      { token: tokens['member1.fr'] });
    expect(own.data.updatePerson).toMatchObject({ version: me.version + 1, name: { latin: 'Claire MARTIN [exemple]', native: null }, bio: { fr: 'Élue [exemple]', ja: '議員' } });
    // Only the languages it names change.
    const partly = await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version + 1, bio: { ja: null } } }, { token: tokens['member1.fr'] });
    expect(partly.data.updatePerson.bio).toEqual({ fr: 'Élue [exemple]', ja: null });
    const ownEmail = await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version + 2, email: 'other@example.org' } }, { token: tokens['member1.fr'] });
    expect(codes(ownEmail)).toEqual(['FORBIDDEN']);
    const other = await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version + 2, bio: { fr: 'x' } } }, { token: tokens['president.jp'] });
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const stale = await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version, bio: { fr: 'x' } } }, { token: tokens.admin });
    expect(codes(stale)).toEqual(['CONFLICT']);
    const admin = await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version + 2, email: 'claire.martin@example.org' } }, { token: tokens.admin });
    expect(admin.data.updatePerson).toMatchObject({ email: 'claire.martin@example.org', version: me.version + 3 });
    const trail = await t.db.query(`SELECT count(*)::int AS n FROM change_event WHERE entity_type = 'Person' AND entity_id = $1`, [me.id]);
    expect(trail.rows[0].n).toBe(3);
    await t.gql(UPDATE, { input: { id: me.id, expectedVersion: me.version + 3, email: 'member1.fr@example.org' } }, { token: tokens.admin });
  });
});

describe('who sees an email', () => {
  it('the person, admins, and secretariat seats of an edition the person takes part in', async () => {
    const query = `{ edition(number: 8) { committees { members { person { displayName email } } } } }`;
    const emails = async (token: string) =>
      (await t.gql(query, {}, { token })).data.edition.committees.flatMap((c: any) => c.members.map((m: any) => m.person.email)).filter(Boolean).sort();
    expect(await emails(tokens['member1.fr'])).toEqual(['member1.fr@example.org']);
    const all = await emails(tokens.admin);
    expect(all.length).toBeGreaterThan(5);
    expect(await emails(tokens['secretariat.cuf'])).toEqual(all);
    // A person of no edition of the seat: the secretariat of the 8th does not see them.
    const guest = await t.gql(ADD, { input: { name: { latin: 'Sans édition' }, email: 'sans.edition@example.net' } }, { token: tokens.admin });
    const seen = await t.gql(`{ people(search: "sans.edition@example.net") { email } }`, {}, { token: tokens['secretariat.cuf'] });
    expect(guest.data.addPerson.email).toBe('sans.edition@example.net');
    expect(seen.data.people).toEqual([{ email: null }]);
  });
});

describe('the migration of one-string names', () => {
  it('keeps every existing name, in the Latin or native column by its script', async () => {
    const database = await createTestDatabase();
    try {
      const old = new DataSource({ type: 'postgres', url: database.url, migrations: migrations.slice(0, 3), migrationsTransactionMode: 'each' });
      await old.initialize();
      await old.runMigrations();
      const hash = await hashPassword('an admin password');
      await old.query(
        `INSERT INTO person (display_name, email, role, password_hash) VALUES ('Claire Martin', 'claire@example.net', 'ADMIN', $1), ('鈴木 信宏', 'suzuki@example.net', 'COMMITTEE', NULL)`,
        [hash],
      );
      await old.destroy();
      const app = await t.startAnotherInstance({ databaseUrl: database.url });
      const post = (query: string, token?: string) =>
        fetch(`${app.origin}/graphql`, {
          method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }),
        }).then((r) => r.json() as Promise<any>);
      const login = await post(`mutation { login(email: "claire@example.net", password: "an admin password") { token } }`);
      const { data } = await post(`{ people { displayName name { latin native kana } email hasAccount } }`, login.data.login.token);
      expect(data.people).toEqual([
        { displayName: 'Claire Martin', name: { latin: 'Claire Martin', native: null, kana: null }, email: 'claire@example.net', hasAccount: true },
        { displayName: '鈴木 信宏', name: { latin: '鈴木 信宏', native: '鈴木 信宏', kana: null }, email: 'suzuki@example.net', hasAccount: false },
      ]);
      await app.close();
    } finally {
      await database.drop();
    }
  });
});
