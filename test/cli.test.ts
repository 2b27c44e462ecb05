import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { startTestApp, TestApp } from './helpers/app';

const ICAL: typeof ICALModule = require('ical.js');
const cli = path.resolve(__dirname, '..', 'dist', 'scripts', 'program-cli.js');

let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  token = await t.login('president.jp@example.org');
  const { rows } = await t.db.query(`SELECT id FROM edition WHERE number = 8`);
  const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: rows[0].id }, { token });
  expect(published.data.publishProgram.version).toBe('0.1');
});
afterAll(() => t?.close());

/** Runs the command line as a script would; asynchronously, since the service answers from this process. */
function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, PROGRAM_TOKEN: '' } }, (error, out, err) =>
      resolve({ code: error ? Number(error.code) : 0, out, err }),
    );
  });
}
const program = (...args: string[]) => run(['--url', t.app.origin, ...args]);

describe('npm run program', () => {
  it('explains itself with --help', async () => {
    const result = await program('--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: npm run program -- --edition <number>');
    expect(result.out).toContain('Exit codes');
  });

  it('prints the latest release as a table, in French by default, without a token', async () => {
    const result = await program('-e', '8', '-r', 'latest');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe("8es Rencontres franco-japonaises de la coopération décentralisée — version 0.1 (Asia/Tokyo)");
    expect(lines[2]).toMatch(/^Date +Heure +Type +Titre +Salle$/);
    expect(result.out).toMatch(/2024-11-18 +14:00–15:00 +Ouverture +Cérémonie d'ouverture +Grande salle/);
    expect(result.out).toMatch(/2024-11-19 +12:00–13:30 +Pause +Déjeuner/);
    expect(result.out).toContain('· Transition énergétique et territoires durables');
  });

  it('prints a table in Japanese and in English, headings and session kinds included', async () => {
    const japanese = await program('-e', '8', '-r', 'latest', '-l', 'ja');
    expect(japanese.code).toBe(0);
    expect(japanese.out.split('\n')[0]).toBe('第8回日仏自治体交流会議 — 0.1版 (Asia/Tokyo)');
    expect(japanese.out.split('\n')[2]).toMatch(/^日付 +時間 +種別 +タイトル +会場$/);
    expect(japanese.out).toMatch(/2024-11-18 +14:00–15:00 +開会 +開会式 +大ホール/);
    const english = await program('-e', '8', '-r', 'latest', '-l', 'en');
    expect(english.code).toBe(0);
    expect(english.out.split('\n')[2]).toMatch(/^Date +Time +Kind +Title +Room$/);
    expect(english.out).toMatch(/2024-11-18 +14:00–15:00 +Opening +/);
    for (const out of [japanese.out, english.out]) expect(out).not.toMatch(/\b(OPENING|PLENARY|WORKSHOPS|SITE_VISIT|RECEPTION|BREAK|CLOSING)\b/);
  });

  it('prints Markdown in Japanese', async () => {
    const result = await program('-e', '8', '-r', '0.1', '-f', 'markdown', '-l', 'ja');
    expect(result.code).toBe(0);
    expect(result.out).toContain('# 第8回日仏自治体交流会議 — 0.1版 (Asia/Tokyo)');
    expect(result.out).toContain('## 2024年11月18日月曜日');
    expect(result.out).toContain('| 時間 | セッション | 会場 | 登壇者 |');
    expect(result.out).toContain('| 14:00–15:00 | 開会式 | 大ホール |');
  });

  it('prints the draft under its own heading in French', async () => {
    const result = await program('-e', '8', '-f', 'markdown', '-t', token);
    expect(result.code).toBe(0);
    expect(result.out).toContain('— programme de travail (Asia/Tokyo)');
    expect(result.out).toContain('## lundi 18 novembre 2024');
    expect(result.out).toContain('| Heure | Séance | Salle | Intervenants |');
  });

  it('prints the draft as JSON with a token, and refuses it without one', async () => {
    const refused = await program('-e', '8', '-f', 'json');
    expect(refused.code).toBe(4);
    expect(refused.err).toContain('--token');
    const result = await program('-e', '8', '-f', 'json', '-t', token);
    expect(result.code).toBe(0);
    const draft = JSON.parse(result.out);
    expect(draft.source).toBe('draft');
    expect(draft.days).toHaveLength(4);
  });

  it('prints iCalendar that a calendar parser reads', async () => {
    const result = await program('-e', '8', '-r', 'latest', '-f', 'ics', '-l', 'en');
    expect(result.code).toBe(0);
    const events = new ICAL.Component(ICAL.parse(result.out)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(10);
  });

  it('fails with a clear message and its own exit code', async () => {
    expect(await program('-e', '99', '-r', 'latest')).toMatchObject({ code: 3, err: expect.stringContaining('No edition 99') });
    expect(await program('-e', '8', '-r', '4.2')).toMatchObject({ code: 3, err: expect.stringContaining('published: 0.1') });
    expect(await program('-e', '8', '-f', 'pdf')).toMatchObject({ code: 2, err: expect.stringContaining('--format') });
    expect(await program('-r', 'latest')).toMatchObject({ code: 2, err: expect.stringContaining('--edition') });
    expect(await program('-e', '8', '-t', 'rfj_wrong')).toMatchObject({ code: 4, err: expect.stringContaining('token') });
    expect(await run(['--url', 'http://127.0.0.1:9', '-e', '8', '-r', 'latest'])).toMatchObject({ code: 1, err: expect.stringContaining('Cannot reach') });
  });
});

describe('npm run program, called again and again', () => {
  const root = path.resolve(__dirname, '..');
  // A copy of the built project whose node_modules lacks the compiler: a call that compiles fails.
  const copy = mkdtempSync(path.join(tmpdir(), 'rfj-cli-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  beforeAll(() => {
    for (const entry of ['src', 'scripts', 'migrations', 'test', 'dist', 'ormconfig.ts', 'tsconfig.json', 'package.json']) {
      cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
    }
    // Hard links: the same files at paths of the copy's own, as the compiler's saved state expects.
    execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')]);
    rmSync(path.join(copy, 'node_modules', 'typescript'), { recursive: true });
  });
  const npmRunProgram = (...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'program', '--', ...args], { cwd: copy, encoding: 'utf8' }, (error, out, err) =>
        resolve({ code: error ? Number(error.code) : 0, out, err }),
      );
    });

  it('runs the built command line without compiling when the build is up to date', async () => {
    const result = await npmRunProgram('--help');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('Usage: npm run program -- --edition <number>');
  });

  // The compiler loads the whole project's types: a minute or more on a busy machine.
  it('compiles first when a source changed since the build, and runs what changed', async () => {
    const source = path.join(copy, 'scripts', 'program-cli.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace('const HELP = `Print the programme', 'const HELP = `(changed) Print the programme'));
    execFileSync('cp', ['-al', path.join(root, 'node_modules', 'typescript'), path.join(copy, 'node_modules', 'typescript')]);
    const result = await npmRunProgram('--help');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('(changed) Print the programme');
  }, 180_000);
});
