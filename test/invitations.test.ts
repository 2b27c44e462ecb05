import { createHash } from 'node:crypto';
import type { PasswordResetRequested } from '../src/modules/accounts/account-events';
import { codes, DEMO_PASSWORD, startTestApp, TestApp } from './helpers/app';
import { untilHeard, wsClient } from './helpers/subscriptions';

// Accounts are opened by one-time links; passwords are chosen, changed and reset by their owners.

const PUBLIC_URL = 'https://rencontres.example.org/programme';
let t: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ demo: true, config: { publicUrl: PUBLIC_URL } });
  for (const who of ['admin', 'secretariat.cuf', 'member1.fr']) tokens[who] = await t.login(`${who}@example.org`);
});
afterAll(() => t?.close());

const INVITE = `mutation ($input: InviteInput!) { invite(input: $input) { id kind token url expiresAt acceptedAt person { id role hasAccount email } invitedBy { displayName } } }`;
const ACCEPT = `mutation ($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { token viewer { person { id displayName role hasAccount } } } }`;
const WHO = `{ viewer { person { id } } }`;
const GOOD = 'un mot de passe assez long';

let counter = 0;
const newcomer = (role = 'COMMITTEE', extra: Record<string, unknown> = {}) => ({
  email: `newcomer${++counter}@example.net`, name: { latin: `Newcomer ${counter} [exemple]` }, role, ...extra,
});

async function invited(input: Record<string, unknown>, by = 'secretariat.cuf') {
  const response = await t.gql(INVITE, { input }, { token: tokens[by] });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data.invite;
}

