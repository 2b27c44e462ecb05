import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { XMLParser } from 'fast-xml-parser';
// ical.js is an ES module with a CommonJS build: required, its types imported apart.
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { GraphQLObjectType } from 'graphql';
import { RELEASE_ONLY_FIELDS } from '../src/server/release-answers';
import { buildAppSchema } from '../src/server/schema';
import { codes, startTestApp, TestApp } from './helpers/app';
import { expectPinnedCopy } from './helpers/copies';
import { post } from './helpers/graphql';

const ICAL: typeof ICALModule = require('ical.js');

let t: TestApp;
let president: string;
let member: string;
let editionId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true, config: { sqlStatementsHeader: true } });
  [president, member] = await Promise.all([t.login('president.fr@example.org'), t.login('member1.jp@example.org')]);
  editionId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id;
});
afterAll(() => t?.close());

const PUBLISH = `mutation ($id: ID!, $notes: LocalizedTextInput, $final: Boolean) {
  publishProgram(editionId: $id, notes: $notes, final: $final) { id version notes { fr ja } publishedBy { displayName }
    changes { kind entityType entityId summary { fr ja en } } } }`;
const RELEASE = `query ($n: Int!) { edition(number: $n) { latestRelease { version days { date sessions { id title { fr ja } startsAt roomName { fr }
  speakerNames workshops { id title { fr } moderatorNames localAuthorityNames { ja } } } } } releases { version } } }`;
const exportOf = (file: string, query = '', headers: Record<string, string> = {}) => fetch(`${t.app.origin}/editions/8/${file}${query}`, { headers });
const countEvents = async () => Number((await t.db.query(`SELECT (SELECT count(*) FROM session s JOIN edition e ON e.id = s.edition_id WHERE e.number = 8) + (SELECT count(*) FROM workshop w JOIN session s ON s.id = w.session_id JOIN edition e ON e.id = s.edition_id WHERE e.number = 8) AS n`)).rows[0].n);

