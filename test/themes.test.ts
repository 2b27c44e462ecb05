import { Client } from 'pg';
import { codes, GraphQLResponse, startTestApp, TestApp } from './helpers/app';
import { newPerson as newPersonAs, seat as seatAs } from './helpers/people';
import { programFeed } from './helpers/subscriptions';

// The committees propose themes, put them to the vote, vote, and the double-majority rule
// decides, whether someone closes the vote or its deadline passes.

let t: TestApp;
const token: Record<string, string> = {};
let eighth: { id: string; committees: Record<'FR' | 'JP', string> };
const demoTheme: Record<string, string> = {};

const HOUR = 3_600_000;

beforeAll(async () => {
  t = await startTestApp({ demo: true, config: { sqlStatementsHeader: true } });
  for (const who of ['admin', 'president.fr', 'president.jp', 'member1.fr', 'member2.fr', 'member1.jp', 'rep.aix']) {
    token[who] = await t.login(`${who}@example.org`);
  }
  const { data } = await t.gql(`{ edition(number: 8) { id committees { id country } } }`);
  eighth = { id: data.edition.id, committees: Object.fromEntries(data.edition.committees.map((c: any) => [c.country, c.id])) as never };
  const { rows } = await t.db.query(`SELECT id, title->>'fr' AS fr FROM theme WHERE edition_id = $1`, [eighth.id]);
  for (const [key, prefix] of [['ecology', 'Transition'], ['tourism', 'Tourisme'], ['youth', 'Jeunesse'], ['inclusion', 'Société'], ['risks', 'Prévention'], ['sports', 'Sport']]) {
    demoTheme[key] = rows.find((r) => r.fr.startsWith(prefix))!.id;
  }
});
afterAll(() => t?.close());

// --- helpers ---------------------------------------------------------------------------------------

const ok = <T = any>(query: string, variables: Record<string, unknown> = {}, as?: string) => t.ok<T>(query, variables, { token: as });

const TALLY = `tally { outcome committees { committee { country } eligible for against abstain quorumReached majorityFor } }`;
const THEME = `id status version votingClosesAt decidedAt title { fr ja } ${TALLY}`;

