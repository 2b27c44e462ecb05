import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startTestApp, TestApp } from './helpers/app';

// With SMTP_URL set, each notification is mailed once, in its recipient's language, as plain text and
// HTML with a List-Unsubscribe header; a refusing mail server is tried again with growing delays.
// The mail server is a real one (smtp-server), started here.

let t: TestApp;
let smtp: SMTPServer;
const received: Array<{ to: string; mail: ParsedMail }> = [];
/** RCPT TO attempts per address, and how many the server still refuses. */
const attempts = new Map<string, number>();
const refuse = new Map<string, number>();
const token: Record<string, string> = {};
let editionId: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      attempts.set(to, (attempts.get(to) ?? 0) + 1);
      const left = refuse.get(to) ?? 0;
      if (left > 0) {
        refuse.set(to, left - 1);
        return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address.toLowerCase(), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await startTestApp({ demo: true, config: { smtpUrl: `smtp://127.0.0.1:${port}`, publicUrl: 'https://programme.example.org' } });
  for (const who of ['admin', 'president.fr', 'member1.fr', 'member2.fr', 'member1.jp']) token[who] = await t.login(`${who}@example.org`);
  editionId = (await t.gql(`{ edition(number: 8) { id } }`)).data.edition.id;
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, as?: string): Promise<T> {
  const result = await t.gql<T>(query, variables, { token: as });
  if (result.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

async function until<T>(check: () => T | Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const queueIdle = () =>
  until(async () => Number((await t.db.query(`SELECT count(*) FROM pgboss.job WHERE state < 'completed'`)).rows[0].count) === 0, 60_000);

describe('mail', () => {
  it('sends each recipient one message in their language, text and HTML, retrying a refusing server', async () => {
    // Member 2 reads notifications in the service only; member 1's mailbox refuses twice.
    await ok(`mutation { updateNotificationSettings(input: { email: false }) { email } }`, {}, token['member2.fr']);
    refuse.set('member1.fr@example.org', 2);

    const themeId = (await ok(`mutation ($i: ProposeThemeInput!) { proposeTheme(input: $i) { id } }`, { i: { editionId, title: { fr: 'Mobilités douces', ja: 'ソフトモビリティ' } } }, token['president.fr'])).proposeTheme.id;
    await ok(`mutation ($id: ID!) { openThemeVote(themeId: $id) { id } }`, { id: themeId }, token.admin);

    const fr = await until(() => received.find((r) => r.to === 'member1.fr@example.org'));
    const ja = await until(() => received.find((r) => r.to === 'member1.jp@example.org'));
    expect(fr.mail.subject).toBe('Vote ouvert : Mobilités douces');
    expect(fr.mail.text).toContain('Le vote sur le thème « Mobilités douces »');
    expect(fr.mail.text).toContain('https://programme.example.org/graphql');
    expect(fr.mail.html).toContain('<a href="https://programme.example.org/graphql">');
    expect(fr.mail.headers.get('content-language')).toBe('fr');
    expect(fr.mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://programme.example.org/graphql#notification-settings' } });
    expect(ja.mail.subject).toBe('投票開始：ソフトモビリティ');
    expect(ja.mail.text).toContain('テーマ「ソフトモビリティ」');
    expect(ja.mail.html).toContain('<html lang="ja">');

    await queueIdle();
    // Refused twice, then accepted: three attempts, one message.
    expect(attempts.get('member1.fr@example.org')).toBe(3);
    expect(received.filter((r) => r.to === 'member1.fr@example.org')).toHaveLength(1);
    expect(received.filter((r) => r.to === 'member1.jp@example.org')).toHaveLength(1);
    expect(received.filter((r) => r.to === 'member2.fr@example.org')).toEqual([]);

    const MINE = `{ myNotifications(limit: 1) { kind entityId emailedAt } }`;
    const [mine] = (await ok(MINE, {}, token['member1.fr'])).myNotifications;
    expect(mine).toMatchObject({ kind: 'VOTE_OPENED', entityId: themeId });
    expect(mine.emailedAt).not.toBeNull();
    const [notMailed] = (await ok(MINE, {}, token['member2.fr'])).myNotifications;
    expect(notMailed).toMatchObject({ kind: 'VOTE_OPENED', entityId: themeId, emailedAt: null });
  }, 120_000);
});
