import { LOGIN_LIMITS } from '../src/auth/login-throttle';
import { DEMO_PASSWORD, startTestApp, TestApp } from './helpers/app';
import { gqlFrom } from './helpers/http';

// Password guessing, as an attacker tries it (many at once, from one address or from several) and
// as the account's owner lives it (signing in while someone else guesses).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(() => t?.close());

const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;

/** A login from `address` (each 127.x.y.z is another caller on the loopback); the code of its error, or 'TOKEN'. */
async function attempt(email: string, password: string, address: string): Promise<string> {
  const { json } = await gqlFrom(t.url, LOGIN, { e: email, p: password }, { localAddress: address });
  if (json.data?.login?.token) return 'TOKEN';
  return json.errors!.map((e) => e.extensions?.code).join(',');
}

const tally = (results: string[]) => results.reduce<Record<string, number>>((counts, code) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});

describe('failed logins', () => {
  it('are counted before the password is checked: 40 guesses at once for one account check at most the limit', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt('member2.fr@example.org', `guess number ${i}`, '127.0.1.1')));
    const counts = tally(results);
    expect(counts.UNAUTHENTICATED).toBeLessThanOrEqual(LOGIN_LIMITS.perAccountAndAddress);
    expect(counts.TOO_MANY_REQUESTS).toBe(40 - counts.UNAUTHENTICATED);
  });

  it('are counted per address too: 60 guesses at once on as many addresses check at most the limit', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(`nobody${i}@example.net`, 'wrong password', '127.0.1.2')));
    const counts = tally(results);
    expect(counts.UNAUTHENTICATED).toBeLessThanOrEqual(LOGIN_LIMITS.perAddress);
    expect(counts.TOO_MANY_REQUESTS).toBe(60 - counts.UNAUTHENTICATED);
  });

  it('slow an account down without locking its owner out: the right password from another address still signs in', async () => {
    const email = 'president.fr@example.org';
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect(await attempt(email, `guess ${i} guess`, '127.0.2.1')).toBe('UNAUTHENTICATED');
    expect(await attempt(email, 'one more guess', '127.0.2.2')).toBe('UNAUTHENTICATED');
    // The guesser's address is held back, even with the right password...
    expect(await attempt(email, DEMO_PASSWORD, '127.0.2.1')).toBe('TOO_MANY_REQUESTS');
    // ...the owner, elsewhere, is not.
    expect(await attempt(email, DEMO_PASSWORD, '127.0.2.3')).toBe('TOKEN');
  });

  it('count the same account however its email is written, whatever case mapping it takes (U+0130)', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) {
      expect(await attempt('president.jp@example.org', `guess ${i} guess`, '127.0.3.1')).toBe('UNAUTHENTICATED');
    }
    // U+0130 (İ) is "i" to PostgreSQL's lower(), which finds the account, and "i̇" to JavaScript's toLowerCase().
    for (const spelled of ['PRESIDENT.JP@EXAMPLE.ORG', ' president.jp@example.org ', 'pres\u0130dent.jp@example.org']) {
      expect(await attempt(spelled, DEMO_PASSWORD, '127.0.3.1')).toBe('TOO_MANY_REQUESTS');
    }
  });
});

describe('odd emails', () => {
  it('are bad input when no address could be that long, and a wrong login at the longest an address may be', async () => {
    const tooLong = `${'a'.repeat(240)}@example.org`;
    expect(await attempt(tooLong, 'wrong password', '127.0.4.1')).toBe('BAD_USER_INPUT');
    const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`;
    expect(longest).toHaveLength(254);
    expect(await attempt(longest, 'wrong password', '127.0.4.1')).toBe('UNAUTHENTICATED');
  });
});

describe('the throttle table', () => {
  it('loses the counters whose window has passed', async () => {
    await t.db.query(`INSERT INTO login_throttle (key, points, expire) VALUES ('address:198.51.100.7', 3, $1)`, [Date.now() - 60_000]);
    await attempt('member1.jp@example.org', 'wrong password', '127.0.5.1');
    const { rows } = await t.db.query(`SELECT key FROM login_throttle WHERE expire < $1`, [Date.now()]);
    expect(rows).toEqual([]);
  });
});