const PROPOSE = `mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { ${THEME} proposedBy { displayName } } }`;
const UPDATE = `mutation ($input: UpdateThemeInput!) { updateTheme(input: $input) { ${THEME} } }`;
const WITHDRAW = `mutation ($id: ID!, $v: Int!) { withdrawTheme(id: $id, expectedVersion: $v) { ${THEME} } }`;
const OPEN = `mutation ($id: ID!, $closesAt: DateTime) { openThemeVote(themeId: $id, closesAt: $closesAt) { ${THEME} } }`;
const CLOSE = `mutation ($id: ID!) { closeThemeVote(themeId: $id) { ${THEME} } }`;
const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { id choice comment castAt voter { displayName } committee { country } theme { id } } }`;
const READ = `query ($id: ID!) { theme(id: $id) { ${THEME} } }`;

const propose = async (editionId: string, fr: string, as = token['president.fr']) =>
  (await ok(PROPOSE, { input: { editionId, title: { fr, ja: `${fr}（日本語）` } } }, as)).proposeTheme;
const open = async (id: string, closesAt?: Date) => (await ok(OPEN, { id, closesAt: closesAt?.toISOString() }, token.admin)).openThemeVote;
const close = async (id: string) => (await ok(CLOSE, { id }, token.admin)).closeThemeVote;
const cast = (themeId: string, choice: string, as: string, comment?: string) => t.gql(CAST, { input: { themeId, choice, comment } }, { token: as });
const read = async (id: string, as?: string) => (await ok(READ, { id }, as)).theme;

/** Rows of every table the theme mutations write, to prove that a refused call changed nothing. */
async function counts() {
  const { rows } = await t.db.query(`
    SELECT (SELECT count(*) FROM theme) AS themes, (SELECT count(*) FROM ballot) AS ballots,
           (SELECT count(*) FROM change_event) AS events,
           (SELECT string_agg(id::text || ':' || version || ':' || status, ',' ORDER BY id) FROM theme) AS theme_versions,
           (SELECT string_agg(id::text || ':' || choice || ':' || coalesce(comment, ''), ',' ORDER BY id) FROM ballot) AS ballot_choices,
           (SELECT string_agg(id::text || ':' || version || ':' || quorum_share, ',' ORDER BY id) FROM edition) AS editions`);
  return rows[0];
}

interface Voter { id: string; token: string }
interface TestEdition { id: string; number: number; version: number; committees: Record<'FR' | 'JP', string>; voters: Record<'FR' | 'JP', Voter[]> }

let nextEdition = 20;
/** A person of role COMMITTEE (or as given), signed in. */
const newPerson = async (role = 'COMMITTEE'): Promise<Voter> => newPersonAs(t, token.admin, { role, signIn: true });
const seat = (committeeId: string, personId: string, role: string) => seatAs(t, token.admin, committeeId, personId, role);

/** A new edition whose committees have `fr` and `jp` voters: the first of each is PRESIDENT, the others MEMBER. */
async function newEdition(fr: number, jp: number): Promise<TestEdition> {
  const number = nextEdition++;
  const { createEdition } = await ok(`mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id version committees { id country } } }`, {
    input: {
      number, title: { fr: `${number}es Rencontres [exemple]`, ja: `第${number}回 [例]` }, hostCity: { fr: 'Nancy', ja: 'ナンシー' },
      hostCountry: 'FR', startDate: '2030-10-01', endDate: '2030-10-03', timeZone: 'Europe/Paris',
    },
  }, token.admin);
  const committees = Object.fromEntries(createEdition.committees.map((c: any) => [c.country, c.id])) as Record<'FR' | 'JP', string>;
  const seated = async (committeeId: string, n: number) =>
    Promise.all(Array.from({ length: n }, async (_, i) => {
      const voter = await newPerson();
      await seat(committeeId, voter.id, i === 0 ? 'PRESIDENT' : 'MEMBER');
      return voter;
    }));
  const [frVoters, jpVoters] = await Promise.all([seated(committees.FR, fr), seated(committees.JP, jp)]);
  return { id: createEdition.id, number, version: createEdition.version, committees, voters: { FR: frVoters, JP: jpVoters } };
}

const statements = (response: GraphQLResponse) => Number(response.headers.get('x-sql-statements'));

// --- reading -------------------------------------------------------------------------------------

describe('reading themes', () => {
  const LIST = `query ($status: ThemeStatus) { edition(number: 8) { themes(status: $status) { id status title { fr } ${TALLY} } } }`;

  it('shows anonymous readers the adopted themes only, with their tallies', async () => {
    const { edition } = await ok(LIST);
    expect(edition.themes.map((th: any) => th.status)).toEqual(['ADOPTED', 'ADOPTED']);
    expect(edition.themes.map((th: any) => th.id).sort()).toEqual([demoTheme.ecology, demoTheme.tourism].sort());
    expect(edition.themes[0].tally.outcome).toBe('ADOPTED');
    expect((await ok(LIST, { status: 'VOTING' })).edition.themes).toEqual([]);
    expect(await read(demoTheme.youth)).toBeNull();
    expect(await read(demoTheme.sports)).toBeNull();
    expect((await read(demoTheme.ecology)).status).toBe('ADOPTED');
  });

  it('shows signed-in users every theme, filtered by status when asked', async () => {
    const all = (await ok(LIST, {}, token['rep.aix'])).edition.themes;
    expect(all.map((th: any) => th.status).sort()).toEqual(['ADOPTED', 'ADOPTED', 'PROPOSED', 'REJECTED', 'VOTING', 'VOTING']);
    const voting = (await ok(LIST, { status: 'VOTING' }, token['rep.aix'])).edition.themes;
    expect(voting.map((th: any) => th.id).sort()).toEqual([demoTheme.youth, demoTheme.inclusion].sort());
    expect((await read(demoTheme.youth, token['rep.aix'])).status).toBe('VOTING');
  });

  it('tallies an open vote per committee, PENDING until it is decided', async () => {
    // Demo ballots on "youth": FR president and member FOR; JP president AGAINST, a member FOR. Four voting seats each.
    const { tally } = await read(demoTheme.youth, token['member1.fr']);
    expect(tally).toEqual({
      outcome: 'PENDING',
      committees: [
        { committee: { country: 'FR' }, eligible: 4, for: 2, against: 0, abstain: 0, quorumReached: true, majorityFor: true },
        { committee: { country: 'JP' }, eligible: 4, for: 1, against: 1, abstain: 0, quorumReached: true, majorityFor: false },
      ],
    });
  });

  it("gives each voter their own ballot, and others' ballots to admins only", async () => {
    const MINE = `query ($id: ID!) { theme(id: $id) { myBallot { choice voter { displayName } committee { country } theme { id } } } }`;
    expect((await ok(MINE, { id: demoTheme.youth }, token['president.fr'])).theme.myBallot)
      .toEqual({ choice: 'FOR', voter: { displayName: 'Karima Zerkani-Raynal' }, committee: { country: 'FR' }, theme: { id: demoTheme.youth } });
    expect((await ok(MINE, { id: demoTheme.youth }, token['member2.fr'])).theme.myBallot).toBeNull();
    expect((await ok(MINE, { id: demoTheme.ecology })).theme.myBallot).toBeNull();

    const ALL = `query ($id: ID!) { theme(id: $id) { ballots { choice voter { displayName } committee { country } } } }`;
    const ballots = (await ok(ALL, { id: demoTheme.youth }, token.admin)).theme.ballots;
    expect(ballots).toHaveLength(4);
    expect(ballots.filter((b: any) => b.committee.country === 'JP').map((b: any) => b.choice).sort()).toEqual(['AGAINST', 'FOR']);
    expect(codes(await t.gql(ALL, { id: demoTheme.youth }, { token: token['president.fr'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(ALL, { id: demoTheme.youth }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(ALL, { id: demoTheme.ecology }))).toEqual(['UNAUTHENTICATED']);
  });

  it("lists a theme's workshops to signed-in users", async () => {
    const { theme } = await ok(`query ($id: ID!) { theme(id: $id) { workshops { title { fr } } } }`, { id: demoTheme.youth }, token['rep.aix']);
    expect(theme.workshops).toEqual([{ title: { fr: 'Jeunesse et échanges scolaires' } }]);
  });

  it('answers null for an id that names no theme', async () => {
    expect(await read('00000000-0000-0000-0000-000000000000', token.admin)).toBeNull();
    expect(await read('not-an-id', token.admin)).toBeNull();
  });

  it('costs the same number of SQL statements for a list of themes with tallies and ballots, whatever its length', async () => {
    const edition = await newEdition(2, 2);
    const QUERY = `query ($n: Int!) { edition(number: $n) { themes { id status version decidedAt proposedBy { displayName } edition { number }
      ${TALLY} myBallot { choice } ballots { choice voter { displayName } committee { country } } } } }`;
    const first = await propose(edition.id, 'Premier thème', edition.voters.FR[0].token);
    await open(first.id);
    // Voters who are not the proposer, one per committee: the same kinds of rows as the larger list below.
    await cast(first.id, 'FOR', edition.voters.FR[1].token);
    await cast(first.id, 'AGAINST', edition.voters.JP[1].token);
    const small = await t.gql(QUERY, { n: edition.number }, { token: token.admin });
    expect(small.errors).toBeUndefined();
    expect(small.data.edition.themes).toHaveLength(1);

    for (let i = 0; i < 6; i++) {
      const theme = await propose(edition.id, `Thème ${i}`, edition.voters.JP[0].token);
      if (i % 2) continue;
      await open(theme.id, new Date(t.clock.now.getTime() + HOUR));
      for (const voter of [...edition.voters.FR, ...edition.voters.JP]) await cast(theme.id, i % 4 ? 'AGAINST' : 'FOR', voter.token);
    }
    const large = await t.gql(QUERY, { n: edition.number }, { token: token.admin });
    expect(large.errors).toBeUndefined();
    expect(large.data.edition.themes).toHaveLength(7);
    expect(large.data.edition.themes.flatMap((th: any) => th.ballots)).toHaveLength(2 + 3 * 4);
    expect(statements(small)).toBeGreaterThan(0);
    expect(statements(large)).toBe(statements(small));
  });
});

// --- proposing, editing, withdrawing ---------------------------------------------------------------

describe('proposing and editing themes', () => {
  it('lets a committee member propose a theme, trimmed, PROPOSED, and records it in the trail', async () => {
    const result = await ok(PROPOSE, {
      input: { editionId: eighth.id, title: { fr: '  Eau et assainissement  ', ja: '水と衛生' }, description: { fr: 'Exemple.' } },
    }, token['member1.jp']);
    expect(result.proposeTheme).toMatchObject({
      status: 'PROPOSED', version: 1, title: { fr: 'Eau et assainissement', ja: '水と衛生' }, proposedBy: { displayName: '佐藤 美咲 [例]' },
      votingClosesAt: null, decidedAt: null, tally: { outcome: 'PENDING' },
    });
    const { rows } = await t.db.query(`SELECT edition_id, action, actor_id IS NOT NULL AS has_actor FROM change_event WHERE entity_id = $1`, [result.proposeTheme.id]);
    expect(rows).toEqual([{ edition_id: eighth.id, action: 'CREATE', has_actor: true }]);
  });

  it('refuses anonymous callers, local authorities and members of other editions only', async () => {
    const input = { editionId: eighth.id, title: { fr: 'Refusé' } };
    const before = await counts();
    expect(codes(await t.gql(PROPOSE, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(PROPOSE, { input }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    const elsewhere = await newEdition(1, 0);
    const outsider = elsewhere.voters.FR[0].token;
    expect(codes(await t.gql(PROPOSE, { input }, { token: outsider }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(PROPOSE, { input: { ...input, editionId: '00000000-0000-0000-0000-000000000000' } }, { token: token.admin }))).toEqual(['NOT_FOUND']);
    const after = await counts();
    // Only the new edition's own rows were written.
    expect({ ...after, events: before.events, editions: before.editions }).toEqual(before);
  });

  it('updates a theme quoting its version; a stale version gets CONFLICT with the current one', async () => {
    const theme = await propose(eighth.id, 'Mobilités douces');
    const updated = (await ok(UPDATE, { input: { id: theme.id, expectedVersion: 1, title: { fr: 'Mobilités douces et transports', ja: 'ソフトモビリティ' } } }, token['member2.fr'])).updateTheme;
    expect(updated).toMatchObject({ version: 2, title: { fr: 'Mobilités douces et transports', ja: 'ソフトモビリティ' } });
    const stale = await t.gql(UPDATE, { input: { id: theme.id, expectedVersion: 1, title: { fr: 'Perdu' } } }, { token: token['member1.fr'] });
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(stale.errors![0].extensions!.currentVersion).toBe(2);
    expect(codes(await t.gql(UPDATE, { input: { id: theme.id, expectedVersion: 2, title: { fr: 'Non' } } }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    const { rows } = await t.db.query(`SELECT title->>'fr' AS fr, version FROM theme WHERE id = $1`, [theme.id]);
    expect(rows).toEqual([{ fr: 'Mobilités douces et transports', version: 2 }]);
  });

  it('keeps the text of a theme fixed while it is under vote', async () => {
    const theme = await open((await propose(eighth.id, 'Culture et jumelages')).id);
    const result = await t.gql(UPDATE, { input: { id: theme.id, expectedVersion: theme.version, title: { fr: 'Autre chose' } } }, { token: token['president.fr'] });
    expect(codes(result)).toEqual(['INVALID_STATE']);
    await close(theme.id);
  });

  it('withdraws a proposed theme; one under vote only by who may close the vote; a decided one never', async () => {
    const proposed = await propose(eighth.id, 'À retirer');
    const withdrawn = (await ok(WITHDRAW, { id: proposed.id, v: 1 }, token['member1.fr'])).withdrawTheme;
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', version: 2, tally: { outcome: 'PENDING' } });
    expect(codes(await t.gql(WITHDRAW, { id: proposed.id, v: 2 }, { token: token['member1.fr'] }))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(UPDATE, { input: { id: proposed.id, expectedVersion: 2, title: { fr: 'Retour' } } }, { token: token['member1.fr'] }))).toEqual(['INVALID_STATE']);

    const voting = await open((await propose(eighth.id, 'Vote abandonné')).id);
    expect(codes(await t.gql(WITHDRAW, { id: voting.id, v: voting.version }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(WITHDRAW, { id: voting.id, v: voting.version - 1 }, { token: token['president.jp'] }))).toEqual(['CONFLICT']);
    expect((await ok(WITHDRAW, { id: voting.id, v: voting.version }, token['president.jp'])).withdrawTheme.status).toBe('WITHDRAWN');
    expect(codes(await cast(voting.id, 'FOR', token['member1.fr']))).toEqual(['VOTING_CLOSED']);

    const { theme: adopted } = await ok(`{ theme(id: "${demoTheme.ecology}") { version } }`);
    expect(codes(await t.gql(WITHDRAW, { id: demoTheme.ecology, v: adopted.version }, { token: token.admin }))).toEqual(['INVALID_STATE']);
  });
});

// --- opening and closing ---------------------------------------------------------------------------

describe('opening and closing a vote', () => {
  let secretariat: Voter;
  beforeAll(async () => {
    secretariat = await newPerson();
    await seat(eighth.committees.FR, secretariat.id, 'SECRETARIAT');
  });

  it('is refused to members, local authorities and anonymous callers, and changes nothing', async () => {
    const before = await counts();
    expect(codes(await t.gql(OPEN, { id: demoTheme.risks }, { token: token['member1.fr'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(OPEN, { id: demoTheme.risks }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(OPEN, { id: demoTheme.risks }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await t.gql(CLOSE, { id: demoTheme.youth }, { token: token['member1.jp'] }))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CLOSE, { id: demoTheme.youth }, { token: token['rep.aix'] }))).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });

  it('is allowed to a president: the theme goes to VOTING with its deadline, and the trail records it', async () => {
    const closesAt = new Date(t.clock.now.getTime() + 7 * 24 * HOUR);
    const { openThemeVote } = await ok(OPEN, { id: demoTheme.risks, closesAt: closesAt.toISOString() }, token['president.jp']);
    expect(openThemeVote).toMatchObject({ status: 'VOTING', votingClosesAt: closesAt.toISOString(), tally: { outcome: 'PENDING' } });
    const { rows } = await t.db.query(`SELECT status, voting_opened_at, voting_closes_at FROM theme WHERE id = $1`, [demoTheme.risks]);
    expect(rows).toEqual([{ status: 'VOTING', voting_opened_at: t.clock.now, voting_closes_at: closesAt }]);
    const events = await t.db.query(`SELECT changes FROM change_event WHERE entity_id = $1 AND action = 'UPDATE' ORDER BY id`, [demoTheme.risks]);
    expect(events.rows.at(-1).changes.status).toEqual({ from: 'PROPOSED', to: 'VOTING' });
  });

  it('opens only a PROPOSED theme, until a deadline in the future', async () => {
    const before = await counts();
    expect(codes(await t.gql(OPEN, { id: demoTheme.youth }, { token: token.admin }))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(OPEN, { id: demoTheme.ecology }, { token: token.admin }))).toEqual(['INVALID_STATE']);
    const theme = await propose(eighth.id, 'Échéance passée');
    const mid = await counts();
    const past = await t.gql(OPEN, { id: theme.id, closesAt: t.clock.now.toISOString() }, { token: token.admin });
    expect(codes(past)).toEqual(['BAD_USER_INPUT']);
    expect(past.errors![0].extensions!.fields).toEqual([{ field: 'closesAt', message: 'must be in the future' }]);
    expect(await counts()).toEqual(mid);
    expect(Number(mid.themes)).toBe(Number(before.themes) + 1);
  });

  it('is allowed to the secretariat: closing decides by the double majority, and closing twice is INVALID_STATE', async () => {
    // "youth": the Japanese committee is tied (1 FOR, 1 AGAINST): rejected.
    const { closeThemeVote } = await ok(CLOSE, { id: demoTheme.youth }, secretariat.token);
    expect(closeThemeVote).toMatchObject({ status: 'REJECTED', decidedAt: t.clock.now.toISOString(), tally: { outcome: 'REJECTED' } });
    expect(codes(await t.gql(CLOSE, { id: demoTheme.youth }, { token: secretariat.token }))).toEqual(['INVALID_STATE']);
    expect(codes(await t.gql(CLOSE, { id: '00000000-0000-0000-0000-000000000000' }, { token: token.admin }))).toEqual(['NOT_FOUND']);
    const { rows } = await t.db.query(`SELECT status, decided_at FROM theme WHERE id = $1`, [demoTheme.youth]);
    expect(rows).toEqual([{ status: 'REJECTED', decided_at: t.clock.now }]);
  });

  it('does not give the secretariat a vote', async () => {
    expect(codes(await cast(demoTheme.risks, 'FOR', secretariat.token))).toEqual(['FORBIDDEN']);
  });
});

// --- the double-majority rule, through the API -----------------------------------------------------

describe('the double-majority rule', () => {
  let edition: TestEdition;
  beforeAll(async () => {
    // Four voting seats in each committee, and a secretariat seat that does not count.
    edition = await newEdition(4, 4);
    const secretariat = await newPerson();
    await seat(edition.committees.FR, secretariat.id, 'SECRETARIAT');
  });

  type Choices = Array<'FOR' | 'AGAINST' | 'ABSTAIN'>;
  const cases: Array<[string, Choices, Choices, boolean, boolean, boolean, boolean, 'ADOPTED' | 'REJECTED']> = [
    // name, FR ballots, JP ballots, FR quorum, FR majority, JP quorum, JP majority, outcome
    ['both committees reach quorum with a majority FOR', ['FOR', 'FOR', 'AGAINST'], ['FOR', 'FOR'], true, true, true, true, 'ADOPTED'],
    ['the French committee misses its quorum', ['FOR'], ['FOR', 'FOR', 'FOR', 'FOR'], false, true, true, true, 'REJECTED'],
    ['the Japanese committee misses its quorum', ['FOR', 'FOR', 'FOR', 'FOR'], ['FOR'], true, true, false, true, 'REJECTED'],
    ['a tie in the Japanese committee', ['FOR', 'FOR', 'FOR'], ['FOR', 'AGAINST'], true, true, true, false, 'REJECTED'],
    ['everyone abstains', ['ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'], ['ABSTAIN', 'ABSTAIN', 'ABSTAIN', 'ABSTAIN'], true, false, true, false, 'REJECTED'],
    ['abstentions make the quorum, FOR the majority', ['FOR', 'ABSTAIN'], ['ABSTAIN', 'FOR', 'ABSTAIN'], true, true, true, true, 'ADOPTED'],
    ['the French committee votes against', ['AGAINST', 'AGAINST', 'FOR'], ['FOR', 'FOR', 'FOR'], true, false, true, true, 'REJECTED'],
    ['nobody votes', [], [], false, false, false, false, 'REJECTED'],
  ];

  const tallyOf = (choices: Choices) => ({
    eligible: 4,
    for: choices.filter((c) => c === 'FOR').length,
    against: choices.filter((c) => c === 'AGAINST').length,
    abstain: choices.filter((c) => c === 'ABSTAIN').length,
  });

  it.each(cases)('%s', async (name, fr, jp, frQuorum, frMajority, jpQuorum, jpMajority, outcome) => {
    const theme = await open((await propose(edition.id, name, edition.voters.FR[1].token)).id);
    const ballots = [
      ...fr.map((choice, i) => cast(theme.id, choice, edition.voters.FR[i].token)),
      ...jp.map((choice, i) => cast(theme.id, choice, edition.voters.JP[i].token)),
    ];
    for (const result of await Promise.all(ballots)) expect(result.errors).toBeUndefined();

    const expected = [
      { committee: { country: 'FR' }, ...tallyOf(fr), quorumReached: frQuorum, majorityFor: frMajority },
      { committee: { country: 'JP' }, ...tallyOf(jp), quorumReached: jpQuorum, majorityFor: jpMajority },
    ];
    expect((await read(theme.id, edition.voters.JP[3].token)).tally).toEqual({ outcome: 'PENDING', committees: expected });

    const closed = await close(theme.id);
    expect(closed.status).toBe(outcome);
    expect(closed.tally).toEqual({ outcome, committees: expected });
    const { rows } = await t.db.query(`SELECT status FROM theme WHERE id = $1`, [theme.id]);
    expect(rows[0].status).toBe(outcome);
    // Adopted themes are public; rejected ones are not.
    expect((await read(theme.id))?.status ?? null).toBe(outcome === 'ADOPTED' ? 'ADOPTED' : null);
  });

  it("applies the edition's quorum share, which an admin sets", async () => {
    const SET = `mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { quorumShare version } }`;
    const { edition: current } = await ok(`query ($n: Int!) { edition(number: $n) { quorumShare version } }`, { n: edition.number });
    expect(current.quorumShare).toBe(0.5);
    const set = await ok(SET, { input: { id: edition.id, expectedVersion: current.version, quorumShare: 0.75 } }, token.admin);
    expect(set.updateEdition).toEqual({ quorumShare: 0.75, version: current.version + 1 });

    // Two of four Japanese seats: a quorum at one half, not at three quarters.
    const theme = await open((await propose(edition.id, 'Quorum renforcé', edition.voters.FR[0].token)).id);
    await Promise.all([
      ...[0, 1, 2].map((i) => cast(theme.id, 'FOR', edition.voters.FR[i].token)),
      ...[0, 1].map((i) => cast(theme.id, 'FOR', edition.voters.JP[i].token)),
    ]);
    const { tally } = await read(theme.id, token.admin);
    expect(tally.committees.map((c: any) => c.quorumReached)).toEqual([true, false]);
    expect((await close(theme.id)).status).toBe('REJECTED');
    await ok(SET, { input: { id: edition.id, expectedVersion: current.version + 1, quorumShare: 0.5 } }, token.admin);
  });
});

// --- ballots ---------------------------------------------------------------------------------------

describe('casting ballots', () => {
  let edition: TestEdition;
  let theme: { id: string };
  beforeAll(async () => {
    edition = await newEdition(2, 2);
    theme = await open((await propose(edition.id, 'Scrutin', edition.voters.FR[0].token)).id);
  });

  it('records a voting member\'s ballot through their committee, and replaces it while the vote is open', async () => {
    const voter = edition.voters.JP[1];
    const first = await cast(theme.id, 'FOR', voter.token, '  賛成です  ');
    expect(first.errors).toBeUndefined();
    expect(first.data.castBallot).toMatchObject({ choice: 'FOR', comment: '賛成です', committee: { country: 'JP' }, theme: { id: theme.id } });
    const second = await cast(theme.id, 'AGAINST', voter.token);
    expect(second.data.castBallot).toMatchObject({ id: first.data.castBallot.id, choice: 'AGAINST', comment: null });
    const { rows } = await t.db.query(`SELECT choice, comment FROM ballot WHERE theme_id = $1 AND voter_id = $2`, [theme.id, voter.id]);
    expect(rows).toEqual([{ choice: 'AGAINST', comment: null }]);
    const mine = await ok(`query ($id: ID!) { theme(id: $id) { myBallot { choice } } }`, { id: theme.id }, voter.token);
    expect(mine.theme.myBallot).toEqual({ choice: 'AGAINST' });
  });

  it('keeps one ballot per voter and theme under 30 parallel calls of the same voter', async () => {
    const voter = edition.voters.FR[1];
    const choices = Array.from({ length: 30 }, (_, i) => ['FOR', 'AGAINST', 'ABSTAIN'][i % 3]);
    const results = await Promise.all(choices.map((choice, i) => cast(theme.id, choice, voter.token, `appel ${i}`)));
    for (const result of results) expect(result.errors).toBeUndefined();
    expect(new Set(results.map((r) => r.data.castBallot.id)).size).toBe(1);
    const { rows } = await t.db.query(`SELECT id, choice, comment FROM ballot WHERE theme_id = $1 AND voter_id = $2`, [theme.id, voter.id]);
    expect(rows).toHaveLength(1);
    expect(choices[Number(rows[0].comment.replace('appel ', ''))]).toBe(rows[0].choice);
    const events = await t.db.query(`SELECT action, count(*)::int AS n FROM change_event WHERE entity_id = $1 GROUP BY action ORDER BY action`, [rows[0].id]);
    expect(events.rows).toEqual([{ action: 'CREATE', n: 1 }, { action: 'UPDATE', n: 29 }]);
  });

  let many: TestEdition;

  it('counts every ballot of many voters casting at once', async () => {
    many = await newEdition(16, 14);
    const vote = await open((await propose(many.id, 'Grand scrutin', many.voters.JP[0].token)).id);
    const choice = (i: number) => (i % 5 === 0 ? 'AGAINST' : i % 7 === 0 ? 'ABSTAIN' : 'FOR');
    const voters = [...many.voters.FR, ...many.voters.JP];
    const results = await Promise.all(voters.map((voter, i) => cast(vote.id, choice(i), voter.token)));
    for (const result of results) expect(result.errors).toBeUndefined();

    const { rows } = await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT voter_id)::int AS voters FROM ballot WHERE theme_id = $1`, [vote.id]);
    expect(rows[0]).toEqual({ n: 30, voters: 30 });
    const expected = (from: number, to: number) => {
      const picks = voters.slice(from, to).map((_, k) => choice(from + k));
      return { for: picks.filter((c) => c === 'FOR').length, against: picks.filter((c) => c === 'AGAINST').length, abstain: picks.filter((c) => c === 'ABSTAIN').length };
    };
    const { tally } = await read(vote.id, token.admin);
    expect(tally.committees).toEqual([
      { committee: { country: 'FR' }, eligible: 16, ...expected(0, 16), quorumReached: true, majorityFor: true },
      { committee: { country: 'JP' }, eligible: 14, ...expected(16, 30), quorumReached: true, majorityFor: true },
    ]);
    expect((await close(vote.id)).status).toBe('ADOPTED');
  });

  it('makes a ballot that arrives while the vote is being closed wait for the closing, then refuses it', async () => {
    const vote = await open((await propose(many.id, 'Clôture disputée', many.voters.FR[0].token)).id);
    // Plays the closing transaction by hand, to hold it open: it locks the theme as closeThemeVote does.
    const closer = new Client({ connectionString: t.databaseUrl });
    await closer.connect();
    try {
      await closer.query('BEGIN');
      await closer.query(`SELECT id FROM theme WHERE id = $1 FOR UPDATE`, [vote.id]);
      const ballots = many.voters.JP.slice(0, 5).map((voter) => cast(vote.id, 'FOR', voter.token));
      for (let i = 0; i < 100; i++) {
        const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (rows[0].n === 5) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await closer.query(`UPDATE theme SET status = 'REJECTED', decided_at = now(), version = version + 1 WHERE id = $1`, [vote.id]);
      await closer.query('COMMIT');
      for (const result of await Promise.all(ballots)) expect(codes(result)).toEqual(['VOTING_CLOSED']);
    } finally {
      await closer.end();
    }
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM ballot WHERE theme_id = $1`, [vote.id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses local authorities, voters of another edition, admins without a seat and anonymous callers', async () => {
    const before = await counts();
    expect(codes(await cast(theme.id, 'FOR', token['rep.aix']))).toEqual(['FORBIDDEN']);
    expect(codes(await cast(theme.id, 'FOR', token['president.fr']))).toEqual(['FORBIDDEN']);
    expect(codes(await cast(theme.id, 'FOR', token.admin))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(CAST, { input: { themeId: theme.id, choice: 'FOR' } }))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await cast('00000000-0000-0000-0000-000000000000', 'FOR', edition.voters.FR[0].token))).toEqual(['NOT_FOUND']);
    expect(await counts()).toEqual(before);
  });

  it('lets an admin vote through a seat of their own', async () => {
    const { viewer } = await ok(`{ viewer { person { id } } }`, {}, token.admin);
    await seat(edition.committees.FR, viewer.person.id, 'MEMBER');
    const result = await cast(theme.id, 'ABSTAIN', token.admin);
    expect(result.data.castBallot).toMatchObject({ choice: 'ABSTAIN', committee: { country: 'FR' } });
    expect((await read(theme.id, token.admin)).tally.committees[0].eligible).toBe(3);
    expect((await ok(`query ($id: ID!) { theme(id: $id) { myBallot { choice } } }`, { id: theme.id }, token.admin)).theme.myBallot).toEqual({ choice: 'ABSTAIN' });
  });

  it('answers VOTING_CLOSED before the vote opens and after it is closed, and records nothing', async () => {
    const proposed = await propose(edition.id, 'Pas encore ouvert', edition.voters.FR[0].token);
    expect(codes(await cast(proposed.id, 'FOR', edition.voters.FR[0].token))).toEqual(['VOTING_CLOSED']);
    const closed = await close((await open(proposed.id)).id);
    const before = await counts();
    expect(codes(await cast(closed.id, 'FOR', edition.voters.FR[0].token))).toEqual(['VOTING_CLOSED']);
    expect(await counts()).toEqual(before);
  });
});

// --- deadlines -----------------------------------------------------------------------------------

describe('a vote whose deadline passes with nobody closing it', () => {
  let edition: TestEdition;
  beforeAll(async () => {
    edition = await newEdition(2, 2);
  });

  it('refuses ballots after the deadline, and is settled by the next write with the double-majority outcome', async () => {
    const closesAt = new Date(t.clock.now.getTime() + 2 * HOUR);
    const theme = await open((await propose(edition.id, 'Échéance', edition.voters.FR[0].token)).id, closesAt);
    for (const voter of [...edition.voters.FR, edition.voters.JP[0]]) expect((await cast(theme.id, 'FOR', voter.token)).errors).toBeUndefined();

    t.clock.now = new Date(closesAt.getTime() + 1);
    const late = await cast(theme.id, 'AGAINST', edition.voters.JP[0].token);
    expect(codes(late)).toEqual(['VOTING_CLOSED']);

    const { rows } = await t.db.query(`SELECT status, decided_at, version FROM theme WHERE id = $1`, [theme.id]);
    expect(rows).toEqual([{ status: 'ADOPTED', decided_at: closesAt, version: theme.version + 1 }]);
    const ballots = await t.db.query(`SELECT choice FROM ballot WHERE theme_id = $1 AND voter_id = $2`, [theme.id, edition.voters.JP[0].id]);
    expect(ballots.rows).toEqual([{ choice: 'FOR' }]);
    const events = await t.db.query(`SELECT actor_id, edition_id, changes FROM change_event WHERE entity_id = $1 AND action = 'UPDATE' ORDER BY id`, [theme.id]);
    expect(events.rows.at(-1)).toEqual({
      actor_id: null, edition_id: edition.id,
      changes: { status: { from: 'VOTING', to: 'ADOPTED' }, decidedAt: { from: null, to: closesAt.toISOString() } },
    });
    expect(await read(theme.id)).toMatchObject({ status: 'ADOPTED', decidedAt: closesAt.toISOString(), tally: { outcome: 'ADOPTED' } });
    expect(codes(await t.gql(CLOSE, { id: theme.id }, { token: token.admin }))).toEqual(['INVALID_STATE']);
  });

  it('is settled once by the next reads, however many run at once', async () => {
    const closesAt = new Date(t.clock.now.getTime() + HOUR);
    const theme = await open((await propose(edition.id, 'Sans voix', edition.voters.JP[0].token)).id, closesAt);
    await cast(theme.id, 'FOR', edition.voters.FR[0].token);
    t.clock.now = new Date(closesAt.getTime() + HOUR);

    const LIST = `query ($n: Int!, $s: ThemeStatus) { edition(number: $n) { themes(status: $s) { id status version tally { outcome } } } }`;
    const number = edition.number;
    const reads = await Promise.all(Array.from({ length: 10 }, () => t.gql(LIST, { n: number, s: 'REJECTED' }, { token: edition.voters.FR[1].token })));
    for (const result of reads) {
      expect(result.errors).toBeUndefined();
      expect(result.data.edition.themes.find((th: any) => th.id === theme.id)).toEqual({ id: theme.id, status: 'REJECTED', version: theme.version + 1, tally: { outcome: 'REJECTED' } });
    }
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM change_event WHERE entity_id = $1 AND changes ? 'decidedAt'`, [theme.id]);
    expect(rows[0].n).toBe(1);
    expect((await ok(LIST, { n: number, s: 'VOTING' }, token.admin)).edition.themes).toEqual([]);
  });

  it('shows a settled status however the theme is reached, e.g. through a session', async () => {
    const closesAt = new Date(t.clock.now.getTime() + HOUR);
    const theme = await open((await propose(edition.id, 'En séance', edition.voters.JP[0].token)).id, closesAt);
    const { createSession } = await ok(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, {
      input: { editionId: edition.id, kind: 'PLENARY', title: { fr: 'Plénière' }, startsAt: '2030-10-01T09:00:00Z', endsAt: '2030-10-01T10:00:00Z', themeIds: [theme.id] },
    }, token.admin);
    t.clock.now = new Date(closesAt.getTime());
    const { session } = await ok(`query ($id: ID!) { session(id: $id) { themes { id status version decidedAt } } }`, { id: createSession.id }, token.admin);
    expect(session.themes).toEqual([{ id: theme.id, status: 'REJECTED', version: theme.version + 1, decidedAt: closesAt.toISOString() }]);
  });
});

