import { LOGIN_LIMITS } from '../src/auth/login-throttle';
import { codes, GraphQLResponse, startTestApp, TestApp } from './helpers/app';

// A French or Japanese reader is told every fact an English reader is: which deadline and when (in
// the edition's zone), whether a vote is not open yet or closed, why a state refuses an action, who
// changed a record last and when, how long to wait. The same facts come as extensions in every language.

let t: TestApp;
let admin: string;
let member: string;
let president: string;
let representative: string;
let eighthId: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  [admin, member, president, representative] = await Promise.all(
    ['admin', 'member1.fr', 'president.fr', 'rep.aix'].map((who) => t.login(`${who}@example.org`)),
  );
  eighthId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id;
});
afterAll(() => t?.close());

const LANGUAGES = ['en', 'fr', 'ja'] as const;
type Language = (typeof LANGUAGES)[number];

/** The same call in English, French and Japanese. */
async function inEachLanguage(call: (headers: Record<string, string>) => Promise<GraphQLResponse>): Promise<Record<Language, GraphQLResponse>> {
  const answers = {} as Record<Language, GraphQLResponse>;
  for (const lang of LANGUAGES) answers[lang] = await call({ 'accept-language': lang });
  return answers;
}

/** Each language's message contains its own words for the facts; the extensions are the same in all three. */
function expectFacts(answers: Record<Language, GraphQLResponse>, code: string, words: Record<Language, string[]>, extensions: Record<string, unknown>) {
  for (const lang of LANGUAGES) {
    expect(codes(answers[lang])).toEqual([code]);
    const error = answers[lang].errors![0];
    for (const word of words[lang]) expect(error.message).toContain(word);
    expect(error.extensions).toMatchObject(extensions);
  }
  expect(answers.fr.errors![0].extensions).toEqual(answers.en.errors![0].extensions);
  expect(answers.ja.errors![0].extensions).toEqual(answers.en.errors![0].extensions);
}

const themeId = async (fr: string) => (await t.db.query(`SELECT id FROM theme WHERE title->>'fr' = $1`, [fr])).rows[0].id as string;
const CAST = `mutation ($id: ID!) { castBallot(input: { themeId: $id, choice: FOR }) { id } }`;

describe('VOTING_CLOSED', () => {
  it('says a vote has not opened yet, and with the theme proposed', async () => {
    const risks = await themeId('Prévention des risques naturels');
    const answers = await inEachLanguage((headers) => t.gql(CAST, { id: risks }, { token: member, headers }));
    expectFacts(answers, 'VOTING_CLOSED', { en: ['not opened yet'], fr: ['pas encore ouvert'], ja: ['まだ始まっていません'] }, { status: 'PROPOSED' });
  });

  it('says a vote is closed, and how the theme came out', async () => {
    const ecology = await themeId('Transition écologique et énergétique');
    const answers = await inEachLanguage((headers) => t.gql(CAST, { id: ecology }, { token: member, headers }));
    expectFacts(answers, 'VOTING_CLOSED', { en: ['closed', 'adopted'], fr: ['clos', 'adopté'], ja: ['締め切られました', '採択'] }, { status: 'ADOPTED' });
    // Not the words of a vote not yet open.
    expect(answers.fr.errors![0].message).not.toContain('pas encore');
    expect(answers.ja.errors![0].message).not.toContain('まだ');
  });
});

