import type { Browser, Page } from 'playwright-core';
import { startTestApp, TestApp } from './helpers/app';
import { launchBrowser } from './helpers/browser';

// The printable page of a published programme (/editions/N/program.html), as a person sees it in a browser.

let t: TestApp;
let browser: Browser;
let editionId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  browser = await launchBrowser();
  editionId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const pageUrl = (query = '') => `${t.app.origin}/editions/8/program.html${query}`;

async function open(url: string): Promise<{ page: Page; status: number; contentType: string }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const response = (await page.goto(url))!;
  return { page, status: response.status(), contentType: (await response.headerValue('content-type')) ?? '' };
}

describe('the printable page', () => {
  it('says in French and Japanese that no programme is published yet, as a page; the other exports keep their JSON errors', async () => {
    const { page, status, contentType } = await open(pageUrl());
    expect(status).toBe(404);
    expect(contentType).toContain('text/html');
    expect(await page.locator('[lang="fr"]').first().innerText()).toContain("Aucun programme de la 8e édition n'a encore été publié.");
    expect(await page.locator('[lang="ja"]').first().innerText()).toContain('第8回のプログラムはまだ公開されていません。');
    await page.close();

    const english = await open(pageUrl('?locale=en'));
    expect(english.status).toBe(404);
    expect(await english.page.locator('body').innerText()).toContain('No programme of edition 8 has been published yet.');
    expect(await english.page.getAttribute('html', 'lang')).toBe('en');
    await english.page.close();

    for (const file of ['program.json', 'program.ics', 'program.xml']) {
      const response = await fetch(`${t.app.origin}/editions/8/${file}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(await response.json()).toEqual({ error: 'No release has been published yet' });
    }
  });

  it('lists local authorities as "A, B", prints with margins and names the zone of the publication date in each language', async () => {
    const president = await t.login('president.fr@example.org');
    const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { version publishedAt
      days { sessions { workshops { title { fr } localAuthorityNames { fr ja } } } } } }`, { id: editionId }, { token: president });
    expect(published.errors).toBeUndefined();
    const release = published.data.publishProgram;
    const workshop = release.days.flatMap((d: any) => d.sessions.flatMap((s: any) => s.workshops)).find((w: any) => w.localAuthorityNames.length >= 2);
    expect(workshop).toBeDefined();

    const { page, status } = await open(pageUrl());
    expect(status).toBe(200);
    // The text as laid out: each language's list on one line, no comma on a line of its own.
    const card = (await page.locator('.workshop', { hasText: workshop.title.fr }).innerText()).split('\n').map((line) => line.trim());
    expect(card).toContain(workshop.localAuthorityNames.map((n: any) => n.fr).join(', '));
    expect(card).toContain(workshop.localAuthorityNames.map((n: any) => n.ja).join('、'));
    expect(card).not.toContain(',');

    const margins = await page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).filter((rule) => rule instanceof CSSPageRule).map((rule) => (rule as CSSPageRule).style.margin),
    );
    expect(margins).toHaveLength(1);
    expect(margins[0]).toMatch(/^\d+mm( \d+mm)*$/);

    // Published at midnight UTC: 9 o'clock in Shizuoka's zone, which the page names.
    expect(release.publishedAt).toBe('2024-06-01T00:00:00.000Z');
    const header = await page.locator('header').innerText();
    expect(header).toContain('version 0.1, publiée le 1 juin 2024 à 09:00 heure normale du Japon');
    expect(header).toContain('0.1版（2024年6月1日 09:00 日本標準時 公開）');
    expect(await page.locator('header time').first().getAttribute('datetime')).toBe(release.publishedAt);
    await page.close();

    const english = await open(pageUrl('?locale=en'));
    expect(await english.page.locator('header').innerText()).toContain('version 0.1, published 1 June 2024 at 09:00 Japan Standard Time');
    await english.page.close();
  });
});
