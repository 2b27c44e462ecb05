import { codes, DEMO_PASSWORD, startTestApp, TestApp } from './helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(() => t?.close());

const VIEWER = `{ viewer { person { displayName email role } memberships { role committee { country edition { number } } } } }`;

describe('logging in', () => {
  it('gives a committee president a token that identifies her, with her seats', async () => {
    const login = await t.gql(
      `mutation { login(email: "president.fr@example.org", password: "${DEMO_PASSWORD}") { token viewer { person { displayName role } } } }`,
    );
    expect(login.errors).toBeUndefined();
    expect(login.data.login.viewer.person).toEqual({ displayName: 'Karima Zerkani-Raynal', role: 'COMMITTEE' });
    const token = login.data.login.token;
    const me = await t.gql(VIEWER, {}, { token });
    expect(me.data.viewer.person.email).toBe('president.fr@example.org');
    expect(me.data.viewer.memberships).toEqual(
      expect.arrayContaining([{ role: 'PRESIDENT', committee: { country: 'FR', edition: { number: 8 } } }]),
    );
  });

  it("shows the person who has just logged in their own email and new token, whoever's token the request carried", async () => {
    // Found by test/rights.test.ts: the payload's viewer showed no email to an anonymous request, and
    // its tokens were the caller's (UNAUTHENTICATED without a token), not those of the person signed in.
    const LOGIN = `mutation ($p: String!) { login(email: "member3.fr@example.org", password: $p) {
      token viewer { person { email } tokens { id current } } } }`;
    const otherPerson = await t.login('member2.jp@example.org');
    for (const token of [undefined, otherPerson]) {
      const result = await t.gql(LOGIN, { p: DEMO_PASSWORD }, { token });
      expect(result.errors).toBeUndefined();
      const { viewer } = result.data.login;
      expect(viewer.person.email).toBe('member3.fr@example.org');
      const current = viewer.tokens.filter((x: { current: boolean }) => x.current);
      expect(current).toHaveLength(1);
      const { rows } = await t.db.query(`SELECT p.email FROM auth_token t JOIN person p ON p.id = t.person_id WHERE t.id = $1`, [current[0].id]);
      expect(rows).toEqual([{ email: 'member3.fr@example.org' }]);
    }
  });

  it('accepts the email in any case', async () => {
    await expect(t.login('President.JP@Example.org')).resolves.toMatch(/^rfj_/);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrongPassword = await t.gql(`mutation { login(email: "admin@example.org", password: "not the password") { token } }`);
    const unknownEmail = await t.gql(`mutation { login(email: "nobody@example.org", password: "${DEMO_PASSWORD}") { token } }`);
    expect(codes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(codes(unknownEmail)).toEqual(['UNAUTHENTICATED']);
    expect(wrongPassword.errors![0].message).toBe(unknownEmail.errors![0].message);
  });

  it('lets nobody log in as a person without a password (a speaker)', async () => {
    const result = await t.gql(`mutation { login(email: "speaker.kyoto@example.org", password: "${DEMO_PASSWORD}") { token } }`);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('stores only a hash of each token and of each password', async () => {
    const token = await t.login('member1.fr@example.org');
    const tokens = await t.db.query(`SELECT encode(token_hash, 'hex') AS h FROM auth_token`);
    expect(tokens.rows.map((r) => r.h).join()).not.toContain(token);
    const { rows } = await t.db.query(`SELECT password_hash FROM person WHERE email = 'member1.fr@example.org'`);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain(DEMO_PASSWORD);
  });
});

describe('tokens', () => {
  it('is anonymous without a token: viewer is null', async () => {
    const result = await t.gql(VIEWER);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toBeNull();
  });

  it('refuses an unknown token with UNAUTHENTICATED and HTTP 401', async () => {
    const result = await t.gql(VIEWER, {}, { token: 'rfj_forged' });
    expect(result.status).toBe(401);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
  });

  it('stops working after logout, and only that token', async () => {
    const first = await t.login('member2.jp@example.org');
    const second = await t.login('member2.jp@example.org');
    const out = await t.gql(`mutation { logout }`, {}, { token: first });
    expect(out.data).toEqual({ logout: true });
    expect(codes(await t.gql(VIEWER, {}, { token: first }))).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql(VIEWER, {}, { token: second })).data.viewer.person.role).toBe('COMMITTEE');
  });

  it('expires: a token is refused once its lifetime has passed', async () => {
    const token = await t.login('member3.jp@example.org');
    const later = await t.at(new Date(t.clock.now.getTime() + 31 * 86_400_000), () => t.gql(VIEWER, {}, { token }));
    expect(codes(later)).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql(VIEWER, {}, { token })).data.viewer).not.toBeNull();
  });

  it('issues personal tokens for scripts, lists them, and revokes them', async () => {
    const session = await t.login('member3.fr@example.org');
    const issued = await t.gql(
      `mutation { createPersonalToken(label: "weekly export", expiresInDays: 7) { token details { id label expiresAt current } } }`,
      {},
      { token: session },
    );
    expect(issued.errors).toBeUndefined();
    const { token, details } = issued.data.createPersonalToken;
    expect(details).toMatchObject({ label: 'weekly export', current: false });
    expect(new Date(details.expiresAt).getTime() - t.clock.now.getTime()).toBe(7 * 86_400_000);
    const listed = await t.gql(`{ viewer { tokens { id label current } } }`, {}, { token });
    expect(listed.data.viewer.tokens).toEqual(expect.arrayContaining([{ id: details.id, label: 'weekly export', current: true }]));
    const revoked = await t.gql(`mutation ($id: ID!) { revokeToken(id: $id) }`, { id: details.id }, { token: session });
    expect(revoked.data).toEqual({ revokeToken: details.id });
    expect(codes(await t.gql(VIEWER, {}, { token }))).toEqual(['UNAUTHENTICATED']);
  });

  it("cannot revoke someone else's token", async () => {
    const mine = await t.login('member1.jp@example.org');
    const theirs = await t.login('president.jp@example.org');
    const { data } = await t.gql(`{ viewer { tokens { id current } } }`, {}, { token: theirs });
    const theirId = data.viewer.tokens.find((x: { current: boolean }) => x.current).id;
    const attempt = await t.gql(`mutation ($id: ID!) { revokeToken(id: $id) }`, { id: theirId }, { token: mine });
    expect(codes(attempt)).toEqual(['NOT_FOUND']);
    expect((await t.gql(VIEWER, {}, { token: theirs })).data.viewer).not.toBeNull();
  });

  it('refuses a bad personal token request with the fields named', async () => {
    const session = await t.login('member1.fr@example.org');
    const result = await t.gql(`mutation { createPersonalToken(label: " ", expiresInDays: 0) { token } }`, {}, { token: session });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field).sort()).toEqual(['expiresInDays', 'label']);
  });
});
