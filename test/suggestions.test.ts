import { codes, startTestApp, TestApp } from './helpers/app';
import { programFeed } from './helpers/subscriptions';

// The story of issue 5, first part: local authorities send suggestions for the 8th edition's
// programme before the deadline, and the committees review them, turning some into themes and workshops.

let t: TestApp;
const token: Record<string, string> = {};
let eighthId: string;
const authority: Record<string, string> = {};
const demoSuggestion: Record<string, string> = {};

/** A moment before the 8th edition's suggestion deadline (18 Sept 2023, 18:00 in Paris). */
const BEFORE_DEADLINE = new Date('2023-09-10T08:00:00Z');

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'president.fr', 'member1.fr', 'rep.aix', 'rep.shizuoka']) token[who] = await t.login(`${who}@example.org`);
  const { data } = await t.gql(`{ edition(number: 8) { id } localAuthorities { id name { fr } } }`);
  eighthId = data.edition.id;
  for (const a of data.localAuthorities) authority[a.name.fr] = a.id;
  const { rows } = await t.db.query(`SELECT s.id, a.name->>'fr' AS authority FROM suggestion s JOIN local_authority a ON a.id = s.local_authority_id`);
  for (const row of rows) demoSuggestion[row.authority] = row.id;
});
afterAll(() => t?.close());