// --- the audit trail and programChanged ------------------------------------------------------------

describe('the trail of a vote', () => {
  it('announces the opening, each ballot (without its choice), the closing and the settling to programChanged subscribers', async () => {
    const edition = await newEdition(1, 1);
    const [fr, jp] = [edition.voters.FR[0], edition.voters.JP[0]];
    // The probe's updates make the subscriptions live; what they hear after them is the vote's own trail.
    // A committee member hears who voted and when; a local authority never hears of a ballot.
    const probe = await propose(edition.id, 'Sonde', fr.token);
    let probes = 0;
    const feedOf = (bearer: string) => programFeed(t, {
      token: bearer,
      editionId: edition.id,
      fields: 'action entityType entityId changes actor { id }',
      probe: async () => ok(UPDATE, { input: { id: probe.id, expectedVersion: (await read(probe.id, fr.token)).version, description: { fr: `sonde ${++probes}` } } }, fr.token),
    });
    const committeeFeed = await feedOf(token['member2.fr']);
    const authorityFeed = await feedOf(token['rep.aix']);
    try {
      // The second feed's probes reached the first: both have heard everything so far.
      await committeeFeed.caughtUp();
      await authorityFeed.caughtUp();
      const theme = await propose(edition.id, 'Tracé', fr.token);
      await open(theme.id);
      const ballot = (await cast(theme.id, 'AGAINST', fr.token, 'secret reason')).data.castBallot;
      await cast(theme.id, 'FOR', fr.token, 'another secret');
      await cast(theme.id, 'FOR', jp.token);
      await close(theme.id);
      const timed = await open((await propose(edition.id, 'Minuté', jp.token)).id, new Date(t.clock.now.getTime() + HOUR));
      await t.at(new Date(t.clock.now.getTime() + 2 * HOUR), () => read(timed.id, fr.token));

      const expected = [
        ['Theme', 'CREATE', fr.id],
        ['Theme', 'UPDATE', expect.any(String)],
        ['Ballot', 'CREATE', fr.id],
        ['Ballot', 'UPDATE', fr.id],
        ['Ballot', 'CREATE', jp.id],
        ['Theme', 'UPDATE', expect.any(String)],
        ['Theme', 'CREATE', jp.id],
        ['Theme', 'UPDATE', expect.any(String)],
        ['Theme', 'UPDATE', null],
      ];
      const withoutBallots = expected.filter(([type]) => type !== 'Ballot');
      const events = { committee: await committeeFeed.caughtUp(), authority: await authorityFeed.caughtUp() };
      const summary = (list: any[]) => list.map((e) => [e.entityType, e.action, e.actor?.id ?? null]);
      expect(summary(events.committee)).toEqual(expected);
      expect(summary(events.authority)).toEqual(withoutBallots);
      expect(events.committee[2]).toMatchObject({ entityId: ballot.id, changes: { themeId: { from: null, to: theme.id } } });
      expect(events.committee[5].changes.status).toEqual({ from: 'VOTING', to: 'ADOPTED' });
      expect(events.committee[8].changes.status).toEqual({ from: 'VOTING', to: 'REJECTED' });
      const published = JSON.stringify(events);
      for (const secret of ['AGAINST', 'secret', '"choice"', 'comment']) expect(published).not.toContain(secret);
      expect(JSON.stringify(events.authority)).not.toContain(ballot.id);
    } finally {
      await committeeFeed.close();
      await authorityFeed.close();
    }
  });

  it('keeps ballots out of the history and open tallies away from readers outside the committees', async () => {
    const edition = await newEdition(1, 1);
    const [fr, jp] = [edition.voters.FR[0], edition.voters.JP[0]];
    const theme = await open((await propose(edition.id, 'Secret', fr.token)).id);
    await cast(theme.id, 'ABSTAIN', fr.token);
    await cast(theme.id, 'AGAINST', fr.token);
    await cast(theme.id, 'FOR', jp.token);
    const READ = `query ($id: ID!, $n: Int!) { theme(id: $id) { status tally { outcome committees { for against abstain } } }
      edition(number: $n) { history(limit: 100) { entityType actor { id } } } }`;
    const as = async (bearer: string) => ok(READ, { id: theme.id, n: edition.number }, bearer);

    const insider = await as(token['member2.fr']);
    expect(insider.theme.tally.committees.map((c: any) => c.for + c.against + c.abstain).sort()).toEqual([1, 1]);
    expect(insider.edition.history.filter((e: any) => e.entityType === 'Ballot').map((e: any) => e.actor.id).sort()).toEqual([fr.id, fr.id, jp.id].sort());

    const outsider = await as(token['rep.aix']);
    expect(outsider.theme).toEqual({ status: 'VOTING', tally: { outcome: 'PENDING', committees: [] } });
    expect(outsider.edition.history.length).toBeGreaterThan(0);
    expect(outsider.edition.history.filter((e: any) => e.entityType === 'Ballot')).toEqual([]);

    // Once closed, the counts are everyone's; who voted stays with the committees.
    await close(theme.id);
    const after = await as(token['rep.aix']);
    expect(after.theme.tally.committees.map((c: any) => [c.for, c.against, c.abstain]).sort()).toEqual([[0, 1, 0], [1, 0, 0]]);
    expect(after.edition.history.filter((e: any) => e.entityType === 'Ballot')).toEqual([]);
  });
});

