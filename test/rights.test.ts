import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, GraphQLObjectType } from 'graphql';
import { codes, DEMO_PASSWORD, GraphQLResponse, startTestApp, TestApp } from './helpers/app';
import { newPerson as createPerson, seat as seatOn } from './helpers/people';
import { untilHeard, wsClient } from './helpers/subscriptions';

// Every right of the product's rights table, asked of every kind of caller. The table
// below is the single source of what each caller must get; the operations after it only prepare fresh
// inputs (as an admin) and make the call.

// --- who asks ------------------------------------------------------------------------------------

const CALLERS = ['anonymous', 'la.own', 'la.other', 'member', 'president', 'secretariat', 'other.edition', 'admin'] as const;
type CallerKey = (typeof CALLERS)[number];

/**
 * anonymous     no token
 * la.own        rep.aix: LOCAL_AUTHORITY of Aix-en-Provence, the authority whose records the rows use
 * la.other      rep.shizuoka: LOCAL_AUTHORITY of another authority
 * member        member1.fr: MEMBER of the 8th edition's French committee (votes)
 * president     president.jp: PRESIDENT of the 8th edition's Japanese committee
 * secretariat   a COMMITTEE person seated as SECRETARIAT on the 8th edition's French committee
 * other.edition a COMMITTEE person seated only on the 7th edition's French committee, as its PRESIDENT
 * admin         admin: ADMIN, seated on no committee
 */
interface Caller {
  key: CallerKey;
  email?: string;
  password?: string;
  token?: string;
  personId?: string;
  /** The caller's own local authority, for a LOCAL_AUTHORITY caller. */
  authorityId?: string | null;
}

// --- what they get -------------------------------------------------------------------------------

/*
 * An error code (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, DEADLINE_PASSED) is a refusal. Otherwise the
 * call succeeds and the word says what the caller sees:
 *   yes              allowed: the mutation did it (and the trail names the caller), or the record is shown
 *   none             no error, nothing shown: null or an empty list (the product hides, not refuses)
 *   own              only the records of the caller's own local authority, with their private details
 *   all              every record
 *   no-emails        every record, delegates' emails hidden
 *   adopted          adopted themes only
 *   self             only the caller's own email among people's emails
 * The draft programme is the 8th edition's; "Aix's" records belong to la.own's authority.
 */
const RIGHTS = `
operation                          anonymous        la.own           la.other   member     president  secretariat  other.edition  admin

# Public: editions, releases, local authorities, exports of releases
editions                           yes              yes              yes        yes        yes        yes          yes            yes
edition                            yes              yes              yes        yes        yes        yes          yes            yes
Edition.releases                   yes              yes              yes        yes        yes        yes          yes            yes
Edition.latestRelease              yes              yes              yes        yes        yes        yes          yes            yes
localAuthorities                   yes              yes              yes        yes        yes        yes          yes            yes
GET:/editions/8/program.json       yes              yes              yes        yes        yes        yes          yes            yes

# The draft programme: read by every signed-in user
Edition.sessions                   UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
Edition.days                       UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
Edition.programIssues              UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
Edition.history                    UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
session                            UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
workshop                           UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
Theme.workshops                    UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
programChanged                     UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
Edition.meetings                   UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes

# Themes and tallies: anonymous readers see adopted themes only; ballots are private; who voted
# and when, and the counts of a vote not closed, stay with the committees
Edition.themes                     adopted          all              all        all        all        all          all            all
theme(VOTING)                      none             yes              yes        yes        yes        yes          yes            yes
theme(ADOPTED)                     yes              yes              yes        yes        yes        yes          yes            yes
Theme.tally(VOTING)                none             none             none       yes        yes        yes          yes            yes
Theme.tally(ADOPTED)               yes              yes              yes        yes        yes        yes          yes            yes
Edition.history(Ballot)            UNAUTHENTICATED  none             none       yes        yes        yes          yes            yes
Theme.ballots                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
Theme.myBallot                     none             none             none       own        own        none         none           none
Theme.fromSuggestion               none             yes              none       yes        yes        yes          yes            yes

# Suggestions and participation forms: a local authority sees its own, committees all (no emails)
Edition.suggestions                UNAUTHENTICATED  own              own        all        all        all          all            all
suggestion                         UNAUTHENTICATED  yes              none       yes        yes        yes          yes            yes
ChangeEvent.changes                UNAUTHENTICATED  yes              none       yes        yes        yes          yes            yes
Edition.participations             UNAUTHENTICATED  own              own        no-emails  no-emails  all          no-emails      all
LocalAuthority.participations      UNAUTHENTICATED  yes              none       no-emails  no-emails  yes          no-emails      yes
SteeringMeeting.registrations      UNAUTHENTICATED  own              own        no-emails  no-emails  all          no-emails      all

# People and tokens
viewer                             none             yes              yes        yes        yes        yes          yes            yes
Person.email                       none             self             self       self       self       all          self           all
people                             UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          yes            yes
addPerson                          UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          yes            yes
updatePerson(self)                 UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
updatePerson(another's)            UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
login                              yes              yes              yes        yes        yes        yes          yes            yes
logout                             UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
createPersonalToken                UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
revokeToken                        UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
revokeToken(another's)             UNAUTHENTICATED  NOT_FOUND        NOT_FOUND  NOT_FOUND  NOT_FOUND  NOT_FOUND    NOT_FOUND      NOT_FOUND

# Administration: admins only
createEdition                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
updateEdition                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
createRoom                         UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
createLocalAuthority               UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
createPerson                       UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
addCommitteeMember                 UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
removeCommitteeMember              UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
importLocalAuthorities             UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes

# Accounts: invitations, passwords, deactivation
pendingInvitations                 UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes
invite(COMMITTEE)                  UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes
invite(ADMIN)                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
issuePasswordReset                 UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes
acceptInvitation                   yes              yes              yes        yes        yes        yes          yes            yes
resetPassword                      yes              yes              yes        yes        yes        yes          yes            yes
requestPasswordReset               yes              yes              yes        yes        yes        yes          yes            yes
changePassword                     UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
deactivatePerson                   UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes

# Notifications: each signed-in person's own
myNotifications                    UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
myNotificationSettings             UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
markNotificationsRead              UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
updateNotificationSettings         UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes
notificationAdded                  UNAUTHENTICATED  yes              yes        yes        yes        yes          yes            yes

# The secretariat's records: local authorities, rooms, seats
updateLocalAuthority               UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes
updateRoom                         UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
deleteRoom                         UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
updateCommitteeMember              UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes

# Editing the programme, proposing themes, reviewing suggestions: the edition's committees
createSession                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
updateSession                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
deleteSession                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
createWorkshop                     UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
updateWorkshop                     UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
deleteWorkshop                     UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
proposeTheme                       UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
updateTheme                        UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
withdrawTheme(PROPOSED)            UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
reviewSuggestion                   UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
acceptSuggestionAsTheme            UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes
acceptSuggestionAsWorkshop         UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        yes          FORBIDDEN      yes

# Votes, meetings, publication: the presidents and secretariat of the edition's committees
openThemeVote                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
closeThemeVote                     UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
withdrawTheme(VOTING)              UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
scheduleMeeting                    UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
updateMeeting                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
cancelMeeting                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
addAgendaItem                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
updateAgendaItem                   UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
removeAgendaItem                   UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
reorderAgenda                      UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes
publishProgram                     UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  yes        yes          FORBIDDEN      yes

# Two-committee releases: one published by the French president waits for the Japanese committee (or an admin)
Edition.pendingReleases            UNAUTHENTICATED  none             none       yes        yes        yes          none           yes
approveRelease                     UNAUTHENTICATED  NOT_FOUND        NOT_FOUND  FORBIDDEN  yes        FORBIDDEN    NOT_FOUND      yes
rejectRelease                      UNAUTHENTICATED  NOT_FOUND        NOT_FOUND  FORBIDDEN  yes        FORBIDDEN    NOT_FOUND      yes

# Ballots: the voting members (PRESIDENT, MEMBER) of the edition's committees; admins only through a seat
castBallot                         UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  yes        yes        FORBIDDEN    FORBIDDEN      FORBIDDEN

# Suggestions and forms, for Aix: its representatives before the deadline, admins any time
submitSuggestion(before)           UNAUTHENTICATED  yes              FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
submitSuggestion(after)            UNAUTHENTICATED  DEADLINE_PASSED  FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
submitParticipation(before)        UNAUTHENTICATED  yes              FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
submitParticipation(after)         UNAUTHENTICATED  DEADLINE_PASSED  FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
cancelParticipation                UNAUTHENTICATED  yes              FORBIDDEN  FORBIDDEN  FORBIDDEN  FORBIDDEN    FORBIDDEN      yes
confirmParticipation               UNAUTHENTICATED  FORBIDDEN        FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes

# Meeting registrations, for Aix: its representatives before the meeting's deadline, the secretariat and admins any time
registerForMeeting(before)         UNAUTHENTICATED  yes              FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes
registerForMeeting(after)          UNAUTHENTICATED  DEADLINE_PASSED  FORBIDDEN  FORBIDDEN  FORBIDDEN  yes          FORBIDDEN      yes
`;