describe('an invitation', () => {
  it('is a link under PUBLIC_URL whose token is kept only hashed; accepting it sets the password and signs in, once', async () => {
    const input = newcomer();
    const invitation = await invited(input);
    expect(invitation).toMatchObject({ kind: 'ACCOUNT', acceptedAt: null, person: { role: 'COMMITTEE', hasAccount: false }, invitedBy: { displayName: 'Secrétariat Cités Unies France [exemple]' } });
    expect(invitation.url).toBe(`${PUBLIC_URL}/account#${invitation.token}`);
    expect(new Date(invitation.expiresAt).getTime() - t.clock.now.getTime()).toBe(14 * 86_400_000);
    const { rows } = await t.db.query(`SELECT token_hash FROM invitation WHERE id = $1`, [invitation.id]);
    expect(rows[0].token_hash).toEqual(createHash('sha256').update(invitation.token).digest());
    const pending = await t.gql(`{ pendingInvitations { id token person { id } } }`, {}, { token: tokens.admin });
    expect(pending.data.pendingInvitations).toContainEqual({ id: invitation.id, token: null, person: { id: invitation.person.id } });

    // A weak password is refused and does not use the link up.
    for (const [password, says] of [['short', 'at least 12 characters'], [input.email, 'email'], ['Rencontres franco-japonaises', "service's name"]]) {
      const weak = await t.gql(ACCEPT, { token: invitation.token, password });
      expect(codes(weak)).toEqual(['BAD_USER_INPUT']);
      expect(weak.errors![0].extensions!.fields).toEqual([{ field: 'password', message: expect.stringContaining(says) }]);
    }
    const accepted = await t.gql(ACCEPT, { token: invitation.token, password: GOOD });
    expect(accepted.data.acceptInvitation.viewer.person).toMatchObject({ id: invitation.person.id, role: 'COMMITTEE', hasAccount: true });
    expect((await t.gql(WHO, {}, { token: accepted.data.acceptInvitation.token })).data.viewer.person.id).toBe(invitation.person.id);
    expect(await t.login(input.email, GOOD)).toMatch(/^rfj_/);
    const again = await t.gql(ACCEPT, { token: invitation.token, password: 'another long password' });
    expect(codes(again)).toEqual(['BAD_USER_INPUT']);
    expect((await t.gql(`{ pendingInvitations { id } }`, {}, { token: tokens.admin })).data.pendingInvitations).not.toContainEqual({ id: invitation.id });
  });

  it('accepted by several at once: exactly one wins', async () => {
    const invitation = await invited(newcomer());
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => t.gql(ACCEPT, { token: invitation.token, password: `${GOOD} ${i}` })));
    const winners = results.filter((r) => r.data?.acceptInvitation);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => codes(r)[0] === 'BAD_USER_INPUT')).toHaveLength(5);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM auth_token WHERE person_id = $1 AND revoked_at IS NULL`, [invitation.person.id]);
    expect(rows[0].n).toBe(1);
  });

  it('expires (14 days by default, 1 to 60 as asked); a newer link replaces an older one', async () => {
    const invitation = await invited(newcomer('LOCAL_AUTHORITY', { localAuthorityId: (await t.db.query(`SELECT id FROM local_authority LIMIT 1`)).rows[0].id, expiresInDays: 2 }));
    const late = await t.at(new Date(t.clock.now.getTime() + 2 * 86_400_000 + 1000), () => t.gql(ACCEPT, { token: invitation.token, password: GOOD }));
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
    for (const expiresInDays of [0, 61]) {
      const refused = await t.gql(INVITE, { input: newcomer('COMMITTEE', { expiresInDays }) }, { token: tokens.admin });
      expect(refused.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.expiresInDays']);
    }
    const first = await invited(newcomer());
    const second = await invited({ personId: first.person.id });
    expect(codes(await t.gql(ACCEPT, { token: first.token, password: GOOD }))).toEqual(['BAD_USER_INPUT']);
    expect((await t.gql(ACCEPT, { token: second.token, password: GOOD })).data.acceptInvitation.viewer.person.id).toBe(first.person.id);
  });

  it('of a GUEST keeps the same person and their place in the programme', async () => {
    const { rows } = await t.db.query(`SELECT p.id, count(s.*)::int AS talks FROM person p JOIN session_speaker s ON s.person_id = p.id WHERE p.email = 'speaker.shizuoka@example.org' GROUP BY p.id`);
    const [guest] = rows;
    expect(guest.talks).toBeGreaterThan(0);
    const refused = await t.gql(INVITE, { input: { personId: guest.id } }, { token: tokens['secretariat.cuf'] });
    expect(refused.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['input.role']);
    const invitation = await invited({ personId: guest.id, role: 'LOCAL_AUTHORITY' });
    expect(invitation.person).toMatchObject({ id: guest.id, role: 'GUEST', hasAccount: false });
    const accepted = await t.gql(ACCEPT, { token: invitation.token, password: GOOD });
    expect(accepted.data.acceptInvitation.viewer.person).toMatchObject({ id: guest.id, role: 'LOCAL_AUTHORITY', hasAccount: true });
    const after = await t.db.query(`SELECT count(*)::int AS talks FROM session_speaker WHERE person_id = $1`, [guest.id]);
    expect(after.rows[0].talks).toBe(guest.talks);
  });

  it('by a secretariat seat is for LOCAL_AUTHORITY and COMMITTEE accounts only; committee members invite nobody', async () => {
    const admin = await t.gql(INVITE, { input: newcomer('ADMIN') }, { token: tokens['secretariat.cuf'] });
    expect(codes(admin)).toEqual(['FORBIDDEN']);
    expect(admin.errors![0].extensions!.right).toBe('InvitePeople');
    expect(codes(await t.gql(INVITE, { input: newcomer() }, { token: tokens['member1.fr'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(INVITE, { input: newcomer() }))).toEqual(['UNAUTHENTICATED']);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM person WHERE email = ANY($1)`, [[`newcomer${counter - 2}@example.net`, `newcomer${counter - 1}@example.net`, `newcomer${counter}@example.net`]]);
    expect(rows[0].n).toBe(0);
    expect((await invited(newcomer('ADMIN'), 'admin')).person.role).toBe('ADMIN');
  });
});