// --- bad input -----------------------------------------------------------------------------------

describe('bad input', () => {
  let voting: { id: string; version: number };
  let voter: string;
  let edition: TestEdition;
  beforeAll(async () => {
    edition = await newEdition(1, 1);
    voter = edition.voters.FR[0].token;
    voting = await open((await propose(edition.id, 'Entrée invalide', voter)).id);
  });

  const cases: Array<[string, () => [string, Record<string, unknown>], string[]]> = [
    ['a title in neither French nor Japanese', () => [PROPOSE, { input: { editionId: edition.id, title: { en: 'English only' } } }], ['input.title']],
    ['a title over 300 characters', () => [PROPOSE, { input: { editionId: edition.id, title: { fr: 'x'.repeat(301) } } }], ['input.title']],
    ['a control character in a description', () => [PROPOSE, { input: { editionId: edition.id, title: { fr: 'Bien' }, description: { fr: 'mal\u0007' } } }], ['input.description']],
    ['clearing the title of a theme', () => [UPDATE, { input: { id: voting.id, expectedVersion: voting.version, title: null } }], ['input.title']],
    ['a comment over 2,000 characters', () => [CAST, { input: { themeId: voting.id, choice: 'FOR', comment: 'x'.repeat(2001) } }], ['input.comment']],
    ['a control character in a comment', () => [CAST, { input: { themeId: voting.id, choice: 'FOR', comment: 'oui\u0000' } }], ['input.comment']],
    ['a quorum share of 0', () => [`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { id } }`, { input: { id: edition.id, expectedVersion: edition.version, quorumShare: 0 } }], ['input.quorumShare']],
    ['a quorum share over 1', () => [`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { id } }`, { input: { id: edition.id, expectedVersion: edition.version, quorumShare: 1.5 } }], ['input.quorumShare']],
    ['a quorum share with three decimals', () => [`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { id } }`, { input: { id: edition.id, expectedVersion: edition.version, quorumShare: 0.333 } }], ['input.quorumShare']],
    ['clearing the quorum share', () => [`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { id } }`, { input: { id: edition.id, expectedVersion: edition.version, quorumShare: null } }], ['input.quorumShare']],
  ];

  it.each(cases)('%s is refused with BAD_USER_INPUT naming the field, and changes nothing', async (_name, call, fields) => {
    const [query, variables] = call();
    const before = await counts();
    // The admin may do everything, and votes here through no seat: the voter casts the ballots.
    const result = await t.gql(query, variables, { token: query === CAST ? voter : token.admin });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toEqual(fields);
    expect(await counts()).toEqual(before);
  });

  it('refuses a choice that is not one of FOR, AGAINST, ABSTAIN', async () => {
    const before = await counts();
    expect(codes(await t.gql(CAST, { input: { themeId: voting.id, choice: 'MAYBE' } }, { token: voter }))).toEqual(['BAD_USER_INPUT']);
    expect(await counts()).toEqual(before);
  });
});