interface Row {
  operation: string;
  expected: Record<CallerKey, string>;
}

function parseRights(table: string): Row[] {
  const lines = table.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
  const [header, ...rows] = lines.map((line) => line.split(/\s+/));
  expect(header).toEqual(['operation', ...CALLERS]);
  return rows.map(([operation, ...cells]) => {
    if (cells.length !== CALLERS.length) throw new Error(`${operation}: ${cells.length} cells for ${CALLERS.length} callers`);
    return { operation, expected: Object.fromEntries(CALLERS.map((key, i) => [key, cells[i]])) as Row['expected'] };
  });
}

const ROWS = parseRights(RIGHTS);

// --- the service, its fixtures, fresh inputs ---------------------------------------------------------

let t: TestApp;
const callers = {} as Record<CallerKey, Caller>;
let eighth: { id: string; committees: Record<'FR' | 'JP', string> };
let seventh: { id: string; committees: Record<'FR' | 'JP', string> };
const authority = {} as Record<'aix' | 'shizuoka', string>;
/** A theme adopted by both committees, from a THEME suggestion of Aix, with four ballots. */
let adoptedTheme: string;
let ecologyTheme: string;
/** A token of member3.jp, who is none of the callers. */
let othersTokenId: string;

/** Before both deadlines of the 8th edition (participation: 4 Sept 2023; suggestions: 18 Sept 2023). */
const BEFORE_DEADLINES = new Date('2023-09-01T08:00:00Z');

/** Runs as the admin (or as `token`) and fails the test on any error: the preparation of a row must work. */
const ok = <T = any>(query: string, variables: Record<string, unknown> = {}, token = callers.admin.token) => t.ok<T>(query, variables, { token });

const as = (who: Caller, query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, { token: who.token });

let counter = 0;
const next = () => ++counter;

const PASSWORD = 'a long enough password';

const newPerson = (role = 'COMMITTEE') => createPerson(t, callers.admin.token!, { role, password: PASSWORD });
const seat = (committeeId: string, personId: string, role: string) => seatOn(t, callers.admin.token!, committeeId, personId, role);

/** A room of the 8th edition that nothing uses. */
const newRoom = async (): Promise<{ id: string; version: number }> =>
  (await ok(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle ${next()}", ja: "会議室${counter}" } }) { id version } }`, { id: eighth.id })).createRoom;

/** A new account to invite, of `role`. */
const newInvitee = (role: string) => ({ email: `invitee${next()}@example.net`, name: { latin: `Invité ${counter} [exemple]` }, role });

const sessionInput = (kind = 'PLENARY') => ({
  editionId: eighth.id,
  kind,
  title: { fr: `Séance ${next()}`, ja: `セッション${counter}` },
  startsAt: '2024-11-20T18:00:00+09:00',
  endsAt: '2024-11-20T19:00:00+09:00',
});

async function newSession(kind = 'PLENARY'): Promise<{ id: string; version: number }> {
  return (await ok(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id version } }`, { input: sessionInput(kind) })).createSession;
}

async function newWorkshop(): Promise<{ id: string; version: number }> {
  const session = await newSession('WORKSHOPS');
  return (await ok(`mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id version } }`,
    { input: { sessionId: session.id, title: { fr: `Atelier ${next()}`, ja: `分科会${counter}` } } })).createWorkshop;
}

async function newTheme(): Promise<{ id: string; version: number }> {
  return (await ok(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id version } }`,
    { input: { editionId: eighth.id, title: { fr: `Thème ${next()}`, ja: `テーマ${counter}` } } })).proposeTheme;
}

async function newThemeUnderVote(): Promise<{ id: string; version: number }> {
  const theme = await newTheme();
  return (await ok(`mutation ($id: ID!) { openThemeVote(themeId: $id) { id version } }`, { id: theme.id })).openThemeVote;
}

const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { id } }`;

/** A suggestion of Aix for the 8th edition, submitted by the admin, taken under review when asked. */
async function newSuggestion(kind = 'WORKSHOP', underReview = false): Promise<{ id: string; version: number }> {
  const { submitSuggestion } = await ok(`mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { id version } }`,
    { input: { editionId: eighth.id, localAuthorityId: authority.aix, kind, title: { fr: `Suggestion ${next()}`, ja: `提案${counter}` } } });
  if (!underReview) return submitSuggestion;
  return (await ok(`mutation ($input: ReviewSuggestionInput!) { reviewSuggestion(input: $input) { id version } }`,
    { input: { id: submitSuggestion.id, expectedVersion: submitSuggestion.version, status: 'UNDER_REVIEW' } })).reviewSuggestion;
}

const SUBMIT_PARTICIPATION = `mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id version status localAuthority { id } } }`;
const aixParticipation = () => ({
  editionId: eighth.id,
  localAuthorityId: authority.aix,
  attendsSteeringMeeting: true,
  delegates: [
    { name: 'Marc Olivier [exemple]', function: 'Chargé de mission relations internationales', email: 'rep.aix@example.org' },
    { name: `Délégué ${next()} [exemple]`, email: null },
  ],
});

const MEETING = `id version agenda { id position }`;
async function newMeeting(): Promise<{ id: string; version: number; agenda: Array<{ id: string }> }> {
  return (await ok(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { ${MEETING} } }`, {
    input: {
      editionId: eighth.id, title: { fr: `Réunion ${next()}`, ja: `会合${counter}` },
      startsAt: '2024-07-01T10:00:00+02:00', endsAt: '2024-07-01T11:00:00+02:00',
      agenda: [{ title: { fr: 'Ouverture' } }, { title: { fr: 'Programme' } }],
    },
  })).scheduleMeeting;
}

/** A release published by the French committee's president under BOTH_COMMITTEES, waiting; the edition goes back to SINGLE. */
async function waitingRelease(): Promise<{ id: string }> {
  const rule = async (releaseApproval: string) => {
    const { edition } = await ok(`{ edition(number: 8) { version } }`);
    await ok(`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { version } }`,
      { input: { id: eighth.id, expectedVersion: edition.version, releaseApproval } });
  };
  await rule('BOTH_COMMITTEES');
  const { publishProgram } = await ok(`mutation ($id: ID!) { publishProgram(editionId: $id) { id status } }`, { id: eighth.id },
    await t.login('president.fr@example.org'));
  expect(publishProgram.status).toBe('AWAITING_APPROVAL');
  await rule('SINGLE');
  return publishProgram;
}

/** A fresh login token of the caller (none for anonymous), for calls that use up their token. */
async function freshToken(who: Caller): Promise<string | undefined> {
  return who.email ? t.login(who.email, who.password) : undefined;
}

