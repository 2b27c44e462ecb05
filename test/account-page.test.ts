import { Browser } from 'playwright-core';
import { startTestApp, TestApp } from './helpers/app';
import { launchBrowser } from './helpers/browser';

// The page an invitation link opens: a person invited on a fresh demo chooses a password in a
// real browser, is signed in, and sees the programme, in the browser's language, with nothing
// loaded from elsewhere.

let t: TestApp;
let browser: Browser;
let admin: string;
let frenchCommittee: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  browser = await launchBrowser();
  admin = await t.login('admin@example.org');
  frenchCommittee = (await t.db.query(`SELECT c.id FROM committee c JOIN edition e ON e.id = c.edition_id WHERE e.number = 8 AND c.country = 'FR'`)).rows[0].id;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

let counter = 0;
/** A new member of the 8th edition's French committee, invited by the secretariat; the link as the invitation gives it. */
async function invitedMember(): Promise<{ url: string; email: string }> {
  const email = `new.member${++counter}@example.net`;
  const secretariat = await t.login('secretariat.cuf@example.org');
  const { data, errors } = await t.gql(`mutation ($input: InviteInput!) { invite(input: $input) { url person { id } } }`,
    { input: { email, name: { latin: `Camille Bernard ${counter} [exemple]` }, role: 'COMMITTEE' } }, { token: secretariat });
  if (errors) throw new Error(JSON.stringify(errors));
  await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: MEMBER) { id } }`, { c: frenchCommittee, p: data.invite.person.id }, { token: admin });
  return { url: data.invite.url, email };
}

describe('the account page', () => {
  it.each([
    ['fr-FR', 'Choisissez votre mot de passe', 'Bienvenue', "Cérémonie d'ouverture"],
    ['ja-JP', 'パスワードの設定', 'アカウントが開設され', '開会式'],
  ])('(%s) opens the account of an invited person, who then sees the programme', async (locale, heading, welcome, session) => {
    const { url, email } = await invitedMember();
    expect(url.startsWith(`${t.app.origin}/account#rfi_`)).toBe(true);
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const violations: string[] = [];
    page.on('console', (message) => (/Content Security Policy/i.test(message.text()) ? violations.push(message.text()) : undefined));
    try {
      await page.goto(url);
      expect(await page.textContent('h1')).toBe(heading);
      // The token left the address bar.
      expect(page.url()).toBe(`${t.app.origin}/account`);
      await page.fill('#password', 'un mot de passe de douze');
      await page.fill('#confirm', 'pas le même mot de passe');
      await page.click('button[type=submit]');
      await page.waitForFunction(() => document.getElementById('status')!.textContent !== '', undefined, { timeout: 10_000 });
      expect(await page.textContent('#status')).not.toContain(welcome);
      await page.fill('#confirm', 'un mot de passe de douze');
      await page.click('button[type=submit]');
      await page.waitForSelector('#program li.session', { timeout: 15_000 });
      expect(await page.textContent('#status')).toContain(welcome);
      expect(await page.textContent('#program')).toContain(session);
      expect(requests.filter((address) => !address.startsWith(t.app.origin))).toEqual([]);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
    // The password chosen in the page is the account's.
    expect(await t.login(email, 'un mot de passe de douze')).toMatch(/^rfj_/);
  });

  it('says a used link is unusable, in the page, and signs nobody in', async () => {
    const { url } = await invitedMember();
    const token = url.split('#')[1];
    await t.gql(`mutation ($t: String!) { acceptInvitation(token: $t, password: "déjà choisi ailleurs") { token } }`, { t: token });
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await page.goto(url);
      await page.fill('#password', 'a second password');
      await page.fill('#confirm', 'a second password');
      await page.click('button[type=submit]');
      await page.waitForFunction(() => document.getElementById('status')!.textContent !== '', undefined, { timeout: 10_000 });
      expect(await page.textContent('#status')).toContain('ask for a new one');
      expect(await page.isHidden('#program')).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('is served with a Content-Security-Policy that allows no inline script and nothing from elsewhere', async () => {
    const response = await fetch(`${t.app.origin}/account`, { headers: { 'accept-language': 'ja' } });
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).not.toMatch(/<script>(?!<)|<style|https?:\/\//);
  });
});