describe('publishing the programme', () => {
  it('needs a president, the secretariat or an admin', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM program_release`)).rows[0].n;
    expect(codes(await t.gql(PUBLISH, { id: editionId }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(PUBLISH, { id: editionId }, { token: member }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(PUBLISH, { id: editionId }, { token: await t.login('rep.shizuoka@example.org') }))).toEqual(['FORBIDDEN']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM program_release`)).rows[0].n).toBe(before);
  });

  it('has nothing to show before the first release', async () => {
    const response = await exportOf('program.json');
    expect(response.status).toBe(404);
    expect((await t.gql(RELEASE, { n: 8 })).data.edition.latestRelease).toBeNull();
  });

  it('freezes 0.1, readable by anyone, while the draft stays private; later edits never reach it; 0.2 lists what changed', async () => {
    const first = await t.gql(PUBLISH, { id: editionId, notes: { fr: 'Première version', ja: '初版' } }, { token: president });
    expect(first.errors).toBeUndefined();
    expect(first.data.publishProgram).toMatchObject({ version: '0.1', notes: { fr: 'Première version', ja: '初版' }, publishedBy: { displayName: 'Karima Zerkani-Raynal' }, changes: [] });

    const anonymous = await t.gql(RELEASE, { n: 8 });
    expect(anonymous.errors).toBeUndefined();
    const frozen = anonymous.data.edition.latestRelease;
    expect(frozen.version).toBe('0.1');
    expect(frozen.days.map((d: any) => d.date)).toEqual(['2024-11-18', '2024-11-19', '2024-11-20', '2024-11-21']);
    expect(codes(await t.gql(`{ edition(number: 8) { sessions { id } } }`))).toEqual(['UNAUTHENTICATED']);

    // Edit the draft: rename one session, move another, remove a third, add one, change a workshop's speakers.
    const [opening, plenary, reception] = frozen.days[0].sessions;
    const version = async (id: string) => (await t.db.query(`SELECT version FROM session WHERE id = $1`, [id])).rows[0].version;
    const update = `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version } }`;
    expect((await t.gql(update, { input: { id: opening.id, expectedVersion: await version(opening.id), title: { fr: "Cérémonie d'ouverture officielle", ja: '開会式' } } }, { token: member })).errors).toBeUndefined();
    expect((await t.gql(update, { input: { id: plenary.id, expectedVersion: await version(plenary.id), startsAt: '2024-11-18T15:30:00+09:00', endsAt: '2024-11-18T17:15:00+09:00' } }, { token: member })).errors).toBeUndefined();
    expect((await t.gql(`mutation ($id: ID!, $v: Int!) { deleteSession(id: $id, expectedVersion: $v) }`, { id: reception.id, v: await version(reception.id) }, { token: member })).errors).toBeUndefined();
    const added = await t.gql(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, {
      input: { editionId, kind: 'OTHER', title: { fr: 'Soirée culturelle', ja: '文化の夕べ' }, startsAt: '2024-11-20T19:00:00+09:00', endsAt: '2024-11-20T21:00:00+09:00' },
    }, { token: member });
    const workshop = frozen.days[1].sessions[0].workshops[0];
    const speaker = (await t.db.query(`SELECT id FROM person WHERE email = 'speaker.kyoto@example.org'`)).rows[0].id;
    const wVersion = (await t.db.query(`SELECT version FROM workshop WHERE id = $1`, [workshop.id])).rows[0].version;
    expect((await t.gql(`mutation ($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { version } }`, { input: { id: workshop.id, expectedVersion: wVersion, speakerIds: [speaker] } }, { token: member })).errors).toBeUndefined();

    const still = (await t.gql(RELEASE, { n: 8 })).data.edition.latestRelease;
    expect(still).toEqual(frozen);

    const second = await t.gql(PUBLISH, { id: editionId }, { token: president });
    expect(second.data.publishProgram.version).toBe('0.2');
    const changes = second.data.publishProgram.changes;
    const change = (kind: string, id: string) => changes.find((c: any) => c.kind === kind && c.entityId === id);
    expect(change('RENAMED', opening.id).summary.fr).toContain("Cérémonie d'ouverture officielle");
    expect(change('MOVED', plenary.id).summary).toMatchObject({ en: expect.stringMatching(/^".*" moved from .*15:15.* to .*15:30/), ja: expect.stringContaining('15:30') });
    expect(change('REMOVED', reception.id).summary).toMatchObject({ fr: 'Retrait : « Réception de bienvenue ».', ja: '削除：「歓迎レセプション」。' });
    expect(change('ADDED', added.data.createSession.id).summary.ja).toContain('文化の夕べ');
    expect(change('CHANGED', workshop.id)).toMatchObject({ entityType: 'Workshop', summary: { en: expect.stringContaining('speakers') } });
    expect(changes).toHaveLength(5);

    const releases = (await t.gql(RELEASE, { n: 8 })).data.edition.releases.map((r: any) => r.version);
    expect(releases).toEqual(['0.1', '0.2']);
    const final = await t.gql(PUBLISH, { id: editionId, final: true }, { token: await t.login('admin@example.org') });
    expect(final.data.publishProgram.version).toBe('1.0');
  });
});