describe('DEADLINE_PASSED', () => {
  it('names the deadline and when it was, on the clock of the edition, in the reader language', async () => {
    // An edition held in Paris, whose suggestions closed on 18 September 2023 at 18:00 there.
    const created = await t.gql(
      `mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id } }`,
      {
        input: {
          number: 20, title: { fr: 'Édition de Paris', ja: 'パリ大会' }, hostCity: { fr: 'Paris', ja: 'パリ' }, hostCountry: 'FR',
          startDate: '2024-02-01', endDate: '2024-02-03', timeZone: 'Europe/Paris',
          suggestionDeadline: '2023-09-18T18:00:00+02:00', participationDeadline: '2023-09-04T00:00:00+02:00',
        },
      },
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    const edition = created.data.createEdition.id;
    const suggest = (headers: Record<string, string>) =>
      t.gql(`mutation ($e: ID!) { submitSuggestion(input: { editionId: $e, kind: THEME, title: { fr: "Un thème" } }) { id } }`, { e: edition }, { token: representative, headers });
    const late = await inEachLanguage(suggest);
    expectFacts(
      late,
      'DEADLINE_PASSED',
      {
        en: ['deadline for suggestions', 'September 18, 2023', '18:00', 'Central European Time'],
        fr: ['La date limite des suggestions était le 18 septembre 2023 à 18 h 00, heure d’Europe centrale'],
        ja: ['提案の締め切りは2023年9月18日 18:00（中央ヨーロッパ時間）でした'],
      },
      { deadline: '2023-09-18T16:00:00.000Z', deadlineKind: 'SUGGESTION' },
    );

    const form = (headers: Record<string, string>) =>
      t.gql(`mutation ($e: ID!) { submitParticipation(input: { editionId: $e, delegates: [{ name: "Marc Olivier" }], attendsSteeringMeeting: false }) { id } }`,
        { e: edition }, { token: representative, headers });
    expectFacts(
      await inEachLanguage(form),
      'DEADLINE_PASSED',
      { en: ['participation forms', 'September 4, 2023', '00:00'], fr: ['des bulletins de participation', '4 septembre 2023 à 0 h 00'], ja: ['参加申込の締め切りは2023年9月4日 00:00'] },
      { deadline: '2023-09-03T22:00:00.000Z', deadlineKind: 'PARTICIPATION' },
    );
  });
});

describe('INVALID_STATE', () => {
  it('gives the reason: the theme status, and the status the action needs', async () => {
    const risks = await themeId('Prévention des risques naturels');
    const close = (headers: Record<string, string>) => t.gql(`mutation ($id: ID!) { closeThemeVote(themeId: $id) { id } }`, { id: risks }, { token: president, headers });
    expectFacts(
      await inEachLanguage(close),
      'INVALID_STATE',
      { en: ['Only a vote in progress', 'proposed'], fr: ['Seul un vote en cours', 'proposé'], ja: ['投票中', '提案中'] },
      { reason: 'closeVotingOnly', status: 'PROPOSED', allowed: ['VOTING'] },
    );
  });

  it('names the statuses a suggestion may move to', async () => {
    const { rows } = await t.db.query(`SELECT id, version FROM suggestion WHERE status = 'SUBMITTED' LIMIT 1`);
    const review = (headers: Record<string, string>) =>
      t.gql(`mutation ($id: ID!, $v: Int!) { reviewSuggestion(input: { id: $id, expectedVersion: $v, status: ACCEPTED }) { id } }`,
        { id: rows[0].id, v: rows[0].version }, { token: member, headers });
    expectFacts(
      await inEachLanguage(review),
      'INVALID_STATE',
      { en: ['submitted', 'under review or rejected'], fr: ['soumise', "en cours d'examen ou rejetée"], ja: ['提出済み', '「審査中」、「不採用」'] },
      { reason: 'suggestionMove', status: 'SUBMITTED', allowed: ['UNDER_REVIEW', 'REJECTED'] },
    );
  });
});

describe('CONFLICT', () => {
  it('names the record, who changed it last and when (on the clock of its edition), and what to do', async () => {
    const { rows } = await t.db.query(`SELECT id, version FROM session WHERE edition_id = $1 ORDER BY starts_at LIMIT 1`, [eighthId]);
    const session = rows[0];
    const UPDATE = `mutation ($id: ID!, $v: Int!, $fr: String) { updateSession(input: { id: $id, expectedVersion: $v, title: { fr: $fr } }) { version updatedAt } }`;
    // Claire Martin changes it at 10:30 in Tokyo...
    const changed = await t.at(new Date('2024-06-01T01:30:00Z'), () => t.gql(UPDATE, { id: session.id, v: session.version, fr: 'Ouverture' }, { token: member }));
    expect(changed.errors).toBeUndefined();
    // ...and the president, who read it before, quotes the old version.
    const stale = await inEachLanguage((headers) => t.gql(UPDATE, { id: session.id, v: session.version, fr: 'Cérémonie' }, { token: president, headers }));
    expectFacts(
      stale,
      'CONFLICT',
      {
        en: ['Claire Martin [exemple] changed the session', 'June 1, 2024 at 10:30 (Japan Standard Time)', `current version is ${session.version + 1}`, 'Reload'],
        fr: ['Claire Martin [exemple] a modifié la séance', 'le 1 juin 2024 à 10 h 30, heure normale du Japon', `version actuelle est ${session.version + 1}`, 'Rechargez'],
        ja: ['セッション', '2024年6月1日 10:30（日本標準時）', 'Claire Martin [exemple]さん', `現在のバージョン：${session.version + 1}`, '再読み込み'],
      },
      { entity: 'Session', currentVersion: session.version + 1, updatedBy: 'Claire Martin [exemple]', updatedAt: '2024-06-01T01:30:00.000Z' },
    );
  });
});

describe('TOO_MANY_REQUESTS', () => {
  it('says how many minutes to wait, and keeps the seconds in extensions', async () => {
    const attempt = (headers: Record<string, string> = {}, password = 'not the password') =>
      t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: 'member2.jp@example.org', p: password }, { headers });
    for (let i = 0; i < LOGIN_LIMITS.perAccountAndAddress; i++) expect(codes(await attempt())).toEqual(['UNAUTHENTICATED']);
    const blocked = await inEachLanguage((headers) => attempt(headers));
    for (const lang of LANGUAGES) {
      expect(codes(blocked[lang])).toEqual(['TOO_MANY_REQUESTS']);
      const seconds = blocked[lang].errors![0].extensions!.retryAfterSeconds;
      // 15 minutes, less the moments the test took.
      expect(seconds).toBeGreaterThan(14 * 60);
      expect(seconds).toBeLessThanOrEqual(15 * 60);
    }
    expect(blocked.en.errors![0].message).toContain('try again in 15 minutes');
    expect(blocked.fr.errors![0].message).toContain('réessayez dans 15 minutes');
    expect(blocked.ja.errors![0].message).toContain('15分後に');
  });
});