describe('passwords', () => {
  async function account() {
    const input = newcomer();
    const invitation = await invited(input);
    const accepted = await t.gql(ACCEPT, { token: invitation.token, password: GOOD });
    return { id: invitation.person.id as string, email: input.email, token: accepted.data.acceptInvitation.token as string };
  }

  it('are changed with the current one; every other token stops', async () => {
    const me = await account();
    const script = await t.login(me.email, GOOD);
    const CHANGE = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token viewer { person { id } } } }`;
    const wrong = await t.gql(CHANGE, { c: 'not my password at all', n: 'a brand new password' }, { token: me.token });
    expect(wrong.errors![0].extensions!.fields.map((f: any) => f.field)).toEqual(['currentPassword']);
    const changed = await t.gql(CHANGE, { c: GOOD, n: 'a brand new password' }, { token: me.token });
    expect(changed.data.changePassword.viewer.person.id).toBe(me.id);
    for (const old of [me.token, script]) expect(codes(await t.gql(WHO, {}, { token: old }))).toEqual(['UNAUTHENTICATED']);
    expect((await t.gql(WHO, {}, { token: changed.data.changePassword.token })).data.viewer.person.id).toBe(me.id);
    expect(await t.login(me.email, 'a brand new password')).toBeTruthy();
    expect(codes(await t.gql(`mutation { login(email: "${me.email}", password: "${GOOD}") { token } }`))).toEqual(['UNAUTHENTICATED']);
  });

  it('are reset by a link an admin or a secretariat seat issues; the reset ends every sign-in', async () => {
    const me = await account();
    const RESET = `mutation ($id: ID!) { issuePasswordReset(personId: $id) { kind token url person { id } } }`;
    expect(codes(await t.gql(RESET, { id: me.id }, { token: tokens['member1.fr'] }))).toEqual(['FORBIDDEN']);
    const adminId = (await t.db.query(`SELECT id FROM person WHERE email = 'admin@example.org'`)).rows[0].id;
    expect(codes(await t.gql(RESET, { id: adminId }, { token: tokens['secretariat.cuf'] }))).toEqual(['FORBIDDEN']);
    const link = (await t.gql(RESET, { id: me.id }, { token: tokens['secretariat.cuf'] })).data.issuePasswordReset;
    expect(link).toMatchObject({ kind: 'PASSWORD_RESET', person: { id: me.id } });
    const reset = await t.gql(`mutation ($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) { token } }`, { t: link.token, p: 'a password chosen anew' });
    expect(reset.errors).toBeUndefined();
    expect(codes(await t.gql(WHO, {}, { token: me.token }))).toEqual(['UNAUTHENTICATED']);
    expect(await t.login(me.email, 'a password chosen anew')).toBeTruthy();
  });

  it('are reset on request: the answer is true whatever the address; a known one is recorded and announced with its link', async () => {
    const me = await account();
    const heard: PasswordResetRequested[] = [];
    const listener = (event: PasswordResetRequested) => heard.push(event);
    t.app.accountEvents.on('passwordResetRequested', listener);
    try {
      const REQUEST = `mutation ($e: String!) { requestPasswordReset(email: $e) }`;
      for (const email of ['nobody@example.net', 'speaker.nancy@example.org', me.email.toUpperCase()]) {
        expect((await t.gql(REQUEST, { e: email })).data.requestPasswordReset).toBe(true);
      }
      expect(heard).toEqual([expect.objectContaining({ personId: me.id, email: me.email, link: expect.stringMatching(`^${PUBLIC_URL}/account#rfi_`) })]);
      const { rows } = await t.db.query(`SELECT kind, invited_by_id FROM invitation WHERE person_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL`, [me.id]);
      expect(rows).toEqual([{ kind: 'PASSWORD_RESET', invited_by_id: null }]);
      const token = heard[0].link.split('#')[1];
      expect((await t.gql(`mutation ($t: String!) { resetPassword(token: $t, newPassword: "yet another password") { token } }`, { t: token })).errors).toBeUndefined();
    } finally {
      t.app.accountEvents.off('passwordResetRequested', listener);
    }
  });
});