describe('exports of a release', () => {
  it('iCalendar: one event per session and workshop, with stable UIDs, the right instants and rooms', async () => {
    const response = await exportOf('program.ics', '?version=0.2&locale=ja');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(await countEvents());
    const opening = events.find((e) => e.summary === '開会式')!;
    expect(opening.startDate.toJSDate().toISOString()).toBe('2024-11-18T05:00:00.000Z');
    expect(opening.location).toBe('大ホール');
    const previous = new ICAL.Component(ICAL.parse(await (await exportOf('program.ics', '?version=0.1&locale=ja')).text()));
    const uid = (summary: string, c: InstanceType<typeof ICAL.Component>) => c.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.summary === summary)?.uid;
    expect(uid('開会式', previous)).toBe(opening.uid);
  });

  it('schedule JSON: valid against the schema conference apps use', async () => {
    const schemaPath = path.join(__dirname, 'fixtures', 'c3voc-schedule.schema.json');
    const shared = path.resolve(__dirname, '..', '..', 'shared', 'formats', 'c3voc-schedule.schema.json');
    expectPinnedCopy(schemaPath, 'd010663a4fc0c25133e31a7e570a15823a8c26e4e56f701dff1215fa4f2526b3', shared);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    addFormats(ajv);
    // The schema names CSS colours, which ajv-formats does not define; no export of ours carries one.
    ajv.addFormat('color', true);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    for (const query of ['', '?locale=ja', '?version=0.1&locale=en']) {
      const document = await (await exportOf('program.json', query)).json();
      expect(validate(document) ? [] : validate.errors).toEqual([]);
    }
    const latest = await (await exportOf('program.json', '?locale=fr')).json();
    const events = latest.schedule.conference.days.flatMap((d: any) => Object.values(d.rooms).flat());
    expect(events).toHaveLength(await countEvents());
    expect(new Set(events.map((e: any) => e.id)).size).toBe(events.length);
    expect(latest.schedule.version).toBe('1.0');
    expect(latest.schedule.conference.time_zone_name).toBe('Asia/Tokyo');
  });

  it('frab XML: parses, with every event', async () => {
    const xml = await (await exportOf('program.xml', '?locale=en')).text();
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['day', 'room', 'event', 'person'].includes(name) }).parse(xml);
    const events = parsed.schedule.day.flatMap((d: any) => d.room.flatMap((r: any) => r.event));
    expect(events).toHaveLength(await countEvents());
    expect(parsed.schedule.conference.acronym).toBe('rfj8');
    expect(events[0]).toMatchObject({ start: '14:00', duration: '01:00', '@_id': expect.any(String) });
  });

  it('printable page: French and Japanese side by side, or one language', async () => {
    const page = await (await exportOf('program.html')).text();
    expect(page).toContain('<span lang="fr" class="lang">Cérémonie d&#39;ouverture officielle</span>');
    expect(page).toContain('<span lang="ja" class="lang">開会式</span>');
    expect(page).toContain('@media print');
    const japanese = await (await exportOf('program.html', '?locale=ja')).text();
    expect(japanese).toContain('<html lang="ja">');
    expect(japanese).not.toContain('lang="fr"');
  });

  it('is cacheable: ETag and Cache-Control, 304 on a match, immutable for a given version', async () => {
    for (const file of ['program.ics', 'program.json', 'program.xml', 'program.html']) {
      const latest = await exportOf(file);
      expect(latest.headers.get('cache-control')).toContain('max-age=60');
      const etag = latest.headers.get('etag')!;
      expect(etag).toBeTruthy();
      expect((await exportOf(file, '', { 'if-none-match': etag })).status).toBe(304);
      const pinned = await exportOf(file, '?version=0.1');
      expect(pinned.headers.get('cache-control')).toContain('immutable');
      expect(pinned.headers.get('etag')).not.toBe(etag);
    }
  });

  it('answers clearly for what does not exist', async () => {
    expect((await exportOf('program.json', '?version=9.9')).status).toBe(404);
    expect((await exportOf('program.pdf')).status).toBe(404);
    expect((await exportOf('program.json', '?locale=de')).status).toBe(400);
    expect((await fetch(`${t.app.origin}/editions/99/program.json`)).status).toBe(404);
  });
});