/** What the suggestion mutations write, to prove that a refused call changed nothing. */
async function state() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM suggestion) AS suggestions, (SELECT count(*) FROM theme) AS themes,
           (SELECT count(*) FROM workshop) AS workshops, (SELECT count(*) FROM change_event) AS events,
           (SELECT string_agg(id::text || ':' || status || ':' || version, ',' ORDER BY id) FROM suggestion) AS versions`);
  return rows[0];
}

const SUBMIT = `mutation ($input: SubmitSuggestionInput!) {
  submitSuggestion(input: $input) { id kind status version submittedAt title { fr ja } body { fr }
    localAuthority { name { fr } } author { displayName } edition { number } } }`;

const REVIEW = `mutation ($input: ReviewSuggestionInput!) { reviewSuggestion(input: $input) { id status reviewNote version } }`;

const suggestionOf = (over: Record<string, unknown> = {}) => ({
  editionId: eighthId,
  kind: 'WORKSHOP',
  title: { fr: '  Mobilités douces en ville  ', ja: '都市のソフトモビリティ' },
  body: { fr: 'Un atelier sur le vélo et la marche.' },
  ...over,
});

async function versionOf(id: string): Promise<number> {
  const { rows } = await t.db.query(`SELECT version FROM suggestion WHERE id = $1`, [id]);
  return rows[0].version;
}

describe('a local authority submits a suggestion', () => {
  it('for its own authority before the deadline, and the trail records it', async () => {
    const result = await t.at(BEFORE_DEADLINE, () => t.gql(SUBMIT, { input: suggestionOf() }, { token: token['rep.aix'] }));
    expect(result.errors).toBeUndefined();
    const suggestion = result.data.submitSuggestion;
    expect(suggestion).toMatchObject({
      kind: 'WORKSHOP', status: 'SUBMITTED', version: 1, submittedAt: BEFORE_DEADLINE.toISOString(),
      title: { fr: 'Mobilités douces en ville', ja: '都市のソフトモビリティ' },
      localAuthority: { name: { fr: 'Aix-en-Provence' } }, author: { displayName: 'Marc Olivier [exemple]' }, edition: { number: 8 },
    });
    const { rows } = await t.db.query(`SELECT entity_type, action, edition_id FROM change_event WHERE entity_id = $1`, [suggestion.id]);
    expect(rows).toEqual([{ entity_type: 'Suggestion', action: 'CREATE', edition_id: eighthId }]);
  });

  it('may name its own authority, but naming another one is FORBIDDEN and changes nothing', async () => {
    const own = await t.at(BEFORE_DEADLINE, () =>
      t.gql(SUBMIT, { input: suggestionOf({ kind: 'THEME', localAuthorityId: authority['Ville de Shizuoka'] }) }, { token: token['rep.shizuoka'] }));
    expect(own.data.submitSuggestion.localAuthority.name.fr).toBe('Ville de Shizuoka');
    const before = await state();
    const other = await t.at(BEFORE_DEADLINE, () =>
      t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Kyoto'] }) }, { token: token['rep.shizuoka'] }));
    expect(codes(other)).toEqual(['FORBIDDEN']);
    expect(await state()).toEqual(before);
  });

  it('gets DEADLINE_PASSED after the suggestion deadline, while an admin may still submit for any authority', async () => {
    const before = await state();
    const late = await t.at(new Date('2023-09-18T16:00:01Z'), () => t.gql(SUBMIT, { input: suggestionOf() }, { token: token['rep.aix'] }));
    expect(codes(late)).toEqual(['DEADLINE_PASSED']);
    expect(await state()).toEqual(before);
    // Exactly at the deadline is still in time.
    const justInTime = await t.at(new Date('2023-09-18T16:00:00Z'), () => t.gql(SUBMIT, { input: suggestionOf() }, { token: token['rep.aix'] }));
    expect(justInTime.errors).toBeUndefined();

    const byAdmin = await t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Kyoto'], kind: 'SESSION' }) }, { token: token.admin });
    expect(byAdmin.data.submitSuggestion).toMatchObject({ status: 'SUBMITTED', localAuthority: { name: { fr: 'Kyoto' } } });
  });

  it('needs an authority named when an admin submits', async () => {
    const before = await state();
    const result = await t.gql(SUBMIT, { input: suggestionOf() }, { token: token.admin });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields).toEqual([{ field: 'input.localAuthorityId', message: expect.any(String) }]);
    expect(await state()).toEqual(before);
  });

  it('is not for committee members (FORBIDDEN) nor anonymous callers (UNAUTHENTICATED)', async () => {
    const before = await state();
    await t.at(BEFORE_DEADLINE, async () => {
      expect(codes(await t.gql(SUBMIT, { input: suggestionOf() }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Kyoto'] }) }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
      expect(codes(await t.gql(SUBMIT, { input: suggestionOf() }))).toEqual(['UNAUTHENTICATED']);
    });
    expect(await state()).toEqual(before);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a title with neither French nor Japanese', { title: { en: 'Soft mobility' } }, 'input.title'],
    ['a title over 300 characters', { title: { fr: 'x'.repeat(301) } }, 'input.title'],
    ['a body over 10,000 characters', { body: { ja: 'あ'.repeat(10_001) } }, 'input.body'],
    ['a control character in the title', { title: { fr: 'Atelier\u0000' } }, 'input.title'],
  ];
  it.each(bad)('with %s is refused with BAD_USER_INPUT, and nothing changes', async (_name, over, field) => {
    const before = await state();
    const result = await t.at(BEFORE_DEADLINE, () => t.gql(SUBMIT, { input: suggestionOf(over) }, { token: token['rep.aix'] }));
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    expect(await state()).toEqual(before);
  });

  it('for an edition or authority that does not exist gets NOT_FOUND', async () => {
    const before = await state();
    const missing = '00000000-0000-0000-0000-000000000000';
    expect(codes(await t.gql(SUBMIT, { input: suggestionOf({ editionId: missing }) }, { token: token['rep.aix'] }))).toEqual(['NOT_FOUND']);
    expect(codes(await t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: missing }) }, { token: token.admin }))).toEqual(['NOT_FOUND']);
    expect(await state()).toEqual(before);
  });
});

describe('who reads suggestions', () => {
  const LIST = `query ($status: SuggestionStatus) { edition(number: 8) { suggestions(status: $status) { id status localAuthority { name { fr } } } } }`;
  const ONE = `query ($id: ID!) { suggestion(id: $id) { id title { fr } localAuthority { name { fr } } } }`;
  const authoritiesIn = (r: any) => [...new Set(r.data.edition.suggestions.map((s: any) => s.localAuthority.name.fr))].sort();

  it('nobody anonymous: UNAUTHENTICATED', async () => {
    const list = await t.gql(LIST);
    expect(codes(list)).toEqual(['UNAUTHENTICATED']);
    expect(list.data.edition).toBeNull();
    expect(codes(await t.gql(ONE, { id: demoSuggestion['Kyoto'] }))).toEqual(['UNAUTHENTICATED']);
  });

  it("a local authority its own authority's only; another's reads as null", async () => {
    expect(authoritiesIn(await t.gql(LIST, {}, { token: token['rep.aix'] }))).toEqual(['Aix-en-Provence']);
    const own = await t.gql(ONE, { id: demoSuggestion['Aix-en-Provence'] }, { token: token['rep.aix'] });
    expect(own.data.suggestion.localAuthority.name.fr).toBe('Aix-en-Provence');
    const other = await t.gql(ONE, { id: demoSuggestion['Kyoto'] }, { token: token['rep.aix'] });
    expect(other.errors).toBeUndefined();
    expect(other.data.suggestion).toBeNull();
  });

  it('committee members and admins all of them, filtered by status when asked', async () => {
    for (const who of ['member1.fr', 'admin']) {
      const all = await t.gql(LIST, {}, { token: token[who] });
      expect(authoritiesIn(all)).toEqual(expect.arrayContaining(['Aix-en-Provence', 'Kanazawa', 'Kyoto', 'Métropole du Grand Nancy', 'Ville de Shizuoka']));
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM suggestion WHERE edition_id = $1`, [eighthId]);
      expect(all.data.edition.suggestions).toHaveLength(rows[0].n);
    }
    const rejected = await t.gql(LIST, { status: 'REJECTED' }, { token: token['member1.fr'] });
    expect(rejected.data.edition.suggestions.map((s: any) => s.localAuthority.name.fr)).toEqual(['Kanazawa']);
  });

  it('Theme.fromSuggestion follows the same rule: null for whoever may not read the suggestion', async () => {
    const query = `{ edition(number: 8) { sessions { workshops { themes { title { fr } fromSuggestion { localAuthority { name { fr } } } } } } } }`;
    const risks = (r: any) => r.data.edition.sessions.flatMap((s: any) => s.workshops).flatMap((w: any) => w.themes)
      .find((th: any) => th.title.fr === 'Prévention des risques naturels');
    expect(risks(await t.gql(query, {}, { token: token['member1.fr'] })).fromSuggestion.localAuthority.name.fr).toBe('Ville de Shizuoka');
    expect(risks(await t.gql(query, {}, { token: token['rep.shizuoka'] })).fromSuggestion.localAuthority.name.fr).toBe('Ville de Shizuoka');
    expect(risks(await t.gql(query, {}, { token: token['rep.aix'] })).fromSuggestion).toBeNull();
  });
});