/** The newest row of the trail: an allowed mutation adds rows after it, a refused one none. */
async function lastEventId(): Promise<string> {
  const { rows } = await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM change_event`);
  return rows[0].id;
}

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  const demo: Array<[CallerKey, string]> = [
    ['la.own', 'rep.aix'], ['la.other', 'rep.shizuoka'], ['member', 'member1.fr'], ['president', 'president.jp'], ['admin', 'admin'],
  ];
  callers.anonymous = { key: 'anonymous' };
  for (const [key, who] of demo) {
    const email = `${who}@example.org`;
    const { rows } = await t.db.query(`SELECT id, local_authority_id FROM person WHERE email = $1`, [email]);
    callers[key] = { key, email, password: DEMO_PASSWORD, token: await t.login(email), personId: rows[0].id, authorityId: rows[0].local_authority_id };
  }
  authority.aix = callers['la.own'].authorityId!;
  authority.shizuoka = callers['la.other'].authorityId!;

  const { editions } = await ok(`{ editions { id number committees { id country } } }`);
  const byNumber = (n: number) => {
    const edition = editions.find((e: any) => e.number === n);
    return { id: edition.id, committees: Object.fromEntries(edition.committees.map((c: any) => [c.country, c.id])) as never };
  };
  eighth = byNumber(8);
  seventh = byNumber(7);

  const secretariat = await newPerson();
  await seat(eighth.committees.FR, secretariat.id, 'SECRETARIAT');
  callers.secretariat = { key: 'secretariat', email: secretariat.email, password: PASSWORD, personId: secretariat.id, token: await t.login(secretariat.email, PASSWORD) };
  const outsider = await newPerson();
  await seat(seventh.committees.FR, outsider.id, 'PRESIDENT');
  callers['other.edition'] = { key: 'other.edition', email: outsider.email, password: PASSWORD, personId: outsider.id, token: await t.login(outsider.email, PASSWORD) };
  othersTokenId = (await ok(`mutation { createPersonalToken(label: "script") { details { id } } }`, {}, await t.login('member3.jp@example.org'))).createPersonalToken.details.id;

  // A release to read and export.
  await ok(`mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: eighth.id });

  // Aix's THEME suggestion, accepted as a theme, voted FOR by two members of each committee: adopted.
  const suggestion = await newSuggestion('THEME', true);
  const theme = (await ok(`mutation ($id: ID!) { acceptSuggestionAsTheme(id: $id) { id } }`, { id: suggestion.id })).acceptSuggestionAsTheme;
  await ok(`mutation ($id: ID!) { openThemeVote(themeId: $id) { id } }`, { id: theme.id });
  for (const voter of ['president.fr', 'member2.fr', 'president.jp', 'member2.jp']) {
    await ok(CAST, { input: { themeId: theme.id, choice: 'FOR' } }, await t.login(`${voter}@example.org`));
  }
  const closed = (await ok(`mutation ($id: ID!) { closeThemeVote(themeId: $id) { id status } }`, { id: theme.id })).closeThemeVote;
  expect(closed.status).toBe('ADOPTED');
  adoptedTheme = closed.id;
  const { rows } = await t.db.query(`SELECT id FROM theme WHERE title->>'fr' LIKE 'Transition écologique%'`);
  ecologyTheme = rows[0].id;
});
afterAll(() => t?.close());

// --- the operations ------------------------------------------------------------------------------

interface Operation<P = any> {
  /** Fresh inputs, prepared as the admin before the call. */
  prepare?(who: Caller): Promise<P>;
  call(who: Caller, prepared: P): Promise<GraphQLResponse>;
  /** What the caller saw when the call succeeded (see the legend); by default yes when every field is set. */
  saw?(data: any, who: Caller, prepared: P): string;
  /** A mutation of the audited data: when allowed, the trail records it under the caller; when refused, nothing. */
  writes?: boolean;
}

const operation = <P>(o: Operation<P>): Operation => o as Operation;
const mutation = <P>(o: Operation<P>): Operation => ({ ...(o as Operation), writes: true });

const listed = (list: unknown[] | null | undefined) => (list?.length ? 'yes' : 'none');
const shown = (record: { id?: string } | null | undefined, id: string) => (record?.id === id ? 'yes' : 'none');

/** Scope of a list of authority records for the caller: all, own (its authority's only) or none. */
function scope(authorityIds: string[], who: Caller): string {
  if (!authorityIds.length) return 'none';
  if (authorityIds.every((id) => id === who.authorityId)) return 'own';
  return new Set(authorityIds).size > 1 ? 'all' : `only ${authorityIds[0]}`;
}

const draft = (field: string, selection: string) => operation({
  call: (who) => as(who, `{ edition(number: 8) { ${field} ${selection} } }`),
  saw: (data) => listed(data.edition[field]),
});

const THEME_VOTING = (selection: string) => ({
  prepare: () => newThemeUnderVote(),
  call: (who: Caller, theme: { id: string }) => as(who, `query ($id: ID!) { theme(id: $id) { ${selection} } }`, { id: theme.id }),
});