describe('answers that read published releases only', () => {
  const PUBLIC = `query Public($n: Int!) { edition(number: $n) { latestRelease { version publishedAt days { date sessions { id title { fr ja } } } } } }`;

  it('are served again for one statement, with an ETag and a 304 on a match; a release published on another instance shows at once', async () => {
    const LIST = `{ edition(number: 8) { releases { version } } }`;
    const listed = await t.gql(LIST);
    expect((await t.gql(LIST)).headers.get('x-sql-statements')).toBe('1');
    const first = await t.gql(PUBLIC, { n: 8 });
    const again = await t.gql(PUBLIC, { n: 8 });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(again.headers.get('x-sql-statements')).toBe('1');
    const etag = again.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('no-cache');
    expect((await post(t.app.origin, PUBLIC, { n: 8 }, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const other = await t.startAnotherInstance();
    const token = await t.login('admin@example.org');
    const published = await (await post(other.origin, PUBLISH, { id: editionId }, { token })).json();
    const version = published.data.publishProgram.version;
    expect(version).not.toBe(first.data.edition.latestRelease.version);

    const after = await t.gql(PUBLIC, { n: 8 });
    expect(after.data.edition.latestRelease.version).toBe(version);
    const relisted = await t.gql(LIST);
    expect(relisted.data.edition.releases.map((r: { version: string }) => r.version)).toEqual([...listed.data.edition.releases.map((r: { version: string }) => r.version), version]);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await post(t.app.origin, PUBLIC, { n: 8 }, { headers: { 'if-none-match': etag } })).status).toBe(200);
  });

  it('are not kept when they also read what can change: the publisher, the edition', async () => {
    const query = `{ edition(number: 8) { title { fr } latestRelease { version publishedBy { displayName } } } }`;
    const publisher = async () => (await t.gql(query)).data.edition.latestRelease.publishedBy.displayName;
    const name = await publisher();
    await t.db.query(`UPDATE person SET name_latin = 'Nom changé' WHERE display_name = $1 AND name_native IS NULL`, [name]);
    try {
      expect(await publisher()).toBe('Nom changé');
      expect((await t.gql(query)).headers.get('etag')).toBeNull();
    } finally {
      await t.db.query(`UPDATE person SET name_latin = $1 WHERE name_latin = 'Nom changé'`, [name]);
    }
  });

  it('are kept for the fields listed only: a field added to those types later is never kept by mistake', async () => {
    const schema = await buildAppSchema();
    const leftOut = Object.entries(RELEASE_ONLY_FIELDS).flatMap(([type, listed]) => {
      const fields = Object.keys((schema.getType(type) as GraphQLObjectType).getFields());
      expect(fields).toEqual(expect.arrayContaining([...listed]));
      return type === 'Query' || type === 'Edition' ? [] : fields.filter((field) => !listed.includes(field)).map((field) => `${type}.${field}`);
    });
    // Each a mutable row of its own; a new field of a release type must be added to the list, or here.
    expect(leftOut).toEqual(['ProgramRelease.edition', 'ProgramRelease.publishedBy', 'ProgramRelease.approvedBy']);
  });

  it('are not kept when the edition is missing or the input is wrong', async () => {
    const missing = await t.gql(PUBLIC, { n: 99 });
    expect(missing.data.edition).toBeNull();
    expect(missing.headers.get('etag')).toBeNull();
    const wrong = await t.gql(PUBLIC, { n: 'eight' });
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('the list of releases', () => {
  it('lists every release, oldest first, the same each time, for two statements', async () => {
    // The edition's number makes it an ordinary query, not one of the answers kept whole.
    const query = `{ edition(number: 8) { number releases { version publishedAt days { date } changes { kind } } } }`;
    const first = await t.gql(query);
    const again = await t.gql(query);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    const versions = again.data.edition.releases.map((r: { version: string }) => r.version);
    const stored = (await t.db.query(`SELECT major || '.' || minor AS v FROM program_release r JOIN edition e ON e.id = r.edition_id WHERE e.number = 8 ORDER BY major, minor`)).rows.map((r) => r.v);
    expect(versions).toEqual(stored);
    expect(versions.length).toBeGreaterThan(2);
    // The edition, then the ids of its releases (the releases themselves, immutable, are kept in memory).
    expect(again.headers.get('x-sql-statements')).toBe('2');
  });
});

describe('themes in a release', () => {
  it('are the adopted ones only: a release is public, and anonymous readers see no theme still under vote', async () => {
    const member = await t.login('member1.fr@example.org');
    const president = await t.login('president.fr@example.org');
    const themes = (await t.db.query(`SELECT t.id, t.status, t.title FROM theme t JOIN edition e ON e.id = t.edition_id WHERE e.number = 8 ORDER BY t.status`)).rows;
    const adopted = themes.find((th) => th.status === 'ADOPTED');
    const voting = themes.find((th) => th.status === 'VOTING');
    const session = (await t.db.query(`SELECT s.id, s.version FROM session s JOIN edition e ON e.id = s.edition_id WHERE e.number = 8 ORDER BY s.starts_at LIMIT 1`)).rows[0];
    const updated = await t.gql(`mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { themes { id } } }`, {
      input: { id: session.id, expectedVersion: session.version, themeIds: [voting.id, adopted.id] },
    }, { token: member });
    expect(updated.errors).toBeUndefined();
    expect((await t.gql(PUBLISH, { id: editionId }, { token: president })).errors).toBeUndefined();

    const release = await t.gql(`{ edition(number: 8) { latestRelease { days { sessions { id themeTitles { fr ja } } } } } }`);
    const released = release.data.edition.latestRelease.days.flatMap((d: any) => d.sessions).find((s: any) => s.id === session.id);
    expect(released.themeTitles).toEqual([{ fr: adopted.title.fr, ja: adopted.title.ja }]);
    const exported = await (await exportOf('program.json')).text();
    expect(exported).toContain(adopted.title.fr);
    expect(exported).not.toContain(voting.title.fr);
  });
});
