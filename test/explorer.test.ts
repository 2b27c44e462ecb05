import { existsSync } from 'node:fs';
import { chromium, Browser } from 'playwright-core';
import { startTestApp, TestApp } from './helpers/app';

// The explorer in a real browser: Debian's chromium (installed by .ci/run), driven by playwright-core.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  t = await startTestApp({ demo: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('the explorer', () => {
  it('opens on /graphql with the example operations, runs a query and shows the answer, with no request leaving the machine', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(t.url);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30_000 });
    // The run button offers every example operation of the page.
    await page.click('.graphiql-execute-button');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect((await menu.getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toEqual(['Editions', 'Login', 'Programme', 'ProposeTheme', 'Vote', 'Changes']);
    await menu.getByRole('menuitem', { name: 'Editions', exact: true }).click();
    const result = page.locator('.graphiql-response');
    // The answer pane shows the start of the answer: the 7th edition, in Aix-en-Provence.
    await result.getByText('Aix-en-Provence').first().waitFor({ timeout: 15_000 });
    // Editors render spaces as no-break spaces: compare words only.
    const shown = (await result.innerText()).replace(/[\s\u00a0]+/g, ' ');
    expect(shown).toContain('"editions": [ { "id":');
    expect(shown).toContain('"number": 7,');
    const origin = new URL(t.url).origin;
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    await page.close();
  });
});