describe('the committees review suggestions', () => {
  it('SUBMITTED → UNDER_REVIEW with a note, quoting the version; a stale version gets CONFLICT', async () => {
    const id = demoSuggestion['Aix-en-Provence'];
    const result = await t.gql(REVIEW, { input: { id, expectedVersion: 1, status: 'UNDER_REVIEW', reviewNote: '  À discuter le 18 septembre.  ' } }, { token: token['member1.fr'] });
    expect(result.data.reviewSuggestion).toMatchObject({ status: 'UNDER_REVIEW', reviewNote: 'À discuter le 18 septembre.', version: 2 });
    const before = await state();
    const stale = await t.gql(REVIEW, { input: { id, expectedVersion: 1, status: 'REJECTED' } }, { token: token['president.fr'] });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(2);
    expect(await state()).toEqual(before);
    const { rows } = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 AND action = 'UPDATE'`, [id]);
    expect(rows).toEqual([{ changes: { status: { from: 'SUBMITTED', to: 'UNDER_REVIEW' }, reviewNote: { from: null, to: 'À discuter le 18 septembre.' } } }]);
  });

  it('may reject a SUBMITTED suggestion at once, and a rejection is final', async () => {
    const created = await t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Chartres'], kind: 'OTHER' }) }, { token: token.admin });
    const id = created.data.submitSuggestion.id;
    const rejected = await t.gql(REVIEW, { input: { id, expectedVersion: 1, status: 'REJECTED', reviewNote: 'Hors sujet.' } }, { token: token['president.fr'] });
    expect(rejected.data.reviewSuggestion).toMatchObject({ status: 'REJECTED', version: 2 });
    const before = await state();
    const again = await t.gql(REVIEW, { input: { id, expectedVersion: 2, status: 'UNDER_REVIEW' } }, { token: token['president.fr'] });
    expect(codes(again)).toEqual(['INVALID_STATE']);
    expect(await state()).toEqual(before);
  });

  const invalid: Array<[string, string, string]> = [
    ['SUBMITTED → ACCEPTED (a review comes first)', 'Kyoto', 'ACCEPTED'],
    ['SUBMITTED → MERGED', 'Kyoto', 'MERGED'],
    ['SUBMITTED → SUBMITTED', 'Kyoto', 'SUBMITTED'],
    ['UNDER_REVIEW → SUBMITTED', 'Métropole du Grand Nancy', 'SUBMITTED'],
    ['ACCEPTED → REJECTED', 'Ville de Shizuoka', 'REJECTED'],
    ['REJECTED → ACCEPTED', 'Kanazawa', 'ACCEPTED'],
  ];
  it.each(invalid)('refuses %s with INVALID_STATE, and nothing changes', async (_name, who, status) => {
    const id = demoSuggestion[who];
    const before = await state();
    const result = await t.gql(REVIEW, { input: { id, expectedVersion: await versionOf(id), status } }, { token: token['member1.fr'] });
    expect(codes(result)).toEqual(['INVALID_STATE']);
    expect(await state()).toEqual(before);
  });

  it('is for committee members of the edition and admins only', async () => {
    // An edition that president.fr sits on no committee of.
    const ninth = await t.gql(`mutation { createEdition(input: { number: 9, title: { fr: "9es Rencontres" }, hostCity: { fr: "Nancy" },
      hostCountry: FR, startDate: "2026-10-12", endDate: "2026-10-15", timeZone: "Europe/Paris", suggestionDeadline: "2026-06-30T00:00:00Z" }) { id } }`,
    {}, { token: token.admin });
    const submitted = await t.gql(SUBMIT, { input: suggestionOf({ editionId: ninth.data.createEdition.id }) }, { token: token['rep.aix'] });
    expect(submitted.errors).toBeUndefined();
    const input = { id: submitted.data.submitSuggestion.id, expectedVersion: 1, status: 'UNDER_REVIEW' };
    const before = await state();
    expect(codes(await t.gql(REVIEW, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(REVIEW, { input }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(REVIEW, { input }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
    expect(await state()).toEqual(before);
    expect((await t.gql(REVIEW, { input }, { token: token.admin })).data.reviewSuggestion.status).toBe('UNDER_REVIEW');
  });

  it('refuses a review note with a control character (BAD_USER_INPUT) and an unknown suggestion (NOT_FOUND)', async () => {
    const id = demoSuggestion['Kyoto'];
    const before = await state();
    const note = await t.gql(REVIEW, { input: { id, expectedVersion: await versionOf(id), status: 'UNDER_REVIEW', reviewNote: 'ok\u0007' } }, { token: token['member1.fr'] });
    expect(codes(note)).toEqual(['BAD_USER_INPUT']);
    expect(note.errors![0].extensions!.fields[0].field).toBe('input.reviewNote');
    const missing = await t.gql(REVIEW, { input: { id: '00000000-0000-0000-0000-000000000000', expectedVersion: 1, status: 'UNDER_REVIEW' } }, { token: token['member1.fr'] });
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    expect(await state()).toEqual(before);
  });
});

describe('accepting a suggestion as a theme', () => {
  const ACCEPT = `mutation ($id: ID!) { acceptSuggestionAsTheme(id: $id) { id status title { fr ja } description { fr } version
    proposedBy { displayName } edition { number } fromSuggestion { id status version resultingTheme { id } } } }`;

  it('wants a THEME suggestion under review; otherwise INVALID_STATE and nothing changes', async () => {
    const before = await state();
    // Kyoto's theme suggestion is still SUBMITTED; Nancy's is a WORKSHOP suggestion.
    expect(codes(await t.gql(ACCEPT, { id: demoSuggestion['Kyoto'] }, { token: token['president.fr'] }))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(ACCEPT, { id: demoSuggestion['Métropole du Grand Nancy'] }, { token: token['president.fr'] }))).toEqual(['INVALID_STATE']);
    // Shizuoka's was accepted long ago.
    expect(codes(await t.gql(ACCEPT, { id: demoSuggestion['Ville de Shizuoka'] }, { token: token['president.fr'] }))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(ACCEPT, { id: demoSuggestion['Kyoto'] }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(ACCEPT, { id: demoSuggestion['Kyoto'] }))).toEqual(['UNAUTHENTICATED']);
    expect(await state()).toEqual(before);
  });

  it('creates a PROPOSED theme linked both ways and marks the suggestion ACCEPTED, in one go', async () => {
    const id = demoSuggestion['Kyoto'];
    await t.gql(REVIEW, { input: { id, expectedVersion: await versionOf(id), status: 'UNDER_REVIEW' } }, { token: token['member1.fr'] });
    const version = await versionOf(id);
    const result = await t.gql(ACCEPT, { id }, { token: token['president.fr'] });
    expect(result.errors).toBeUndefined();
    const theme = result.data.acceptSuggestionAsTheme;
    expect(theme).toMatchObject({
      status: 'PROPOSED', version: 1, edition: { number: 8 }, proposedBy: { displayName: 'Karima Zerkani-Raynal' },
      title: { fr: expect.stringContaining('Patrimoine et artisanat'), ja: expect.stringContaining('文化遺産と伝統工芸') },
      fromSuggestion: { id, status: 'ACCEPTED', version: version + 1, resultingTheme: { id: theme.id } },
    });
    const { rows } = await t.db.query(
      `SELECT s.status, s.resulting_theme_id, th.from_suggestion_id FROM suggestion s JOIN theme th ON th.id = s.resulting_theme_id WHERE s.id = $1`, [id]);
    expect(rows).toEqual([{ status: 'ACCEPTED', resulting_theme_id: theme.id, from_suggestion_id: id }]);
    const events = await t.db.query(`SELECT entity_type, action, edition_id FROM change_event WHERE entity_id IN ($1, $2) ORDER BY id DESC LIMIT 2`, [id, theme.id]);
    expect(events.rows).toEqual([
      { entity_type: 'Suggestion', action: 'UPDATE', edition_id: eighthId },
      { entity_type: 'Theme', action: 'CREATE', edition_id: eighthId },
    ]);
    const before = await state();
    expect(codes(await t.gql(ACCEPT, { id }, { token: token['president.fr'] }))).toEqual(['INVALID_STATE']);
    expect(await state()).toEqual(before);
  });
});

describe('accepting a suggestion as a workshop', () => {
  const ACCEPT = `mutation ($id: ID!, $session: ID!) { acceptSuggestionAsWorkshop(id: $id, sessionId: $session) {
    id title { fr ja } description { fr } session { id } localAuthorities { name { fr } } version } }`;
  let workshopsSession: string;
  let openingSession: string;

  beforeAll(async () => {
    const { data } = await t.gql(`{ edition(number: 8) { sessions { id kind } } }`, {}, { token: token['member1.fr'] });
    workshopsSession = data.edition.sessions.find((s: any) => s.kind === 'WORKSHOPS').id;
    openingSession = data.edition.sessions.find((s: any) => s.kind === 'OPENING').id;
  });

  it('needs a WORKSHOPS session of the same edition, and a WORKSHOP suggestion under review', async () => {
    const id = demoSuggestion['Métropole du Grand Nancy'];
    const ninth = (await t.gql(`{ edition(number: 9) { id } }`)).data.edition.id;
    const elsewhere = await t.gql(`mutation ($e: ID!) { createSession(input: { editionId: $e, kind: WORKSHOPS, title: { fr: "Ateliers" },
      startsAt: "2026-10-13T09:00:00+02:00", endsAt: "2026-10-13T12:00:00+02:00" }) { id } }`, { e: ninth }, { token: token.admin });
    const themeSuggestion = await t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Strasbourg'], kind: 'THEME' }) }, { token: token.admin });
    const notReviewed = await t.gql(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Strasbourg'] }) }, { token: token.admin });
    const before = await state();

    const wrongKind = await t.gql(ACCEPT, { id, session: openingSession }, { token: token['president.fr'] });
    expect(codes(wrongKind)).toEqual(['BAD_USER_INPUT']);
    expect(wrongKind.errors![0].extensions!.fields[0].field).toBe('sessionId');
    const otherEdition = await t.gql(ACCEPT, { id, session: elsewhere.data.createSession.id }, { token: token['president.fr'] });
    expect(codes(otherEdition)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(ACCEPT, { id, session: '00000000-0000-0000-0000-000000000000' }, { token: token['president.fr'] }))).toEqual(['NOT_FOUND']);
    const notAWorkshop = await t.gql(ACCEPT, { id: themeSuggestion.data.submitSuggestion.id, session: workshopsSession }, { token: token['president.fr'] });
    expect(codes(notAWorkshop)).toEqual(['INVALID_STATE']);
    const notUnderReview = await t.gql(ACCEPT, { id: notReviewed.data.submitSuggestion.id, session: workshopsSession }, { token: token['president.fr'] });
    expect(codes(notUnderReview)).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(ACCEPT, { id, session: workshopsSession }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(ACCEPT, { id, session: workshopsSession }))).toEqual(['UNAUTHENTICATED']);
    expect(await state()).toEqual(before);
  });

  it("creates a draft workshop with the suggestion's title and body and the authority, and marks it ACCEPTED", async () => {
    const id = demoSuggestion['Métropole du Grand Nancy'];
    const result = await t.gql(ACCEPT, { id, session: workshopsSession }, { token: token['member1.fr'] });
    expect(result.errors).toBeUndefined();
    const workshop = result.data.acceptSuggestionAsWorkshop;
    expect(workshop).toMatchObject({
      version: 1, session: { id: workshopsSession },
      title: { fr: expect.stringContaining('Villes créatives et culture'), ja: expect.stringContaining('創造都市と文化') },
      description: { fr: expect.stringContaining("Donnée d'exemple") },
      localAuthorities: [{ name: { fr: 'Métropole du Grand Nancy' } }],
    });
    const seen = await t.gql(`query ($id: ID!) { suggestion(id: $id) { status resultingWorkshop { id } } }`, { id }, { token: token['member1.fr'] });
    expect(seen.data.suggestion).toEqual({ status: 'ACCEPTED', resultingWorkshop: { id: workshop.id } });
    const events = await t.db.query(`SELECT entity_type, action FROM change_event WHERE entity_id IN ($1, $2) AND edition_id = $3 ORDER BY id DESC LIMIT 2`, [id, workshop.id, eighthId]);
    expect(events.rows).toEqual([{ entity_type: 'Suggestion', action: 'UPDATE' }, { entity_type: 'Workshop', action: 'CREATE' }]);
  });
});

describe('the trail of suggestions', () => {
  const HISTORY = `{ edition(number: 8) { history(limit: 500) { entityType entityId action changes } } }`;

  it("shows a local authority the changes of its own suggestions only; committee members see all", async () => {
    const kyoto = demoSuggestion['Kyoto'];
    const aix = demoSuggestion['Aix-en-Provence'];
    const events = async (who: string, id: string) =>
      (await t.gql(HISTORY, {}, { token: token[who] })).data.edition.history.filter((e: any) => e.entityType === 'Suggestion' && e.entityId === id);
    expect((await events('rep.aix', kyoto)).map((e: any) => e.changes)).toEqual([{}, {}]);
    expect((await events('rep.aix', aix))[0].changes.status).toEqual({ from: 'SUBMITTED', to: 'UNDER_REVIEW' });
    expect((await events('member1.fr', kyoto))[0].changes.status).toEqual({ from: 'UNDER_REVIEW', to: 'ACCEPTED' });
  });

  it('announces a new suggestion to programChanged subscribers once committed', async () => {
    const submit = async () => (await t.ok(SUBMIT, { input: suggestionOf({ localAuthorityId: authority['Kanazawa'] }) }, { token: token.admin })).submitSuggestion.id as string;
    const feed = await programFeed(t, { token: token['member1.fr'], editionId: eighthId, fields: 'entityType action entityId', probe: submit });
    try {
      const submitted = await submit();
      expect(await feed.caughtUp()).toEqual([{ id: expect.any(String), entityType: 'Suggestion', action: 'CREATE', entityId: submitted }]);
    } finally {
      await feed.close();
    }
  });
});
