import { codes, startTestApp, TestApp } from './helpers/app';

// The story of issue 17, third part: under BOTH_COMMITTEES, the programme one committee publishes waits,
// frozen and seen by the committees only, until the other committee's president or secretariat approves
// it; only then is it public, exported and the latest. SINGLE, the default, publishes at once.

let t: TestApp;
const token: Record<string, string> = {};
const personId: Record<string, string> = {};
let eighth: { id: string; version: number };

const PUBLISH = `mutation ($id: ID!, $notes: LocalizedTextInput) { publishProgram(editionId: $id, notes: $notes) {
  id version status approvedBy { displayName } publishedBy { displayName } changes { kind entityType summary { en } } } }`;
const APPROVE = `mutation ($id: ID!) { approveRelease(id: $id) { id version status approvedBy { id } } }`;
const REJECT = `mutation ($id: ID!, $reason: LocalizedTextInput) { rejectRelease(id: $id, reason: $reason) { id status rejectionReason { fr } } }`;
const PUBLIC = `{ edition(number: 8) { releaseApproval latestRelease { id version } releases { id version status } } }`;
const PENDING = `{ edition(number: 8) { pendingReleases { id version status publishedBy { displayName } } } }`;

async function exported(): Promise<{ status: number; version: string | null }> {
  const response = await fetch(`${t.app.origin}/editions/8/program.json`);
  return { status: response.status, version: response.headers.get('x-program-version') };
}