const OPERATIONS: Record<string, Operation> = {
  // Public
  editions: operation({
    call: (who) => as(who, `{ editions { number title { fr ja } hostCity { fr } status committees { country members { role person { displayName } } } rooms { name { fr } } } }`),
    saw: (data) => (data.editions.map((e: any) => e.number).join() === '7,8' ? 'yes' : 'none'),
  }),
  edition: operation({
    call: (who) => as(who, `{ edition(number: 8) { id number startDate endDate timeZone quorumShare participationDeadline } }`),
    saw: (data) => (data.edition?.number === 8 ? 'yes' : 'none'),
  }),
  'Edition.releases': operation({
    call: (who) => as(who, `{ edition(number: 8) { releases { version days { date sessions { title { fr } } } changes { kind } } } }`),
    saw: (data) => listed(data.edition.releases[0]?.days),
  }),
  'Edition.latestRelease': operation({
    call: (who) => as(who, `{ edition(number: 8) { latestRelease { version publishedBy { displayName } } } }`),
    saw: (data) => (data.edition.latestRelease?.version === '0.1' ? 'yes' : 'none'),
  }),
  localAuthorities: operation({
    call: (who) => as(who, `{ localAuthorities { id name { fr ja } country kind } }`),
    saw: (data) => (data.localAuthorities.some((a: any) => a.id === authority.aix) ? 'yes' : 'none'),
  }),
  'GET:/editions/8/program.json': operation({
    call: async (who) => {
      const response = await fetch(`${t.app.origin}/editions/8/program.json`, { headers: who.token ? { authorization: `Bearer ${who.token}` } : {} });
      const body = await response.json() as { schedule?: { version?: string } };
      return { status: response.status, headers: response.headers, data: { export: response.ok ? body : null } };
    },
    saw: (data) => (data.export?.schedule?.version === '0.1' ? 'yes' : 'none'),
  }),

  // The draft programme
  'Edition.sessions': draft('sessions', '{ id title { fr } }'),
  'Edition.days': draft('days', '{ date sessions { id } }'),
  'Edition.programIssues': draft('programIssues', '{ kind sessionIds workshopIds }'),
  'Edition.history': draft('history', '(limit: 5) { id action entityType actor { displayName } }'),
  'Edition.meetings': draft('meetings', '{ id title { fr } agenda { position title { fr } } }'),
  session: operation({
    prepare: () => newSession(),
    call: (who, session) => as(who, `query ($id: ID!) { session(id: $id) { id title { fr } room { id } speakers { id } } }`, { id: session.id }),
    saw: (data, _who, session) => shown(data.session, session.id),
  }),
  workshop: operation({
    prepare: () => newWorkshop(),
    call: (who, workshop) => as(who, `query ($id: ID!) { workshop(id: $id) { id title { fr } session { id } } }`, { id: workshop.id }),
    saw: (data, _who, workshop) => shown(data.workshop, workshop.id),
  }),
  'Theme.workshops': operation({
    call: (who) => as(who, `query ($id: ID!) { theme(id: $id) { workshops { id } } }`, { id: ecologyTheme }),
    saw: (data) => listed(data.theme?.workshops),
  }),
  programChanged: operation({ call: (who) => firstProgramChange(who), saw: (data) => (data.programChanged?.entityType === 'Room' ? 'yes' : 'none') }),

  // Themes and tallies
  'Edition.themes': operation({
    call: (who) => as(who, `{ edition(number: 8) { themes { status } } }`),
    saw: (data) => {
      const statuses = new Set(data.edition.themes.map((theme: any) => theme.status));
      if (!statuses.size) return 'none';
      return statuses.size === 1 && statuses.has('ADOPTED') ? 'adopted' : 'all';
    },
  }),
  'theme(VOTING)': operation({ ...THEME_VOTING('id status'), saw: (data, _who, theme) => shown(data.theme, theme.id) }),
  'theme(ADOPTED)': operation({
    call: (who) => as(who, `query ($id: ID!) { theme(id: $id) { id status title { fr } } }`, { id: adoptedTheme }),
    saw: (data) => shown(data.theme, adoptedTheme),
  }),
  'Theme.tally(VOTING)': operation({
    ...THEME_VOTING('tally { outcome committees { committee { country } eligible for against abstain quorumReached } }'),
    saw: (data) => (data.theme?.tally.committees.length === 2 ? 'yes' : 'none'),
  }),
  'Theme.tally(ADOPTED)': operation({
    call: (who) => as(who, `query ($id: ID!) { theme(id: $id) { tally { committees { for against abstain } } } }`, { id: adoptedTheme }),
    saw: (data) => (data.theme?.tally.committees.map((c: any) => c.for).join() === '2,2' ? 'yes' : 'none'),
  }),
  // The ballots cast on the adopted theme, in the trail: who voted and when.
  'Edition.history(Ballot)': operation({
    call: (who) => as(who, `{ edition(number: 8) { history(limit: 500) { entityType actor { id } } } }`),
    saw: (data) => (data.edition.history.filter((e: any) => e.entityType === 'Ballot' && e.actor?.id).length >= 4 ? 'yes' : 'none'),
  }),
  'Theme.ballots': operation({
    call: (who) => as(who, `query ($id: ID!) { theme(id: $id) { ballots { choice voter { displayName } } } }`, { id: adoptedTheme }),
    saw: (data) => (data.theme?.ballots.length === 4 ? 'yes' : 'none'),
  }),
  'Theme.myBallot': operation({
    // Ballots of the member and the president callers, and of president.fr, who is no caller here.
    prepare: async () => {
      const theme = await newThemeUnderVote();
      for (const voter of [callers.member.token, callers.president.token, await t.login('president.fr@example.org')]) {
        await ok(CAST, { input: { themeId: theme.id, choice: 'AGAINST' } }, voter);
      }
      return theme;
    },
    call: (who, theme) => as(who, `query ($id: ID!) { theme(id: $id) { myBallot { choice voter { id } } } }`, { id: theme.id }),
    saw: (data, who) => {
      const ballot = data.theme?.myBallot;
      if (!ballot) return 'none';
      return ballot.voter.id === who.personId ? 'own' : "another's";
    },
  }),
  'Theme.fromSuggestion': operation({
    call: (who) => as(who, `query ($id: ID!) { theme(id: $id) { fromSuggestion { id localAuthority { id } } } }`, { id: adoptedTheme }),
    saw: (data) => (data.theme?.fromSuggestion?.localAuthority.id === authority.aix ? 'yes' : 'none'),
  }),

  // Suggestions and participation forms
  'Edition.suggestions': operation({
    call: (who) => as(who, `{ edition(number: 8) { suggestions { localAuthority { id } } } }`),
    saw: (data, who) => scope(data.edition.suggestions.map((s: any) => s.localAuthority.id), who),
  }),
  suggestion: operation({
    prepare: () => newSuggestion(),
    call: (who, suggestion) => as(who, `query ($id: ID!) { suggestion(id: $id) { id title { fr } author { displayName } } }`, { id: suggestion.id }),
    saw: (data, _who, suggestion) => shown(data.suggestion, suggestion.id),
  }),
  'ChangeEvent.changes': operation({
    prepare: () => newSuggestion(),
    call: (who) => as(who, `{ edition(number: 8) { history(limit: 20) { entityId changes } } }`),
    saw: (data, _who, suggestion) => {
      const event = data.edition.history.find((e: any) => e.entityId === suggestion.id);
      if (!event) return 'no event';
      return event.changes.title ? 'yes' : 'none';
    },
  }),
  'Edition.participations': operation({
    call: (who) => as(who, `{ edition(number: 8) { participations { localAuthority { id } delegates { name email } } } }`),
    saw: (data, who) => {
      const forms = data.edition.participations;
      const seen = scope(forms.map((p: any) => p.localAuthority.id), who);
      const emails = forms.some((p: any) => p.delegates.some((d: any) => d.email));
      if (seen === 'all') return emails ? 'all' : 'no-emails';
      return emails || seen === 'none' ? seen : `${seen}, no emails`;
    },
  }),
  'SteeringMeeting.registrations': operation({
    // Aix and Shizuoka registered by the admin: two authorities, so that "all" differs from "own".
    prepare: async () => {
      for (const id of [authority.aix, authority.shizuoka]) {
        await ok(REGISTER, { input: { meetingId: await demoMeetingId(), localAuthorityId: id, attendees: [{ name: 'Délégué [exemple]', email: 'delegue@example.net' }] } });
      }
    },
    call: (who) => as(who, `{ edition(number: 8) { meetings { registrations { localAuthority { id } attendees { name email } } } } }`),
    saw: (data, who) => {
      const registrations = data.edition.meetings.flatMap((m: any) => m.registrations);
      const seen = scope(registrations.map((r: any) => r.localAuthority.id), who);
      const emails = registrations.some((r: any) => r.attendees.some((d: any) => d.email));
      if (seen === 'all') return emails ? 'all' : 'no-emails';
      return emails || seen === 'none' ? seen : `${seen}, no emails`;
    },
  }),
  'LocalAuthority.participations': operation({
    call: (who) => as(who, `{ localAuthorities(country: FR) { id participations { delegates { email } } } }`),
    saw: (data) => {
      const forms = data.localAuthorities.find((a: any) => a.id === authority.aix).participations;
      if (!forms.length) return 'none';
      return forms.some((p: any) => p.delegates.some((d: any) => d.email)) ? 'yes' : 'no-emails';
    },
  }),

  // Notifications: the caller's own
  myNotifications: operation({
    call: (who) => as(who, `{ myNotifications(limit: 5) { id } }`),
    saw: (data) => (Array.isArray(data.myNotifications) ? 'yes' : 'none'),
  }),
  myNotificationSettings: operation({ call: (who) => as(who, `{ myNotificationSettings { email } }`) }),
  markNotificationsRead: operation({
    call: (who) => as(who, `mutation { markNotificationsRead }`),
    saw: (data) => (typeof data.markNotificationsRead === 'number' ? 'yes' : 'none'),
  }),
  updateNotificationSettings: operation({ call: (who) => as(who, `mutation { updateNotificationSettings(input: { email: true }) { email } }`) }),
  notificationAdded: operation({ call: (who) => notificationsAccepted(who) }),

  // People and tokens
  viewer: operation({
    call: (who) => as(who, `{ viewer { person { id } memberships { role } tokens { current } } }`),
    saw: (data, who) => (data.viewer && data.viewer.person.id === who.personId && data.viewer.tokens.some((token: any) => token.current) ? 'yes' : 'none'),
  }),
  'Person.email': operation({
    call: (who) => as(who, `{ viewer { person { id email } } edition(number: 8) { committees { members { person { id email } } } } }`),
    saw: (data, who) => {
      const people = [...(data.viewer ? [data.viewer.person] : []), ...data.edition.committees.flatMap((c: any) => c.members.map((m: any) => m.person))];
      const visible = people.filter((p: any) => p.email !== null);
      if (!visible.length) return 'none';
      if (visible.every((p: any) => p.id === who.personId)) return 'self';
      return visible.length === people.length ? 'all' : 'some';
    },
  }),
  people: operation({
    call: (who) => as(who, `{ people(search: "Zerkani") { id displayName } }`),
    saw: (data) => listed(data.people),
  }),
  addPerson: mutation({
    call: (who) => as(who, `mutation { addPerson(input: { name: { latin: "KATO Ren [exemple]", native: "加藤 蓮 [例]" } }) { id role } }`),
    saw: (data) => (data.addPerson.role === 'GUEST' ? 'yes' : 'none'),
  }),
  'updatePerson(self)': mutation({
    // Anonymous callers name the admin.
    prepare: async (who) => (await ok(`query ($s: String) { people(search: $s) { id version } }`, { s: who.email ?? callers.admin.email })).people[0],
    call: (who, person) => as(who, `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version bio { fr } } }`,
      { input: { id: person.id, expectedVersion: person.version, bio: { fr: `Biographie ${next()}` } } }),
    saw: (data, _who, person) => (data.updatePerson.version === person.version + 1 ? 'yes' : 'none'),
  }),
  "updatePerson(another's)": mutation({
    prepare: () => ok(`mutation { addPerson(input: { name: { latin: "Autre [exemple]" } }) { id version } }`).then((d) => d.addPerson),
    call: (who, person) => as(who, `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { version } }`,
      { input: { id: person.id, expectedVersion: person.version, function: { fr: 'Intervenant' } } }),
  }),
  pendingInvitations: operation({
    prepare: () => ok(`mutation ($input: InviteInput!) { invite(input: $input) { id } }`, { input: newInvitee('COMMITTEE') }),
    call: (who) => as(who, `{ pendingInvitations { id token } }`),
    saw: (data) => listed(data.pendingInvitations),
  }),
  'invite(COMMITTEE)': mutation({
    call: (who) => as(who, `mutation ($input: InviteInput!) { invite(input: $input) { token person { role } } }`, { input: newInvitee('COMMITTEE') }),
    saw: (data) => (data.invite.token && data.invite.person.role === 'COMMITTEE' ? 'yes' : 'none'),
  }),
  'invite(ADMIN)': mutation({
    call: (who) => as(who, `mutation ($input: InviteInput!) { invite(input: $input) { token person { role } } }`, { input: newInvitee('ADMIN') }),
    saw: (data) => (data.invite.token && data.invite.person.role === 'ADMIN' ? 'yes' : 'none'),
  }),
  issuePasswordReset: mutation({
    prepare: () => newPerson(),
    call: (who, person) => as(who, `mutation ($id: ID!) { issuePasswordReset(personId: $id) { kind token } }`, { id: person.id }),
    saw: (data) => (data.issuePasswordReset.kind === 'PASSWORD_RESET' && data.issuePasswordReset.token ? 'yes' : 'none'),
  }),
  acceptInvitation: operation({
    prepare: async () => (await ok(`mutation ($input: InviteInput!) { invite(input: $input) { token } }`, { input: newInvitee('COMMITTEE') })).invite.token,
    call: (who, token) => as(who, `mutation ($t: String!) { acceptInvitation(token: $t, password: "${PASSWORD}") { token viewer { person { hasAccount } } } }`, { t: token }),
    saw: (data) => (data.acceptInvitation.viewer.person.hasAccount ? 'yes' : 'none'),
  }),
  resetPassword: operation({
    prepare: async () => (await ok(`mutation ($id: ID!) { issuePasswordReset(personId: $id) { token } }`, { id: (await newPerson()).id })).issuePasswordReset.token,
    call: (who, token) => as(who, `mutation ($t: String!) { resetPassword(token: $t, newPassword: "another ${PASSWORD}") { token } }`, { t: token }),
  }),
  requestPasswordReset: operation({
    call: (who) => as(who, `mutation { requestPasswordReset(email: "rights-nobody@example.net") }`),
    saw: (data) => (data.requestPasswordReset === true ? 'yes' : 'none'),
  }),
  changePassword: operation({
    // The caller's password goes and comes back; their tokens are revoked, so the caller signs in again.
    call: async (who) => {
      const CHANGE = `mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token } }`;
      const changed = await as(who, CHANGE, { c: who.password ?? PASSWORD, n: `changed ${PASSWORD}` });
      if (changed.data?.changePassword) {
        await t.gql(CHANGE, { c: `changed ${PASSWORD}`, n: who.password }, { token: changed.data.changePassword.token });
        who.token = await t.login(who.email!, who.password);
      }
      return changed;
    },
  }),
  deactivatePerson: mutation({
    prepare: async () => (await ok(`query ($s: String) { people(search: $s) { id version } }`, { s: (await newPerson()).email })).people[0],
    call: (who, person) => as(who, `mutation ($id: ID!, $v: Int!) { deactivatePerson(id: $id, expectedVersion: $v) { active } }`, { id: person.id, v: person.version }),
    saw: (data) => (data.deactivatePerson.active === false ? 'yes' : 'none'),
  }),
  login: operation({
    // Anyone may sign in, signed in already or not: each with their own account, anonymous with another.
    call: (who) => t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token viewer { person { email } tokens { current } } } }`,
      { e: who.email ?? 'member3.jp@example.org', p: who.password ?? DEMO_PASSWORD }, { token: who.token }),
    // The payload shows the person signed in, to themselves: their email, their new token as the current one.
    saw: (data, who) => {
      const { person, tokens } = data.login.viewer;
      return person.email === (who.email ?? 'member3.jp@example.org') && tokens.some((token: any) => token.current) ? 'yes' : 'none';
    },
  }),
  logout: operation({
    prepare: (who) => freshToken(who),
    call: (_who, token) => t.gql(`mutation { logout }`, {}, { token }),
    saw: (data) => (data.logout === true ? 'yes' : 'none'),
  }),
  createPersonalToken: operation({
    call: (who) => as(who, `mutation { createPersonalToken(label: "export script", expiresInDays: 30) { token details { id label } } }`),
    saw: (data) => (data.createPersonalToken.token.length > 20 ? 'yes' : 'none'),
  }),
  revokeToken: operation({
    // The caller's own token; anonymous names the admin's.
    prepare: async (who) => (await ok(`mutation { createPersonalToken(label: "to revoke") { details { id } } }`, {}, who.token ?? callers.admin.token)).createPersonalToken.details.id,
    call: (who, id) => as(who, `mutation ($id: ID!) { revokeToken(id: $id) }`, { id }),
  }),
  "revokeToken(another's)": operation({ call: (who) => as(who, `mutation ($id: ID!) { revokeToken(id: $id) }`, { id: othersTokenId }) }),

  // Administration
  createEdition: mutation({
    call: (who) => as(who, `mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id number committees { country } } }`, {
      input: {
        number: 100 + next(), title: { fr: 'Rencontres [exemple]', ja: '交流会議［例］' }, hostCity: { fr: 'Nancy', ja: 'ナンシー' },
        hostCountry: 'FR', startDate: '2030-10-01', endDate: '2030-10-03', timeZone: 'Europe/Paris',
      },
    }),
    saw: (data) => (data.createEdition.committees.length === 2 ? 'yes' : 'none'),
  }),
  updateEdition: mutation({
    prepare: async () => (await ok(`mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id version } }`, {
      input: {
        number: 100 + next(), title: { fr: 'Rencontres [exemple]' }, hostCity: { fr: 'Lyon' },
        hostCountry: 'FR', startDate: '2030-10-01', endDate: '2030-10-03', timeZone: 'Europe/Paris',
      },
    })).createEdition,
    call: (who, edition) => as(who, `mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { version generalTheme { fr } } }`,
      { input: { id: edition.id, expectedVersion: edition.version, generalTheme: { fr: 'La ville durable' } } }),
    saw: (data) => (data.updateEdition.version === 2 ? 'yes' : 'none'),
  }),
  createRoom: mutation({
    call: (who) => as(who, `mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle F", ja: "会議室F" }, capacity: 30 }) { id capacity } }`, { id: eighth.id }),
  }),
  createLocalAuthority: mutation({
    call: (who) => as(who, `mutation { createLocalAuthority(input: { name: { fr: "Hamamatsu", ja: "浜松市" }, country: JP, kind: DESIGNATED_CITY }) { id } }`),
  }),
  createPerson: mutation({
    call: (who) => as(who, `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id email } }`,
      { input: { displayName: 'Ito Ren [exemple]', email: `ren${next()}@example.net`, role: 'COMMITTEE', password: PASSWORD } }),
  }),
  addCommitteeMember: mutation({
    prepare: () => newPerson(),
    call: (who, person) => as(who, `mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: MEMBER) { id role } }`,
      { c: eighth.committees.JP, p: person.id }),
  }),
  removeCommitteeMember: mutation({
    prepare: async () => seat(eighth.committees.JP, (await newPerson()).id, 'MEMBER'),
    call: (who, id) => as(who, `mutation ($id: ID!) { removeCommitteeMember(id: $id) }`, { id }),
    saw: (data, _who, id) => (data.removeCommitteeMember === id ? 'yes' : 'none'),
  }),

  updateLocalAuthority: mutation({
    prepare: async () => (await ok(`mutation { createLocalAuthority(input: { name: { fr: "Numazu", ja: "沼津市" }, country: JP, kind: CITY }) { id version } }`)).createLocalAuthority,
    call: (who, authority) => as(who, `mutation ($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { version name { fr en } } }`,
      { input: { id: authority.id, expectedVersion: authority.version, name: { en: 'Numazu City' } } }),
    saw: (data) => (data.updateLocalAuthority.name.en === 'Numazu City' && data.updateLocalAuthority.name.fr === 'Numazu' ? 'yes' : 'none'),
  }),

  updateRoom: mutation({
    prepare: () => newRoom(),
    call: (who, room) => as(who, `mutation ($input: UpdateRoomInput!) { updateRoom(input: $input) { version capacity } }`,
      { input: { id: room.id, expectedVersion: room.version, capacity: 80 } }),
    saw: (data) => (data.updateRoom.capacity === 80 ? 'yes' : 'none'),
  }),
  deleteRoom: mutation({
    prepare: () => newRoom(),
    call: (who, room) => as(who, `mutation ($id: ID!, $v: Int!) { deleteRoom(id: $id, expectedVersion: $v) }`, { id: room.id, v: room.version }),
  }),
  updateCommitteeMember: mutation({
    prepare: async () => seat(eighth.committees.JP, (await newPerson()).id, 'MEMBER'),
    call: (who, id) => as(who, `mutation ($id: ID!) { updateCommitteeMember(id: $id, role: PRESIDENT) { role } }`, { id }),
    saw: (data) => (data.updateCommitteeMember.role === 'PRESIDENT' ? 'yes' : 'none'),
  }),

  // Editing the programme
  createSession: mutation({
    call: (who) => as(who, `mutation ($input: CreateSessionInput!) { createSession(input: $input) { id version } }`, { input: sessionInput() }),
  }),
  updateSession: mutation({
    prepare: () => newSession(),
    call: (who, session) => as(who, `mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { version interpretation } }`,
      { input: { id: session.id, expectedVersion: session.version, interpretation: true } }),
    saw: (data) => (data.updateSession.version === 2 ? 'yes' : 'none'),
  }),
  deleteSession: mutation({
    prepare: () => newSession(),
    call: (who, session) => as(who, `mutation ($id: ID!, $v: Int!) { deleteSession(id: $id, expectedVersion: $v) }`, { id: session.id, v: session.version }),
  }),
  createWorkshop: mutation({
    prepare: () => newSession('WORKSHOPS'),
    call: (who, session) => as(who, `mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id session { id } } }`,
      { input: { sessionId: session.id, title: { fr: 'Atelier', ja: '分科会' } } }),
  }),
  updateWorkshop: mutation({
    prepare: () => newWorkshop(),
    call: (who, workshop) => as(who, `mutation ($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { version } }`,
      { input: { id: workshop.id, expectedVersion: workshop.version, description: { fr: 'Cas concrets' } } }),
    saw: (data) => (data.updateWorkshop.version === 2 ? 'yes' : 'none'),
  }),
  deleteWorkshop: mutation({
    prepare: () => newWorkshop(),
    call: (who, workshop) => as(who, `mutation ($id: ID!, $v: Int!) { deleteWorkshop(id: $id, expectedVersion: $v) }`, { id: workshop.id, v: workshop.version }),
  }),
  proposeTheme: mutation({
    call: (who) => as(who, `mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id status } }`,
      { input: { editionId: eighth.id, title: { fr: 'Eau et territoires', ja: '水と地域' } } }),
    saw: (data) => (data.proposeTheme.status === 'PROPOSED' ? 'yes' : 'none'),
  }),
  updateTheme: mutation({
    prepare: () => newTheme(),
    call: (who, theme) => as(who, `mutation ($input: UpdateThemeInput!) { updateTheme(input: $input) { version } }`,
      { input: { id: theme.id, expectedVersion: theme.version, description: { ja: '説明' } } }),
  }),
  'withdrawTheme(PROPOSED)': mutation({
    prepare: () => newTheme(),
    call: (who, theme) => as(who, `mutation ($id: ID!, $v: Int!) { withdrawTheme(id: $id, expectedVersion: $v) { status } }`, { id: theme.id, v: theme.version }),
    saw: (data) => (data.withdrawTheme.status === 'WITHDRAWN' ? 'yes' : 'none'),
  }),
  reviewSuggestion: mutation({
    prepare: () => newSuggestion(),
    call: (who, suggestion) => as(who, `mutation ($input: ReviewSuggestionInput!) { reviewSuggestion(input: $input) { status } }`,
      { input: { id: suggestion.id, expectedVersion: suggestion.version, status: 'UNDER_REVIEW' } }),
    saw: (data) => (data.reviewSuggestion.status === 'UNDER_REVIEW' ? 'yes' : 'none'),
  }),
  acceptSuggestionAsTheme: mutation({
    prepare: () => newSuggestion('THEME', true),
    call: (who, suggestion) => as(who, `mutation ($id: ID!) { acceptSuggestionAsTheme(id: $id) { status fromSuggestion { id } } }`, { id: suggestion.id }),
    saw: (data, _who, suggestion) => (data.acceptSuggestionAsTheme.fromSuggestion?.id === suggestion.id ? 'yes' : 'none'),
  }),
  acceptSuggestionAsWorkshop: mutation({
    prepare: async () => ({ suggestion: await newSuggestion('WORKSHOP', true), session: await newSession('WORKSHOPS') }),
    call: (who, { suggestion, session }) => as(who, `mutation ($id: ID!, $s: ID!) { acceptSuggestionAsWorkshop(id: $id, sessionId: $s) { localAuthorities { id } } }`,
      { id: suggestion.id, s: session.id }),
    saw: (data) => (data.acceptSuggestionAsWorkshop.localAuthorities[0]?.id === authority.aix ? 'yes' : 'none'),
  }),

  // Votes, meetings, publication
  openThemeVote: mutation({
    prepare: () => newTheme(),
    call: (who, theme) => as(who, `mutation ($id: ID!) { openThemeVote(themeId: $id) { status } }`, { id: theme.id }),
    saw: (data) => (data.openThemeVote.status === 'VOTING' ? 'yes' : 'none'),
  }),
  closeThemeVote: mutation({
    prepare: () => newThemeUnderVote(),
    call: (who, theme) => as(who, `mutation ($id: ID!) { closeThemeVote(themeId: $id) { status } }`, { id: theme.id }),
    saw: (data) => (data.closeThemeVote.status === 'REJECTED' ? 'yes' : 'none'),
  }),
  'withdrawTheme(VOTING)': mutation({
    prepare: () => newThemeUnderVote(),
    call: (who, theme) => as(who, `mutation ($id: ID!, $v: Int!) { withdrawTheme(id: $id, expectedVersion: $v) { status } }`, { id: theme.id, v: theme.version }),
    saw: (data) => (data.withdrawTheme.status === 'WITHDRAWN' ? 'yes' : 'none'),
  }),
  scheduleMeeting: mutation({
    call: (who) => as(who, `mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id committee { country } } }`, {
      input: {
        editionId: eighth.id, committeeId: eighth.committees.JP, title: { fr: 'Réunion du comité japonais', ja: '日本側実行委員会' },
        startsAt: '2024-07-02T10:00:00+09:00', endsAt: '2024-07-02T11:00:00+09:00',
      },
    }),
  }),
  updateMeeting: mutation({
    prepare: () => newMeeting(),
    call: (who, meeting) => as(who, `mutation ($input: UpdateMeetingInput!) { updateMeeting(input: $input) { version minutes { fr } } }`,
      { input: { id: meeting.id, expectedVersion: meeting.version, minutes: { fr: 'Compte rendu' } } }),
  }),
  cancelMeeting: mutation({
    prepare: () => newMeeting(),
    call: (who, meeting) => as(who, `mutation ($id: ID!, $v: Int!) { cancelMeeting(id: $id, expectedVersion: $v) }`, { id: meeting.id, v: meeting.version }),
  }),
  addAgendaItem: mutation({
    prepare: () => newMeeting(),
    call: (who, meeting) => as(who, `mutation ($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { agenda { title { fr } } } }`,
      { input: { meetingId: meeting.id, expectedVersion: meeting.version, title: { fr: 'Questions diverses' } } }),
    saw: (data) => (data.addAgendaItem.agenda.length === 3 ? 'yes' : 'none'),
  }),
  updateAgendaItem: mutation({
    prepare: () => newMeeting(),
    call: (who, meeting) => as(who, `mutation ($input: UpdateAgendaItemInput!) { updateAgendaItem(input: $input) { agenda { notes { fr } } } }`,
      { input: { id: meeting.agenda[0].id, expectedVersion: meeting.version, notes: { fr: 'Dix minutes' } } }),
    saw: (data) => (data.updateAgendaItem.agenda[0].notes?.fr === 'Dix minutes' ? 'yes' : 'none'),
  }),
  removeAgendaItem: mutation({
    prepare: () => newMeeting(),
    call: (who, meeting) => as(who, `mutation ($id: ID!, $v: Int!) { removeAgendaItem(id: $id, expectedVersion: $v) { agenda { id } } }`,
      { id: meeting.agenda[0].id, v: meeting.version }),
    saw: (data) => (data.removeAgendaItem.agenda.length === 1 ? 'yes' : 'none'),
  }),
  reorderAgenda: mutation({
    prepare: () => newMeeting(),
    call: (who, meeting) => as(who, `mutation ($m: ID!, $v: Int!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, expectedVersion: $v, itemIds: $ids) { agenda { id } } }`,
      { m: meeting.id, v: meeting.version, ids: meeting.agenda.map((item) => item.id).reverse() }),
    saw: (data, _who, meeting) => (data.reorderAgenda.agenda[0].id === meeting.agenda[1].id ? 'yes' : 'none'),
  }),
  publishProgram: mutation({
    call: (who) => as(who, `mutation ($id: ID!) { publishProgram(editionId: $id) { version publishedBy { id } } }`, { id: eighth.id }),
    saw: (data, who) => (data.publishProgram.publishedBy.id === who.personId ? 'yes' : 'none'),
  }),

  importLocalAuthorities: operation({
    // A dry run (the default): what would change, and nothing changed.
    call: (who) => as(who, `mutation ($csv: String!) { importLocalAuthorities(csv: $csv) { created unchanged dryRun } }`,
      { csv: 'country,kind,name_fr,name_ja\nFR,COMMUNE,Aix-en-Provence,\nFR,COMMUNE,Commune importée [exemple],\n' }),
    saw: (data) => (data.importLocalAuthorities.dryRun && data.importLocalAuthorities.created === 1 ? 'yes' : 'none'),
  }),
  'Edition.pendingReleases': operation({
    prepare: () => waitingRelease(),
    call: (who) => as(who, `{ edition(number: 8) { pendingReleases { id status } } }`),
    saw: (data, _who, release) => (data.edition.pendingReleases.some((r: any) => r.id === release.id) ? 'yes' : listed(data.edition.pendingReleases)),
  }),
  approveRelease: mutation({
    prepare: () => waitingRelease(),
    call: (who, release) => as(who, `mutation ($id: ID!) { approveRelease(id: $id) { id status } }`, { id: release.id }),
    saw: (data) => (data.approveRelease.status === 'PUBLISHED' ? 'yes' : 'none'),
  }),
  rejectRelease: mutation({
    prepare: () => waitingRelease(),
    call: (who, release) => as(who, `mutation ($id: ID!) { rejectRelease(id: $id) { id status } }`, { id: release.id }),
    saw: (data) => (data.rejectRelease.status === 'REJECTED' ? 'yes' : 'none'),
  }),

  // Ballots
  castBallot: mutation({
    prepare: () => newThemeUnderVote(),
    call: (who, theme) => as(who, CAST.replace('{ id }', '{ voter { id } choice }'), { input: { themeId: theme.id, choice: 'FOR' } }),
    saw: (data, who) => (data.castBallot.voter.id === who.personId ? 'yes' : 'none'),
  }),

  // Suggestions and forms
  'submitSuggestion(before)': mutation({ call: (who) => t.at(BEFORE_DEADLINES, () => submitSuggestion(who)), saw: forAix('submitSuggestion') }),
  'submitSuggestion(after)': mutation({ call: (who) => submitSuggestion(who), saw: forAix('submitSuggestion') }),
  'submitParticipation(before)': mutation({
    call: (who) => t.at(BEFORE_DEADLINES, () => as(who, SUBMIT_PARTICIPATION, { input: aixParticipation() })),
    saw: forAix('submitParticipation'),
  }),
  'submitParticipation(after)': mutation({ call: (who) => as(who, SUBMIT_PARTICIPATION, { input: aixParticipation() }), saw: forAix('submitParticipation') }),
  cancelParticipation: mutation({
    prepare: async () => (await ok(SUBMIT_PARTICIPATION, { input: aixParticipation() })).submitParticipation,
    call: (who, form) => as(who, `mutation ($id: ID!, $v: Int!) { cancelParticipation(id: $id, expectedVersion: $v) { status } }`, { id: form.id, v: form.version }),
    saw: (data) => (data.cancelParticipation.status === 'CANCELLED' ? 'yes' : 'none'),
  }),
  confirmParticipation: mutation({
    // Aix's form, registered (not confirmed yet): withdrawn and sent again when a previous row confirmed it.
    prepare: async () => {
      let form = (await ok(SUBMIT_PARTICIPATION, { input: aixParticipation() })).submitParticipation;
      if (form.status !== 'REGISTERED') {
        await ok(`mutation ($id: ID!, $v: Int!) { cancelParticipation(id: $id, expectedVersion: $v) { status } }`, { id: form.id, v: form.version });
        form = (await ok(SUBMIT_PARTICIPATION, { input: aixParticipation() })).submitParticipation;
      }
      return form;
    },
    call: (who, form) => as(who, `mutation ($id: ID!, $v: Int!) { confirmParticipation(id: $id, expectedVersion: $v) { status confirmedBy { id } } }`,
      { id: form.id, v: form.version }),
    saw: (data, who) => (data.confirmParticipation.status === 'CONFIRMED' && data.confirmParticipation.confirmedBy.id === who.personId ? 'yes' : 'none'),
  }),
  'registerForMeeting(before)': mutation({ call: (who) => t.at(new Date('2023-09-01T08:00:00Z'), () => registerAix(who)), saw: forAix('registerForMeeting') }),
  'registerForMeeting(after)': mutation({ call: (who) => registerAix(who), saw: forAix('registerForMeeting') }),
};

