import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { LOGIN_LIMITS } from '../src/auth/login-throttle';
import { EXAMPLE_OPERATIONS } from '../src/server/graphiql';
import { codes, DEMO_PASSWORD, startTestApp, TestApp } from './helpers/app';

const FULL_PROGRAM = readFileSync(path.join(__dirname, '..', 'bench', 'full-program.graphql'), 'utf8');

let t: TestApp;
const logLines: string[] = [];
let member: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true, logLines });
  member = await t.login('member1.fr@example.org');
});
afterAll(() => t?.close());

describe('query limits', () => {
  it('let the benchmark query and every example operation of the explorer through', async () => {
    const full = await t.gql(FULL_PROGRAM, { number: 8 }, { token: member });
    expect(full.errors).toBeUndefined();
    for (const definition of parse(EXAMPLE_OPERATIONS).definitions) {
      if (definition.kind !== 'OperationDefinition' || definition.operation === 'subscription') continue;
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${member}` },
        body: JSON.stringify({ query: EXAMPLE_OPERATIONS, operationName: definition.name!.value }),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions: { code: string } }> };
      // Placeholders ("<theme id>") may be refused by the service, never by the limits.
      expect((body.errors ?? []).map((e) => e.extensions.code)).not.toContain('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('refuse a deep, a wide or a long query without telling the limits', async () => {
    const deep = `{ editions { committees { edition { committees { edition { committees { edition { committees { edition { committees { edition { number } } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: editions { number }`).join(' ')} }`;
    // Within the depth and alias limits, but each alias walks the whole programme again.
    const branch = `committees { edition { days { sessions { workshops { session { themes { workshops { title { fr ja en } version id } } } } } } } }`;
    const costly = `{ editions { ${Array.from({ length: 14 }, (_, i) => `c${i}: ${branch}`).join(' ')} } }`;
    const long = `{ editions { ${'number '.repeat(3000)} } }`;
    for (const query of [deep, aliases, costly, long]) {
      const response = await t.gql(query, {}, { token: member });
      expect(response.data).toBeUndefined();
      // The long one is refused while parsing, the others while validating.
      expect(new Set(codes(response))).toEqual(new Set([query === long ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED']));
      for (const error of response.errors!) expect(error.message).not.toMatch(/\d/);
    }
  });

  it('refuse batched requests and oversized bodies', async () => {
    const batch = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ editions { number } }' }, { query: '{ editions { number } }' }]) });
    expect(batch.status).toBe(400);
    const huge = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ editions { number } }', variables: { x: 'x'.repeat(400_000) } }) });
    expect(huge.status).toBe(413);
  });

  it('keep CSRF prevention: a GET without a preflight header is refused', async () => {
    const blocked = await fetch(`${t.url}?query=${encodeURIComponent('{ editions { number } }')}`);
    expect(blocked.status).toBe(400);
    const allowed = await fetch(`${t.url}?query=${encodeURIComponent('{ editions { number } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
  });
});

describe('errors', () => {
  it('mask what nobody should see: no SQL, no stack; the request id the client gets finds the details in the log', async () => {
    // Break the database under the service, as a bad deployment would.
    await t.db.query('ALTER TABLE room RENAME COLUMN capacity TO seats');
    try {
      const response = await t.gql(`{ edition(number: 8) { rooms { capacity } } }`, {}, { token: member });
      expect(codes(response)).toEqual(['INTERNAL_SERVER_ERROR']);
      const [error] = response.errors!;
      const requestId = response.headers.get('x-request-id');
      expect(error.extensions!.requestId).toBe(requestId);
      expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toMatch(/capacity|seats|column|select|relation|at .*\.ts/i);
      expect(logLines.some((line) => line.includes(requestId!) && line.includes('column') && line.includes('unexpected error'))).toBe(true);
    } finally {
      await t.db.query('ALTER TABLE room RENAME COLUMN seats TO capacity');
    }
  });

  it('speak French or Japanese when asked', async () => {
    const forbidden = `mutation { createRoom(input: { editionId: "00000000-0000-4000-8000-000000000000", name: { fr: "S" } }) { id } }`;
    const fr = await t.gql(forbidden, {}, { token: member, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(fr.errors![0]).toMatchObject({
      message: "Vous n'avez pas le droit de créer et modifier les éditions et leurs salles (ce que font les administrateurs).",
      extensions: { code: 'FORBIDDEN', right: 'ManageEditions' },
    });
    const ja = await t.gql(forbidden, {}, { headers: { 'accept-language': 'ja' } });
    expect(ja.errors![0]).toMatchObject({ message: '回と会場の作成・変更（管理者が行います）にはログインが必要です。', extensions: { code: 'UNAUTHENTICATED', right: 'ManageEditions' } });
    const en = await t.gql(forbidden, {}, { token: member });
    expect(en.errors![0].message).toBe('You are not allowed to create and change editions and their rooms (admins do)');

    const bad = `mutation ($id: ID!) { createSession(input: { editionId: $id, kind: PLENARY, title: { en: "x" }, startsAt: "2024-11-18T10:00:00+09:00", endsAt: "2024-11-18T09:00:00+09:00" }) { id } }`;
    const { rows } = await t.db.query(`SELECT id FROM edition WHERE number = 8`);
    const badFr = await t.gql(bad, { id: rows[0].id }, { token: member, headers: { 'accept-language': 'fr' } });
    expect(badFr.errors![0].extensions!.fields).toEqual([{ field: 'input.title', message: 'demande un texte en français ou en japonais' }]);
    expect(badFr.errors![0].message).toBe('Saisie invalide : input.title : demande un texte en français ou en japonais');
    const wrong = await t.gql(`mutation { login(email: "admin@example.org", password: "nope nope nope") { token } }`, {}, { headers: { 'accept-language': 'ja' } });
    expect(wrong.errors![0].message).toBe('メールアドレスまたはパスワードが正しくありません。');
  });
});

describe('login attempts', () => {
  const attempt = (email: string, password: string) =>
    t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });

  it('are limited per account and address: after the limit even the right password waits there; other accounts are not affected', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect(codes(await attempt('member3.jp@example.org', `guess ${i} guess`))).toEqual(['UNAUTHENTICATED']);
    const blocked = await attempt('member3.jp@example.org', DEMO_PASSWORD);
    expect(codes(blocked)).toEqual(['TOO_MANY_REQUESTS']);
    expect(blocked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect((await attempt('member2.jp@example.org', DEMO_PASSWORD)).data.login.token).toMatch(/^rfj_/);
  });

  it('are limited per address, whatever the accounts tried', async () => {
    await t.db.query(`DELETE FROM login_throttle`);
    const tried = Array.from({ length: LOGIN_LIMITS.perAddress }, (_, i) => `nobody${i}@example.net`);
    for (let i = 0; i < tried.length; i += 10) {
      const results = await Promise.all(tried.slice(i, i + 10).map((email) => attempt(email, 'wrong password 1')));
      for (const result of results) expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    }
    expect(codes(await attempt('president.jp@example.org', DEMO_PASSWORD))).toEqual(['TOO_MANY_REQUESTS']);
    await t.db.query(`DELETE FROM login_throttle`);
    expect((await attempt('president.jp@example.org', DEMO_PASSWORD)).data.login.token).toMatch(/^rfj_/);
  });
});