async function setRule(rule: string) {
  const result = await t.gql(`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { version releaseApproval } }`,
    { input: { id: eighth.id, expectedVersion: eighth.version, releaseApproval: rule } }, { token: token.admin });
  expect(result.errors).toBeUndefined();
  expect(result.data.updateEdition.releaseApproval).toBe(rule);
  eighth.version = result.data.updateEdition.version;
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  for (const who of ['admin', 'president.fr', 'president.jp', 'member1.fr', 'member1.jp', 'rep.aix']) {
    token[who] = await t.login(`${who}@example.org`);
    personId[who] = (await t.db.query(`SELECT id FROM person WHERE email = $1`, [`${who}@example.org`])).rows[0].id;
  }
  const { data } = await t.gql(`{ edition(number: 8) { id version committees { id country } } }`);
  eighth = { id: data.edition.id, version: data.edition.version };
  const jp = data.edition.committees.find((c: any) => c.country === 'JP').id;
  // CLAIR Paris's secretariat seat on the Japanese committee.
  const person = await t.gql(`mutation { createPerson(input: { displayName: "Secrétariat CLAIR [exemple]", email: "secretariat.jp@example.org",
    role: COMMITTEE, password: "secretariat password" }) { id } }`, {}, { token: token.admin });
  await t.gql(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: SECRETARIAT) { id } }`,
    { c: jp, p: person.data.createPerson.id }, { token: token.admin });
  token['secretariat.jp'] = await t.login('secretariat.jp@example.org', 'secretariat password');
  personId['secretariat.jp'] = person.data.createPerson.id;
});
afterAll(() => t?.close());

describe('SINGLE, the default', () => {
  it('publishes at once, approved by the publisher alone', async () => {
    expect((await t.gql(PUBLIC)).data.edition.releaseApproval).toBe('SINGLE');
    const result = await t.gql(PUBLISH, { id: eighth.id }, { token: token['president.fr'] });
    expect(result.errors).toBeUndefined();
    expect(result.data.publishProgram).toMatchObject({ version: '0.1', status: 'PUBLISHED', approvedBy: [{ displayName: 'Karima Zerkani-Raynal' }] });
    expect((await t.gql(PUBLIC)).data.edition.latestRelease.version).toBe('0.1');
    expect(await exported()).toEqual({ status: 200, version: '0.1' });
  });
});

describe('BOTH_COMMITTEES', () => {
  let waiting: { id: string; version: string };

  it("keeps a president's release waiting: not public, not exported, seen by committee members only", async () => {
    await setRule('BOTH_COMMITTEES');
    const result = await t.gql(PUBLISH, { id: eighth.id }, { token: token['president.fr'] });
    expect(result.errors).toBeUndefined();
    waiting = result.data.publishProgram;
    expect(result.data.publishProgram).toMatchObject({ version: '0.2', status: 'AWAITING_APPROVAL', approvedBy: [{ displayName: 'Karima Zerkani-Raynal' }] });
    const anonymous = await t.gql(PUBLIC);
    expect(anonymous.data.edition.latestRelease.version).toBe('0.1');
    expect(anonymous.data.edition.releases.map((r: any) => r.version)).toEqual(['0.1']);
    expect(await exported()).toEqual({ status: 200, version: '0.1' });
    expect((await t.gql(`{ edition(number: 8) { releases { version } } }`, {}, { token: token['member1.jp'] })).data.edition.releases).toHaveLength(1);
    for (const who of ['member1.jp', 'president.jp', 'admin']) {
      const pending = await t.gql(PENDING, {}, { token: token[who] });
      expect(pending.data.edition.pendingReleases).toEqual([{ id: waiting.id, version: '0.2', status: 'AWAITING_APPROVAL', publishedBy: { displayName: 'Karima Zerkani-Raynal' } }]);
    }
    expect((await t.gql(PENDING, {}, { token: token['rep.aix'] })).data.edition.pendingReleases).toEqual([]);
    expect(codes(await t.gql(PENDING))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses approval by the same committee (FORBIDDEN) and by a plain member, changing nothing', async () => {
    const sameCommittee = await t.gql(APPROVE, { id: waiting.id }, { token: token['president.fr'] });
    expect(codes(sameCommittee)).toEqual(['FORBIDDEN']);
    expect(sameCommittee.errors![0].extensions!.right).toBe('ApproveRelease');
    expect(codes(await t.gql(APPROVE, { id: waiting.id }, { token: token['member1.jp'] }))).toEqual(['FORBIDDEN']);
    // To a local authority, a release that is not public does not exist.
    expect(codes(await t.gql(APPROVE, { id: waiting.id }, { token: token['rep.aix'] }))).toEqual(['NOT_FOUND']);
    expect((await t.db.query(`SELECT status FROM program_release WHERE id = $1`, [waiting.id])).rows).toEqual([{ status: 'AWAITING_APPROVAL' }]);
  });

  it('replaces a waiting release with a newer one, which takes its version and says so in its changelog', async () => {
    const newer = await t.gql(PUBLISH, { id: eighth.id, notes: { fr: 'Correction des salles' } }, { token: token['president.fr'] });
    expect(newer.errors).toBeUndefined();
    expect(newer.data.publishProgram).toMatchObject({ version: '0.2', status: 'AWAITING_APPROVAL' });
    expect(newer.data.publishProgram.changes[0]).toMatchObject({ kind: 'CHANGED', entityType: 'ProgramRelease' });
    expect(newer.data.publishProgram.changes[0].summary.en).toMatch(/^Replaces release 0\.2 of .* UTC, which was awaiting the other committee's approval\.$/);
    const { rows } = await t.db.query(`SELECT id, status FROM program_release WHERE edition_id = $1 ORDER BY published_at`, [eighth.id]);
    expect(rows.map((r) => r.status)).toEqual(['PUBLISHED', 'REJECTED', 'AWAITING_APPROVAL']);
    expect(codes(await t.gql(APPROVE, { id: waiting.id }, { token: token['president.jp'] }))).toEqual(['INVALID_STATE']);
    waiting = newer.data.publishProgram;
  });

  it('publishes once when the other committee approves twice at the same moment', async () => {
    const results = await Promise.all([
      t.gql(APPROVE, { id: waiting.id }, { token: token['president.jp'] }),
      t.gql(APPROVE, { id: waiting.id }, { token: token['secretariat.jp'] }),
      t.gql(APPROVE, { id: waiting.id }, { token: token['president.jp'] }),
    ]);
    const approved = results.filter((r) => !r.errors);
    expect(approved).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(codes)).toEqual([['INVALID_STATE'], ['INVALID_STATE']]);
    expect(approved[0].data.approveRelease).toMatchObject({ version: '0.2', status: 'PUBLISHED' });
    expect(approved[0].data.approveRelease.approvedBy.map((p: any) => p.id)).toEqual([personId['president.fr'], expect.any(String)]);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM change_event WHERE entity_id = $1 AND changes->'status'->>'to' = 'PUBLISHED'`, [waiting.id]);
    expect(rows[0].n).toBe(1);
    const anonymous = await t.gql(PUBLIC);
    expect(anonymous.data.edition.latestRelease).toEqual({ id: waiting.id, version: '0.2' });
    expect(anonymous.data.edition.releases.map((r: any) => `${r.version} ${r.status}`)).toEqual(['0.1 PUBLISHED', '0.2 PUBLISHED']);
    expect(await exported()).toEqual({ status: 200, version: '0.2' });
    expect((await t.gql(PENDING, {}, { token: token.admin })).data.edition.pendingReleases).toEqual([]);
  });

  it("lets the other committee's secretariat refuse a release, with its reason: it never becomes public", async () => {
    const next = await t.gql(PUBLISH, { id: eighth.id }, { token: token['president.fr'] });
    expect(next.data.publishProgram).toMatchObject({ version: '0.3', status: 'AWAITING_APPROVAL' });
    const refused = await t.gql(REJECT, { id: next.data.publishProgram.id, reason: { fr: 'Les horaires de Shizuoka sont à revoir' } }, { token: token['secretariat.jp'] });
    expect(refused.errors).toBeUndefined();
    expect(refused.data.rejectRelease).toMatchObject({ status: 'REJECTED', rejectionReason: { fr: 'Les horaires de Shizuoka sont à revoir' } });
    expect((await t.gql(PUBLIC)).data.edition.latestRelease.version).toBe('0.2');
    // Its version number was never public: the next release takes it.
    const after = await t.gql(PUBLISH, { id: eighth.id }, { token: token['president.jp'] });
    expect(after.data.publishProgram).toMatchObject({ version: '0.3', status: 'AWAITING_APPROVAL' });
    const approved = await t.gql(APPROVE, { id: after.data.publishProgram.id }, { token: token['president.fr'] });
    expect(approved.data.approveRelease).toMatchObject({ version: '0.3', status: 'PUBLISHED' });
  });

  it("publishes an admin's release at once: an admin stands for both committees", async () => {
    const result = await t.gql(PUBLISH, { id: eighth.id }, { token: token.admin });
    expect(result.data.publishProgram).toMatchObject({ version: '0.4', status: 'PUBLISHED' });
  });
});