const REGISTER = `mutation ($input: MeetingRegistrationInput!) { registerForMeeting(input: $input) { id localAuthority { id } } }`;
const demoMeetingId = async () => (await t.db.query(`SELECT id FROM steering_meeting WHERE open_to_local_authorities`)).rows[0].id as string;
const registerAix = async (who: Caller) =>
  as(who, REGISTER, { input: { meetingId: await demoMeetingId(), localAuthorityId: authority.aix, attendees: [{ name: 'Marc Olivier [exemple]' }] } });

function submitSuggestion(who: Caller) {
  return as(who, `mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { id localAuthority { id } } }`,
    { input: { editionId: eighth.id, localAuthorityId: authority.aix, kind: 'SESSION', title: { fr: 'Une table ronde des maires', ja: '市長円卓会議' } } });
}

function forAix(field: string) {
  return (data: any) => (data[field].localAuthority.id === authority.aix ? 'yes' : 'none');
}

/**
 * The first programChanged event the caller receives, or the error that refuses the subscription.
 * Nothing says when a subscription has started, so the admin keeps adding rooms until one is heard.
 */
async function firstProgramChange(who: Caller): Promise<GraphQLResponse> {
  const client = wsClient(t.app.origin, who.token);
  const headers = new Headers();
  try {
    const outcome = new Promise<GraphQLResponse>((resolve) => {
      client.subscribe(
        { query: `subscription ($id: ID!) { programChanged(editionId: $id) { entityType actor { id } } }`, variables: { id: eighth.id } },
        {
          next: (value) => resolve({ status: 200, headers, data: value.data, errors: value.errors as GraphQLResponse['errors'] }),
          error: (error) => resolve({ status: 200, headers, errors: Array.isArray(error) ? error : [{ message: String(error), extensions: { code: 'WEBSOCKET_ERROR' } }] }),
          complete: () => resolve({ status: 200, headers, data: { programChanged: null } }),
        },
      );
    });
    const probe = () => ok(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Salle ${next()}" } }) { id } }`, { id: eighth.id });
    return await untilHeard(outcome, probe).catch((error: Error) => ({ status: 200, headers, errors: [{ message: error.message, extensions: { code: 'TIMEOUT' } }] }));
  } finally {
    await client.dispose();
  }
}

/**
 * Whether a notificationAdded subscription is accepted: a refusal comes as an error of the
 * subscription; a query sent after it on the same socket, answered with no such error, shows it was taken.
 */
async function notificationsAccepted(who: Caller): Promise<GraphQLResponse> {
  const client = wsClient(t.app.origin, who.token);
  const headers = new Headers();
  try {
    let refusal: GraphQLResponse | undefined;
    const refused = new Promise<void>((resolve) =>
      client.subscribe(
        { query: `subscription { notificationAdded { id } }` },
        {
          // A refused subscription comes as one result carrying its errors, then complete.
          next: (value) => {
            if (value.errors?.length) refusal = { status: 200, headers, errors: value.errors as GraphQLResponse['errors'] };
          },
          error: (error) => {
            refusal = { status: 200, headers, errors: Array.isArray(error) ? error : [{ message: String(error), extensions: { code: 'WEBSOCKET_ERROR' } }] };
            resolve();
          },
          complete: () => resolve(),
        },
      ),
    );
    // Three queries in turn on the same socket: a refusal, which needs no database, comes well before.
    const barrier = async () => {
      for (let round = 0; round < 3 && !refusal; round++) {
        await new Promise<void>((resolve) =>
          client.subscribe({ query: `{ editions { number } }` }, { next: () => undefined, error: () => resolve(), complete: () => resolve() }),
        );
      }
    };
    await Promise.race([refused, barrier()]);
    return refusal ?? { status: 200, headers, data: { notificationAdded: 'accepted' } };
  } finally {
    await client.dispose();
  }
}

/** What `who` gets from the operation, in the table's words; a broken promise of the trail is added to it. */
async function observe(op: Operation, who: Caller): Promise<string> {
  const prepared = op.prepare ? await op.prepare(who) : undefined;
  const before = await lastEventId();
  const response = await op.call(who, prepared);
  let outcome: string;
  if (response.errors?.length) outcome = codes(response).join(',');
  else if (op.saw) outcome = op.saw(response.data, who, prepared);
  else outcome = Object.values(response.data ?? {}).every((value) => value !== null && value !== undefined) ? 'yes' : 'none';
  if (response.status >= 500) outcome += ` (HTTP ${response.status})`;
  if (op.writes) {
    const { rows } = await t.db.query(`SELECT actor_id FROM change_event WHERE id > $1`, [before]);
    if (response.errors?.length && rows.length) outcome += ' (yet written to the trail)';
    if (!response.errors?.length && (!rows.length || rows.some((row) => row.actor_id !== who.personId))) outcome += ' (not in the trail under the caller)';
  }
  return outcome;
}

// --- the tests -------------------------------------------------------------------------------------

describe('the rights table', () => {
  it('names every query, mutation and subscription of the schema, and every protected field', () => {
    const schema = buildSchema(readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8'));
    const named = new Set(ROWS.map((row) => row.operation.replace(/\(.*\)$/, '')));
    const roots = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!];
    const missing = roots.flatMap((type) => Object.keys(type.getFields())).filter((field) => !named.has(field));
    expect(missing).toEqual([]);
    const protectedFields = [
      'Edition.sessions', 'Edition.days', 'Edition.programIssues', 'Edition.history', 'Edition.meetings', 'Edition.themes',
      'Edition.suggestions', 'Edition.participations', 'Theme.tally', 'Theme.ballots', 'Theme.myBallot', 'Theme.workshops',
      'Theme.fromSuggestion', 'LocalAuthority.participations', 'Person.email', 'ChangeEvent.changes', 'SteeringMeeting.registrations',
      'Edition.pendingReleases',
    ];
    expect(protectedFields.filter((field) => !named.has(field))).toEqual([]);
    expect(Object.keys(OPERATIONS).sort()).toEqual(ROWS.map((row) => row.operation).sort());
  });

  it("is what the schema's descriptions tell their readers: the draft for every signed-in user, each deadline for its own forms", () => {
    const schema = buildSchema(readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8'));
    const edition = (schema.getType('Edition') as GraphQLObjectType).getFields();
    const sessions = ROWS.find((row) => row.operation === 'Edition.sessions')!.expected;
    // The table: anonymous callers are refused, every signed-in caller reads the draft.
    expect(sessions.anonymous).toBe('UNAUTHENTICATED');
    expect(CALLERS.filter((key) => key !== 'anonymous' && sessions[key] !== 'yes')).toEqual([]);
    expect(edition.sessions.description).toContain('Readable by any signed-in user');
    expect(edition.sessions.description).not.toContain('committee members and admins');
    // Participation forms follow participationDeadline (test/participation.test.ts), suggestions suggestionDeadline.
    expect(edition.suggestionDeadline.description).toMatch(/^Suggestions are refused after this instant/);
    expect(edition.suggestionDeadline.description).not.toMatch(/participation/i);
    expect(edition.participationDeadline.description).toMatch(/^Participation forms are refused after this instant/);
  });

  it.each(ROWS)('$operation', async ({ operation: name, expected }) => {
    const observed = {} as Record<CallerKey, string>;
    for (const key of CALLERS) observed[key] = await observe(OPERATIONS[name], callers[key]);
    expect(observed).toEqual(expected);
  });
});
