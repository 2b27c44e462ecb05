import { Browser, BrowserContext, Page } from 'playwright-core';
import { EXAMPLE_OPERATIONS } from '../src/server/graphiql';
import { startTestApp, TestApp } from './helpers/app';
import { launchBrowser } from './helpers/browser';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A browser profile of its own (storage included), in the given language. */
async function newProfile(locale = 'en-GB'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  return context;
}

async function openExplorer(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(t.url);
  await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
  return page;
}

// Editors render spaces as no-break spaces: compare words only.
const words = (text: string) => text.replace(/[\s\u00a0]+/g, ' ');
const queryEditor = (page: Page) => page.locator('.graphiql-query-editor .graphiql-editor');
const headersEditor = (page: Page) => page.locator('.graphiql-editor-tool .graphiql-editor:visible');
const resultPane = (page: Page) => page.locator('.graphiql-response');

/** Pastes `text` over an editor's content, as a person copying a token or an operation would. */
async function pasteInto(page: Page, editor: ReturnType<typeof queryEditor>, text: string): Promise<void> {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press('Control+V');
}

async function runOperation(page: Page, name: string): Promise<void> {
  await page.click('.graphiql-execute-button');
  const menu = page.getByRole('menu');
  await menu.waitFor();
  await menu.getByRole('menuitem', { name, exact: true }).click();
}

describe('the explorer', () => {
  it('opens on /graphql with the example operations, runs a query and shows the answer, with no request leaving the machine', async () => {
    const context = await newProfile();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    // The page's Content-Security-Policy lets everything it does through: the browser reports nothing.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto(t.url);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    // The run button offers every example operation of the page.
    await page.click('.graphiql-execute-button');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect((await menu.getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toEqual(['Editions', 'Login', 'Programme', 'ProposeTheme', 'ThemesUnderVote', 'Vote', 'Changes']);
    await menu.getByRole('menuitem', { name: 'Editions', exact: true }).click();
    // The answer pane shows the start of the answer: the 7th edition, in Aix-en-Provence.
    await resultPane(page).getByText('Aix-en-Provence').first().waitFor({ timeout: 15_000 });
    const shown = words(await resultPane(page).innerText());
    expect(shown).toContain('"editions": [ { "id":');
    expect(shown).toContain('"number": 7,');
    const origin = new URL(t.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('signs a member in with the token of the Headers tab: the themes under vote are listed with their ids, and a change made elsewhere arrives in the Changes subscription', async () => {
    const token = await t.login('member1.fr@example.org');
    const editionId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id as string;
    const underVote = (await t.db.query(`SELECT id FROM theme WHERE edition_id = $1 AND status = 'VOTING' ORDER BY id`, [editionId])).rows.map((r) => r.id as string);
    expect(underVote.length).toBeGreaterThan(0);

    const context = await newProfile();
    const page = await openExplorer(context);
    await pasteInto(page, headersEditor(page), JSON.stringify({ Authorization: `Bearer ${token}` }));
    await pasteInto(page, queryEditor(page), EXAMPLE_OPERATIONS.replaceAll('<edition id from Editions>', editionId));

    await runOperation(page, 'ThemesUnderVote');
    await resultPane(page).getByText(underVote[0]).first().waitFor({ timeout: 15_000 });
    const listed = words(await resultPane(page).innerText());
    for (const id of underVote) expect(listed).toContain(`"id": "${id}"`);

    await runOperation(page, 'Changes');
    // The subscription starts in the background: propose themes over HTTP until one is shown.
    let shown = '';
    for (let attempt = 1; attempt <= 10 && !shown; attempt++) {
      const proposed = await t.gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`, { input: { editionId, title: { fr: `Thème suivi ${attempt}`, ja: `追跡テーマ ${attempt}` } } }, { token });
      expect(proposed.errors).toBeUndefined();
      const themeId = proposed.data.proposeTheme.id as string;
      const arrived = await resultPane(page).getByText(themeId).first().waitFor({ timeout: 3_000 }).then(() => true, () => false);
      if (arrived) shown = words(await resultPane(page).innerText());
      else expect(words(await resultPane(page).innerText())).not.toContain('"errors"');
    }
    expect(shown).toContain('"programChanged": {');
    expect(shown).toContain('"entityType": "Theme"');
    expect(shown).toContain('"displayName": ');
    await context.close();
  });

  it('keeps the headers for the next browser tab', async () => {
    const context = await newProfile();
    const first = await openExplorer(context);
    await pasteInto(first, headersEditor(first), '{"Authorization": "Bearer rfj_kept-between-tabs"}');
    const second = await openExplorer(context);
    await headersEditor(second).getByText('rfj_kept-between-tabs').waitFor({ timeout: 10_000 });
    expect(words(await headersEditor(second).innerText())).toContain('"Authorization": "Bearer rfj_kept-between-tabs"');
    await context.close();
  });

  it('says when the service refuses the token of a subscription, in the browser language', async () => {
    const context = await newProfile('fr-FR');
    const page = await openExplorer(context);
    await pasteInto(page, headersEditor(page), '{"Authorization": "Bearer rfj_not-a-token"}');
    await pasteInto(page, queryEditor(page), EXAMPLE_OPERATIONS);
    await runOperation(page, 'Changes');
    await resultPane(page).getByText('jeton').first().waitFor({ timeout: 15_000 });
    expect(words(await resultPane(page).innerText())).toContain(`"message": "Le service a refusé le jeton de l'onglet Headers : relancez Login et copiez-y le nouveau jeton."`);
    await context.close();
  });

  it.each([
    ['fr-FR', 'fr', "lancez l'opération Login", "Programme-planning API"],
    ['ja-JP', 'ja', 'Login 操作', "Programme-planning API"],
    ['en-GB', 'en', 'run the Login operation', 'lancez'],
  ])('gives its instructions in the browser language (%s)', async (locale, lang, expected, absent) => {
    const context = await newProfile(locale);
    const page = await openExplorer(context);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    const instructions = words(await queryEditor(page).innerText());
    expect(instructions).toContain(expected);
    expect(instructions).not.toContain(absent);
    await context.close();
  });
});