describe('deactivation', () => {
  it('stops sign-in, tokens and links at once; admins only', async () => {
    const input = newcomer();
    const invitation = await invited(input);
    const accepted = await t.gql(ACCEPT, { token: invitation.token, password: GOOD });
    const token = accepted.data.acceptInvitation.token;
    const pendingLink = (await t.gql(`mutation ($id: ID!) { issuePasswordReset(personId: $id) { token } }`, { id: invitation.person.id }, { token: tokens.admin })).data.issuePasswordReset.token;
    const { rows } = await t.db.query(`SELECT version FROM person WHERE id = $1`, [invitation.person.id]);
    const DEACTIVATE = `mutation ($id: ID!, $v: Int!) { deactivatePerson(id: $id, expectedVersion: $v) { active version } }`;
    expect(codes(await t.gql(DEACTIVATE, { id: invitation.person.id, v: rows[0].version }, { token: tokens['secretariat.cuf'] }))).toEqual(['FORBIDDEN']);
    const done = await t.gql(DEACTIVATE, { id: invitation.person.id, v: rows[0].version }, { token: tokens.admin });
    expect(done.data.deactivatePerson).toEqual({ active: false, version: rows[0].version + 1 });
    expect(codes(await t.gql(WHO, {}, { token }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(`mutation { login(email: "${input.email}", password: "${GOOD}") { token } }`))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(`mutation ($t: String!) { resetPassword(token: $t, newPassword: "a long new password") { token } }`, { t: pendingLink }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(`mutation { login(email: "member2.fr@example.org", password: "${DEMO_PASSWORD}") { token } }`))).toEqual([]);
  });

  it("ends the person's live subscriptions", async () => {
    const input = newcomer();
    const invitation = await invited(input);
    const token = (await t.gql(ACCEPT, { token: invitation.token, password: GOOD })).data.acceptInvitation.token;
    const { rows: [edition] } = await t.db.query(`SELECT id FROM edition WHERE number = 8`);
    const client = wsClient(t.app.origin, token);
    let heard = 0;
    let resolveEnd: (how: string) => void = () => undefined;
    const ended = new Promise<string>((resolve) => (resolveEnd = resolve));
    let resolveLive: () => void = () => undefined;
    const live = new Promise<void>((resolve) => (resolveLive = resolve));
    client.subscribe({ query: `subscription ($id: ID!) { programChanged(editionId: $id) { id } }`, variables: { id: edition.id } }, {
      next: (message) => (message.errors ? resolveEnd(JSON.stringify(message.errors)) : (heard++, resolveLive())),
      error: (error) => resolveEnd(JSON.stringify(error)),
      complete: () => resolveEnd('complete'),
    });
    try {
      const probe = () => t.gql(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle témoin" } }) { id } }`, { id: edition.id }, { token: tokens.admin });
      await untilHeard(live, probe);
      const { rows: [person] } = await t.db.query(`SELECT version FROM person WHERE id = $1`, [invitation.person.id]);
      await t.gql(`mutation ($id: ID!, $v: Int!) { deactivatePerson(id: $id, expectedVersion: $v) { active } }`, { id: invitation.person.id, v: person.version }, { token: tokens.admin });
      let timer: NodeJS.Timeout | undefined;
      const how = await Promise.race([ended, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still live after 2 s'), 2000)))]);
      clearTimeout(timer);
      expect(how).toMatch(/UNAUTHENTICATED|complete/);
      const before = heard;
      await probe();
      await t.gql(`{ editions { id } }`);
      expect(heard).toBe(before);
    } finally {
      await client.dispose();
    }
  });
});
