import { GraphQLError } from 'graphql';
import fc from 'fast-check';
import { isEmail } from 'class-validator';
import pino from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import { createErrorFormatter } from '../src/server/format-error';
import { Locale } from '../src/common/enums';
import { newScope, runInScope } from '../src/common/request-scope';
import { codes, GraphQLResponse, startTestApp, TestApp } from './helpers/app';

// The inputs of the main mutations, fuzzed. Whatever a client sends, the service
// either accepts it and stores it exactly (read back through the API; the only normalisations are the
// documented ones: texts trimmed, a blank text is no text, instants kept to the millisecond, a field
// left out or null taking its default), or
// refuses it with BAD_USER_INPUT (NOT_FOUND for ids that name nothing). Never INTERNAL_SERVER_ERROR,
// never HTTP 500. An oracle written from the product's rules on texts (PRODUCT.md, not the service's
// validation) says which of the two each input must get; an update merges texts per language. As each
// role and across the deadlines, the rights table says who may act and when.

/** Runs per property: bounded for CI; FUZZ_RUNS=1000 digs deeper on a quiet machine. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
// A property makes hundreds of requests: on a busy machine one takes minutes, not jest's default minute.
jest.setTimeout(600_000);
/** Every property is seeded: a failure names its seed, and FUZZ_SEED=<seed> replays the same inputs. */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

async function check<T>(property: fc.IAsyncPropertyWithHooks<T> | fc.IAsyncProperty<T>, parameters: fc.Parameters<T> = {}): Promise<void> {
  try {
    await fc.assert(property, { numRuns: RUNS, ...parameters, seed: SEED });
  } catch (error) {
    if (error instanceof Error) error.message = `FUZZ_SEED=${SEED} replays this run.\n${error.message}`;
    throw error;
  }
}

let t: TestApp;
let admin: string;
const pool = {
  eighthId: '',
  rooms: [] as string[],
  seventhRoom: '',
  people: [] as string[],
  themes: [] as string[],
  seventhTheme: '',
  authorities: [] as string[],
  workshopsSession: '',
  plenarySession: '',
  committees: [] as string[],
  seventhCommittee: '',
};

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  admin = await t.login('admin@example.org');
  const q = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params)).rows;
  pool.eighthId = (await q(`SELECT id FROM edition WHERE number = 8`))[0].id;
  const seventhId = (await q(`SELECT id FROM edition WHERE number = 7`))[0].id;
  pool.rooms = (await q(`SELECT id FROM room WHERE edition_id = $1`, [pool.eighthId])).map((r) => r.id);
  pool.people = (await q(`SELECT id FROM person ORDER BY email LIMIT 8`)).map((r) => r.id);
  pool.themes = (await q(`SELECT id FROM theme WHERE edition_id = $1`, [pool.eighthId])).map((r) => r.id);
  pool.authorities = (await q(`SELECT id FROM local_authority`)).map((r) => r.id);
  pool.workshopsSession = (await q(`SELECT id FROM session WHERE kind = 'WORKSHOPS' LIMIT 1`))[0].id;
  pool.plenarySession = (await q(`SELECT id FROM session WHERE kind = 'PLENARY' LIMIT 1`))[0].id;
  pool.committees = (await q(`SELECT id FROM committee WHERE edition_id = $1`, [pool.eighthId])).map((r) => r.id);
  pool.seventhCommittee = (await q(`SELECT id FROM committee WHERE edition_id = $1`, [seventhId]))[0].id;
  pool.seventhRoom = (await gqlOk(`mutation ($id: ID!) { createRoom(input: { editionId: $id, name: { fr: "Amphi" } }) { id } }`, { id: seventhId })).createRoom.id;
  pool.seventhTheme = (await gqlOk(`mutation ($id: ID!) { proposeTheme(input: { editionId: $id, title: { fr: "Thème de 2022" } }) { id } }`, { id: seventhId })).proposeTheme.id;
});
afterAll(() => t?.close());

const gqlOk = <T = any>(query: string, variables: Record<string, unknown> = {}, token = admin) => t.ok<T>(query, variables, { token });

const count = async (table: string): Promise<number> => Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

// --- verdicts: what an input must get -----------------------------------------------------------------

/**
 * ok: must be accepted. maybe: accepted (then stored exactly) or refused with BAD_USER_INPUT.
 * invalid: refused with BAD_USER_INPUT before anything is looked up (variable coercion, input rules).
 * bad: refused with BAD_USER_INPUT by the service's rules. unknown: an id that names nothing, NOT_FOUND.
 * The service stops at the first problem it meets, so bad and unknown together allow either code.
 */
type Verdict = 'ok' | 'maybe' | 'invalid' | 'bad' | 'unknown';

/** A value with its verdicts (a list carries one per item). */
interface Tagged<T> {
  value: T;
  verdict: Verdict | Verdict[];
}

function expectation(verdicts: Verdict[]): { pass: 'must' | 'may' | 'never'; codes: string[] } {
  if (verdicts.includes('invalid')) return { pass: 'never', codes: ['BAD_USER_INPUT'] };
  const allowed = new Set<string>();
  if (verdicts.includes('bad') || verdicts.includes('maybe')) allowed.add('BAD_USER_INPUT');
  if (verdicts.includes('unknown')) allowed.add('NOT_FOUND');
  if (verdicts.includes('bad') || verdicts.includes('unknown')) return { pass: 'never', codes: [...allowed] };
  return { pass: verdicts.includes('maybe') ? 'may' : 'must', codes: [...allowed] };
}

/** Accepted and refused inputs of the current property: a property that only ever refuses tests nothing. */
const tally = { accepted: 0, refused: 0 };

/** Checks the answer against the verdicts; true when the input was accepted (then the caller reads it back). */
function judge(response: GraphQLResponse, verdicts: Array<Verdict | Verdict[]>): boolean {
  const expected = expectation(verdicts.flat());
  expect(response.status).toBeLessThan(500);
  if (!response.errors?.length) {
    if (expected.pass === 'never') throw new Error(`accepted, but must be refused with ${expected.codes.join(' or ')}`);
    tally.accepted++;
    return true;
  }
  if (expected.pass === 'must') throw new Error(`refused with ${JSON.stringify(response.errors)}, but must be accepted`);
  for (const code of codes(response)) expect(expected.codes).toContain(code);
  tally.refused++;
  return false;
}

// --- the oracle of texts, from PRODUCT.md's rules, not from the service's code ------------------------
// "Text: titles need at least one of fr/ja; each text is trimmed, at most 300 characters for titles
// and 10,000 for descriptions; control characters are refused." "Titles, names and labels are one
// line (no CR, LF or other control characters); descriptions may hold line breaks."
// Read with Unicode's words: a control character is one of general category Cc; a line break in a
// description is CR or LF; one line holds no Cc and no line or paragraph separator (Zl, Zp) either;
// a character is a code point (𠮷 is one), and a string with half a surrogate pair holds a
// non-character; trimming takes Unicode White_Space (and the byte-order mark) off both ends.

const isOneLine = (text: string) => !/[\p{Cc}\p{Zl}\p{Zp}]/u.test(text);
const isMultiLine = (text: string) => !/\p{Cc}/u.test(text.replace(/[\r\n]/g, ''));
const trimmed = (text: string) => text.replace(/^[\p{White_Space}\uFEFF]+|[\p{White_Space}\uFEFF]+$/gu, '');
const characters = (text: string) => (text.match(/[^]/gu) ?? []).length;
type TextKind = 'line' | 'lines';
/** Whether `text` may be stored as a one-line text (a title, a name, a label) or a multi-line one, at most `max` characters. */
const textIsValid = (text: string, max: number, kind: TextKind = 'line') =>
  (kind === 'line' ? isOneLine(text) : isMultiLine(text)) && !/\p{Cs}/u.test(text) && characters(trimmed(text)) <= max;

type Localized = { fr?: string | null; ja?: string | null; en?: string | null };
const LANGUAGES = ['fr', 'ja', 'en'] as const;

/** A LocalizedTextInput of a create: its verdict and what must be stored (trimmed; blank languages dropped; null when none is left). */
function localizedVerdict(value: Localized | null | undefined, max: number, title: boolean): { verdict: Verdict; stored: Localized | null } {
  return mergedVerdict(null, value ?? undefined, max, title, 'invalid');
}

/**
 * A LocalizedTextInput of an update over the stored `current`: the languages it names change (null or
 * blank clears one), the others are kept; left out, nothing changes; null clears a description and is
 * refused for a title. A title must keep French or Japanese: refused as `lacking` when it would not.
 */
function mergedVerdict(
  current: Localized | null, value: Localized | null | undefined, max: number, title: boolean, lacking: Verdict = 'bad',
): { verdict: Verdict; stored: Localized | null } {
  if (value === undefined) return { verdict: 'ok', stored: current };
  if (value === null) return { verdict: title && current ? 'bad' : 'ok', stored: title ? current : null };
  const stored: Localized = { ...current };
  let verdict: Verdict = 'ok';
  for (const lang of LANGUAGES) {
    const text = value[lang];
    if (text === undefined) continue;
    if (typeof text === 'string' && !textIsValid(text, max, title ? 'line' : 'lines')) verdict = 'invalid';
    if (typeof text === 'string' && trimmed(text)) stored[lang] = trimmed(text);
    else delete stored[lang];
  }
  if (verdict === 'ok' && title && !stored.fr && !stored.ja) verdict = lacking;
  return { verdict, stored: Object.keys(stored).length ? stored : null };
}

/** As the API returns a LocalizedText { fr ja en }. */
const asRead = (stored: Localized | null) => (stored ? { fr: stored.fr ?? null, ja: stored.ja ?? null, en: stored.en ?? null } : null);
const LOCALIZED = '{ fr ja en }';

// --- arbitraries ------------------------------------------------------------------------------------

/** Printable text of every script on one line, with the spaces that trimming removes or keeps. */
const cleanPiece = fc.oneof(
  // fast-check's graphemes include the line and paragraph separators: one line holds none.
  { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map((piece) => piece.replace(/[\u2028\u2029]/g, ' ')) },
  { weight: 3, arbitrary: fc.constantFrom('Séance plénière', '全体会議', 'Ōsaka', '𠮷野', '👩‍👩‍👧', 'e\u0301', "l'eau", '<b>', '%_\\', '"') },
  { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\u00A0', '\u3000', '\uFEFF', '\u200B') },
);
/** What a description may hold besides: line breaks of every platform. */
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\u2028', '\u2029');
/** What no text may hold: control characters, half a surrogate pair; and any code point at all. */
const messyPiece = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0007', '\t', '\u000B', '\u000C', '\u001B', '\u007F', '\u0085', '\u009F') },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDFFF', '\uDBFF\uDBFF', 'a\uDC00') },
);
const joined = (parts: fc.Arbitrary<string>) => fc.array(parts, { maxLength: 5 }).map((list) => list.join(''));
/** Around the limits: 300 characters for titles, 10,000 for descriptions, and far beyond. */
const repeated = (min: number, max: number) =>
  fc.record({ unit: fc.constantFrom('x', '日', '𠮷', ' ', 'ab', '\u0007'), times: fc.integer({ min, max }), pad: fc.constantFrom('', ' ', ' \n ') })
    .map(({ unit, times, pad }) => pad + unit.repeat(times) + pad);
const text = fc.oneof(
  { weight: 16, arbitrary: joined(cleanPiece) },
  { weight: 4, arbitrary: joined(fc.oneof({ weight: 3, arbitrary: cleanPiece }, { weight: 1, arbitrary: lineBreak })) },
  { weight: 3, arbitrary: joined(fc.oneof(cleanPiece, messyPiece)) },
  { weight: 2, arbitrary: repeated(140, 320) },
  { weight: 1, arbitrary: repeated(4_990, 10_010) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(120_000)) },
);
const maybeText = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(undefined, null) }, { weight: 4, arbitrary: text });
const localized = fc.record({ fr: maybeText, ja: maybeText, en: maybeText }, { requiredKeys: [] });
/** A title as clients mostly send it, valid or not, and fully arbitrary ones. */
const titleArb = fc.oneof(
  { weight: 1, arbitrary: fc.record({ fr: text, ja: maybeText }) },
  { weight: 1, arbitrary: localized },
);
const optionalLocalized = fc.oneof(fc.constant(undefined), fc.constant(null), localized);

// Each property draws half its inputs from valid parts only (all of which must be accepted) and half
// from anything at all, so that both outcomes are exercised whatever the number of fields.
const cleanText = joined(cleanPiece);
const cleanLines = joined(fc.oneof({ weight: 3, arbitrary: cleanPiece }, { weight: 1, arbitrary: lineBreak }));
const cleanTitle = fc.record({ fr: cleanText.filter((fr) => trimmed(fr) !== ''), ja: fc.option(cleanText, { nil: undefined }) });
const cleanLocalized = fc.option(fc.record({ fr: cleanLines, ja: cleanLines }, { requiredKeys: [] }), { nil: undefined });
const title = (clean: boolean) => (clean ? cleanTitle : titleArb);
const description = (clean: boolean) => (clean ? cleanLocalized : optionalLocalized);

// The DateTime scalar's range: each instant's date is a Date (0001 to 9999) in every time zone.
const EARLIEST = Date.parse('0001-01-02T00:00:00Z');
const LATEST = Date.parse('9999-12-30T23:59:59.999Z');

/** An instant as clients write it; `at` is what must be stored (ms), null when the string is no instant. */
interface Instant {
  value: unknown;
  at: number | null;
}
const pad = (n: number) => String(n).padStart(2, '0');
function withOffset(ms: number, minutes: number): string | null {
  const local = new Date(ms + minutes * 60_000);
  if (local.getUTCFullYear() < 0 || local.getUTCFullYear() > 9999) return null;
  const sign = minutes < 0 ? '-' : '+';
  return `${local.toISOString().slice(0, 23)}${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}
const validInstant: fc.Arbitrary<Instant> = fc
  .record({
    date: fc.date({ min: new Date(EARLIEST), max: new Date(LATEST), noInvalidDate: true }),
    form: fc.constantFrom('Z', 'offset', 'micro'),
    offset: fc.constantFrom(540, 120, -210, 0, 840, -720),
  })
  .map(({ date, form, offset }) => {
    const ms = date.getTime();
    if (form === 'offset') {
      const written = withOffset(ms, offset);
      if (written) return { value: written, at: ms };
    }
    // Finer than a millisecond: kept to the millisecond (the DateTime scalar says so).
    if (form === 'micro') return { value: date.toISOString().replace('Z', '456Z'), at: ms };
    return { value: date.toISOString(), at: ms };
  });
const edgeInstant: fc.Arbitrary<Instant> = fc.constantFrom(
  { value: '0001-01-02T00:00:00Z', at: EARLIEST },
  { value: '0001-01-02T09:00:00+09:00', at: EARLIEST },
  { value: '9999-12-30T23:59:59.999Z', at: LATEST },
  { value: '1970-01-01T00:00:00Z', at: 0 },
  { value: '2024-11-18t09:30:00z', at: Date.parse('2024-11-18T09:30:00Z') },
  // Outside the range: in some time zone, their date is no Date.
  { value: '0000-06-01T00:00:00Z', at: null },
  { value: '0001-01-01T08:00:00+09:00', at: null },
  { value: '9999-12-31T00:00:00Z', at: null },
);
const badInstant: fc.Arbitrary<Instant> = fc.constantFrom<unknown>(
  '2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T25:00:00Z', '2024-01-01T24:00:00Z',
  '2016-12-31T23:59:60Z', '2024-01-01', '2024-01-01T10:00:00', '2024-01-01 10:00:00Z', '+275760-09-13T00:00:00Z',
  '2024-01-01T00:00:00+24:00', 'demain', '', 1_700_000_000_000, true, { at: 1 }, ['2024-01-01T00:00:00Z'],
).map((value) => ({ value, at: null }));
const instant = fc.oneof({ weight: 8, arbitrary: validInstant }, { weight: 1, arbitrary: edgeInstant }, { weight: 1, arbitrary: badInstant });
/** Mostly a start and a later end; sometimes any two instants. */
const interval = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(validInstant, fc.integer({ min: 1, max: 10 * 86_400_000 })).map(([start, duration]) => [start, { value: new Date(start.at! + duration).toISOString(), at: start.at! + duration }] as [Instant, Instant]).filter(([, end]) => end.at! <= LATEST) },
  { weight: 2, arbitrary: fc.tuple(instant, instant) },
);
const cleanInterval = fc.tuple(validInstant, fc.integer({ min: 1, max: 10 * 86_400_000 }))
  .map(([start, duration]) => [start, { value: new Date(start.at! + duration).toISOString(), at: start.at! + duration }] as [Instant, Instant])
  .filter(([, end]) => end.at! <= LATEST);
const times = (clean: boolean) => (clean ? cleanInterval : interval);
/** Verdict of a start and an end: each an instant, the end after the start. */
function intervalVerdict(start: Instant, end: Instant): Verdict {
  if (start.at === null || end.at === null) return 'invalid';
  return end.at > start.at ? 'ok' : 'bad';
}
const sameInstant = (read: string | null, at: number | null) => (read === null ? null : Date.parse(read)) === at;

/** An id: of the pool (ok), of another edition (bad), a uuid that names nothing or garbage (unknown). */
function idArb(ids: () => string[], foreign?: () => string): fc.Arbitrary<Tagged<string>> {
  return fc.oneof(
    { weight: 20, arbitrary: fc.nat().map((i) => ({ value: ids()[i % ids().length], verdict: 'ok' as Verdict })) },
    { weight: foreign ? 1 : 0, arbitrary: fc.constant(null).map(() => ({ value: foreign!(), verdict: 'bad' as Verdict })) },
    { weight: 1, arbitrary: fc.uuid().map((value) => ({ value, verdict: 'unknown' as Verdict })) },
    { weight: 1, arbitrary: fc.constantFrom('', 'abc', '1', 'null', '00000000-0000-0000-0000-00000000000g', "'; DROP TABLE session; --", 'a\u0000b').map((value) => ({ value, verdict: 'unknown' as Verdict })) },
  );
}
/** An ordered id list: duplicates are refused, more than 100 ids too. */
function idListArb(ids: () => string[], foreign?: () => string): fc.Arbitrary<Tagged<string[] | null | undefined>> {
  type List = Tagged<string[] | null | undefined>;
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(undefined, null).map((value): List => ({ value, verdict: 'ok' })) },
    {
      weight: 6,
      arbitrary: fc.array(idArb(ids, foreign), { maxLength: 4 }).map((items) => {
        const value = items.map((item) => item.value);
        const verdicts = items.flatMap((item) => item.verdict);
        if (new Set(value).size !== value.length) verdicts.push('bad');
        return { value, verdict: verdicts } as List;
      }),
    },
    { weight: 1, arbitrary: fc.constant(null).map((): List => ({ value: Array.from({ length: 101 }, () => ids()[0]), verdict: 'invalid' })) },
  );
}
const ids = (list: Tagged<string[] | null | undefined>) => list.value ?? [];
const poolId = (pool: () => string[]) => fc.nat().map((i): Tagged<string> => ({ value: pool()[i % pool().length], verdict: 'ok' }));
const id = (clean: boolean, pool: () => string[], foreign?: () => string) => (clean ? poolId(pool) : idArb(pool, foreign));
const idList = (clean: boolean, pool: () => string[], foreign?: () => string): fc.Arbitrary<Tagged<string[] | null | undefined>> =>
  clean
    ? fc.option(fc.array(fc.nat(), { maxLength: 3 }).map((is) => [...new Set(is.map((i) => pool()[i % pool().length]))]), { nil: undefined })
      .map((value) => ({ value, verdict: 'ok' as Verdict }))
    : idListArb(pool, foreign);

/** A variable of an enum: a value of it, or something else (a coercion error; null too, for a required one). */
const enumArb = (values: string[], nullable = false) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...values).map((value) => ({ value, verdict: 'ok' as Verdict })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('FOO', '', 'plenary', 3, ...(nullable ? [] : [null])).map((value) => ({ value, verdict: 'invalid' as Verdict })) },
  );
const enumOf = (clean: boolean, values: string[], nullable = false) =>
  clean ? fc.constantFrom(...values).map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict })) : enumArb(values, nullable);
const booleanArb = fc.oneof(
  { weight: 10, arbitrary: fc.boolean().map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 1, 0, 'yes').map((value) => ({ value, verdict: 'invalid' as Verdict })) },
);
const bool = (clean: boolean) => (clean ? fc.boolean().map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict })) : booleanArb);
const SESSION_KINDS = ['BREAK', 'CLOSING', 'OPENING', 'OTHER', 'PLENARY', 'RECEPTION', 'SITE_VISIT', 'WORKSHOPS'];

const SESSION_FIELDS = `id kind title ${LOCALIZED} description ${LOCALIZED} startsAt endsAt interpretation room { id } speakers { id } themes { id }`;

// --- the properties -----------------------------------------------------------------------------------

describe('fuzzed input is stored exactly or refused, never an internal error', () => {
  beforeEach(() => {
    tally.accepted = 0;
    tally.refused = 0;
  });
  // About half of the inputs are clean and one refusal in five or more is usual: a few of each is
  // a bound that only a property that stopped exercising one outcome can miss.
  afterEach(() => {
    expect(tally.accepted).toBeGreaterThanOrEqual(RUNS / 25);
    expect(tally.refused).toBeGreaterThanOrEqual(RUNS / 25);
  });

  it('createSession', async () => {
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          title: title(clean), description: description(clean), kind: enumOf(clean, SESSION_KINDS), times: times(clean),
          interpretation: fc.oneof(bool(clean), fc.constant({ value: undefined, verdict: 'ok' as Verdict })),
          room: fc.option(id(clean, () => pool.rooms, () => pool.seventhRoom), { nil: undefined }),
          speakers: idList(clean, () => pool.people), themes: idList(clean, () => pool.themes, () => pool.seventhTheme),
        })),
        async ({ title, description, kind, times: [startsAt, endsAt], interpretation, room, speakers, themes }) => {
          const t1 = localizedVerdict(title, 300, true);
          const d1 = localizedVerdict(description, 10_000, false);
          const before = await count('session');
          const response = await t.gql(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, {
            input: {
              editionId: pool.eighthId, kind: kind.value, title, description, startsAt: startsAt.value, endsAt: endsAt.value,
              interpretation: interpretation.value, roomId: room?.value, speakerIds: speakers.value, themeIds: themes.value,
            },
          }, { token: admin });
          const accepted = judge(response, [t1.verdict, d1.verdict, kind.verdict, intervalVerdict(startsAt, endsAt), interpretation.verdict, room?.verdict ?? 'ok', speakers.verdict, themes.verdict]);
          if (!accepted) {
            expect(await count('session')).toBe(before);
            return;
          }
          const { session } = await gqlOk(`query ($id: ID!) { session(id: $id) { ${SESSION_FIELDS} } }`, { id: response.data.createSession.id });
          expect(session).toEqual({
            id: response.data.createSession.id, kind: kind.value, title: asRead(t1.stored), description: asRead(d1.stored),
            startsAt: expect.any(String), endsAt: expect.any(String), interpretation: interpretation.value ?? false,
            room: room ? { id: room.value } : null, speakers: ids(speakers).map((id) => ({ id })), themes: ids(themes).map((id) => ({ id })),
          });
          expect(sameInstant(session.startsAt, startsAt.at) && sameInstant(session.endsAt, endsAt.at)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('updateSession', async () => {
    const original = {
      kind: 'PLENARY', title: { fr: 'Avant', ja: '前' }, description: { fr: 'Description' },
      startsAt: '2024-11-19T09:00:00.000Z', endsAt: '2024-11-19T10:00:00.000Z', interpretation: true,
      roomId: pool.rooms[0], speakerIds: [pool.people[0]], themeIds: [pool.themes[0]],
    };
    const absent = { value: undefined, verdict: 'ok' as Verdict };
    const cleared = (verdict: Verdict) => ({ value: null, verdict });
    // Mostly near the session's own times, so that many updates keep it in order.
    const near = fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }).map((shift): Instant => {
      const at = Date.parse('2024-11-19T09:30:00Z') + shift;
      return { value: new Date(at).toISOString(), at };
    });
    const instantOrNot = fc.oneof(
      { weight: 6, arbitrary: fc.constant({ value: undefined, at: null } as Instant) },
      { weight: 1, arbitrary: fc.constant({ value: null, at: null } as Instant) },
      { weight: 3, arbitrary: near },
      { weight: 1, arbitrary: instant },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          title: clean ? fc.option(cleanTitle, { nil: undefined })
            : fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: titleArb }),
          description: description(clean),
          kind: clean ? fc.oneof(fc.constant(absent), enumOf(true, SESSION_KINDS))
            : fc.oneof({ weight: 3, arbitrary: fc.constant(absent) }, { weight: 1, arbitrary: fc.constant(cleared('bad')) }, { weight: 4, arbitrary: enumArb(SESSION_KINDS, true) }),
          times: clean ? fc.oneof(fc.constant([{ value: undefined, at: null }, { value: undefined, at: null }] as [Instant, Instant]), cleanInterval)
            : fc.tuple(instantOrNot, instantOrNot),
          interpretation: fc.oneof(fc.constant(absent), fc.constant(cleared('ok')), bool(clean)),
          room: fc.oneof(fc.constant(absent), fc.constant(cleared('ok')), id(clean, () => pool.rooms, () => pool.seventhRoom)),
          speakers: idList(clean, () => pool.people), themes: idList(clean, () => pool.themes, () => pool.seventhTheme),
          version: clean ? fc.constant({ value: 1 as unknown, verdict: 'ok' as Verdict })
            : fc.oneof({ weight: 6, arbitrary: fc.constant({ value: 1 as unknown, verdict: 'ok' as Verdict }) },
              { weight: 1, arbitrary: fc.constantFrom<unknown>(1.5, '1', 2 ** 31, null).map((value) => ({ value, verdict: 'invalid' as Verdict })) }),
        })),
        async ({ times: [startsAt, endsAt], ...patch }) => {
          const { createSession } = await gqlOk(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, { input: { editionId: pool.eighthId, ...original } });
          const t1 = mergedVerdict(original.title, patch.title, 300, true);
          const d1 = mergedVerdict(original.description, patch.description, 10_000, false);
          // A time left out keeps the session's; null cannot clear it; the result must still end after it starts.
          const time = (given: Instant, current: string): Instant & { verdict: Verdict } => {
            if (given.value === undefined) return { value: current, at: Date.parse(current), verdict: 'ok' };
            if (given.value === null) return { value: current, at: Date.parse(current), verdict: 'bad' };
            return { ...given, verdict: given.at === null ? 'invalid' : 'ok' };
          };
          const start = time(startsAt, original.startsAt);
          const end = time(endsAt, original.endsAt);
          const order: Verdict = start.at !== null && end.at !== null && end.at <= start.at ? 'bad' : 'ok';
          const response = await t.gql(`mutation ($input: UpdateSessionInput!) { updateSession(input: $input) { id version } }`, {
            input: {
              id: createSession.id, expectedVersion: patch.version.value, kind: patch.kind.value, title: patch.title, description: patch.description,
              startsAt: startsAt.value, endsAt: endsAt.value, interpretation: patch.interpretation.value, roomId: patch.room.value,
              speakerIds: patch.speakers.value, themeIds: patch.themes.value,
            },
          }, { token: admin });
          const accepted = judge(response, [
            patch.version.verdict, t1.verdict, d1.verdict, patch.kind.verdict, start.verdict, end.verdict, order, patch.interpretation.verdict,
            patch.room.verdict, patch.speakers.verdict, patch.themes.verdict,
          ]);
          const { session } = await gqlOk(`query ($id: ID!) { session(id: $id) { ${SESSION_FIELDS} version } }`, { id: createSession.id });
          if (!accepted) {
            expect(session.version).toBe(1);
            return;
          }
          const roomId = patch.room.value === undefined ? original.roomId : patch.room.value;
          expect(session).toEqual({
            id: createSession.id, version: 2, kind: patch.kind.value ?? original.kind, title: asRead(t1.stored), description: asRead(d1.stored),
            startsAt: expect.any(String), endsAt: expect.any(String), interpretation: patch.interpretation.value ?? original.interpretation,
            room: roomId ? { id: roomId } : null,
            speakers: (patch.speakers.value ?? original.speakerIds).map((id) => ({ id })),
            themes: (patch.themes.value ?? original.themeIds).map((id) => ({ id })),
          });
          expect(sameInstant(session.startsAt, start.at) && sameInstant(session.endsAt, end.at)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every update of texts: the languages named change, the others are kept, a title keeps French or Japanese', async () => {
    // One record of each kind, updated run after run: each run starts from what the previous one left.
    const { createSession } = await gqlOk(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`, { input: {
      editionId: pool.eighthId, kind: 'PLENARY', title: { fr: 'Séance', ja: '会議' }, startsAt: '2024-11-20T09:00:00Z', endsAt: '2024-11-20T10:00:00Z' } });
    const { createWorkshop } = await gqlOk(`mutation ($s: ID!) { createWorkshop(input: { sessionId: $s, title: { fr: "Atelier", ja: "分科会" } }) { id } }`, { s: pool.workshopsSession });
    const { proposeTheme } = await gqlOk(`mutation ($e: ID!) { proposeTheme(input: { editionId: $e, title: { fr: "Thème", ja: "テーマ" } }) { id } }`, { e: pool.eighthId });
    const { scheduleMeeting } = await gqlOk(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id agenda { id } } }`, { input: {
      editionId: pool.eighthId, title: { fr: 'Réunion', ja: '会合' }, startsAt: '2024-07-01T10:00:00Z', endsAt: '2024-07-01T11:00:00Z', agenda: [{ title: { fr: 'Point', ja: '議題' } }] } });
    const { createEdition } = await gqlOk(`mutation { createEdition(input: { number: 998, title: { fr: "Rencontres", ja: "会議" }, hostCity: { fr: "Lyon", ja: "リヨン" },
      hostCountry: FR, startDate: "2031-01-01", endDate: "2031-01-02", timeZone: "Europe/Paris" }) { id } }`);
    // The mutation, the record it names, where its texts and version are stored, and which texts are titles.
    const targets = [
      { mutation: 'updateSession', id: createSession.id, table: 'session', versionOf: createSession.id, versionTable: 'session', texts: { title: 'title', description: 'description' } },
      { mutation: 'updateWorkshop', id: createWorkshop.id, table: 'workshop', versionOf: createWorkshop.id, versionTable: 'workshop', texts: { title: 'title', description: 'description' } },
      { mutation: 'updateTheme', id: proposeTheme.id, table: 'theme', versionOf: proposeTheme.id, versionTable: 'theme', texts: { title: 'title', description: 'description' } },
      { mutation: 'updateMeeting', id: scheduleMeeting.id, table: 'steering_meeting', versionOf: scheduleMeeting.id, versionTable: 'steering_meeting', texts: { title: 'title', place: 'place', minutes: 'minutes' } },
      // An agenda item quotes its meeting's version.
      { mutation: 'updateAgendaItem', id: scheduleMeeting.agenda[0].id, table: 'agenda_item', versionOf: scheduleMeeting.id, versionTable: 'steering_meeting', texts: { title: 'title', notes: 'notes' } },
      { mutation: 'updateEdition', id: createEdition.id, table: 'edition', versionOf: createEdition.id, versionTable: 'edition', texts: { title: 'title', hostCity: 'host_city', generalTheme: 'general_theme' } },
    ];
    const TITLES = new Set(['title', 'hostCity']);
    const stored = async (target: (typeof targets)[number]) => {
      const columns = Object.entries(target.texts).map(([field, column]) => `t.${column} AS "${field}"`).join(', ');
      const { rows } = await t.db.query(`SELECT ${columns}, v.version FROM ${target.table} t, ${target.versionTable} v WHERE t.id = $1 AND v.id = $2`, [target.id, target.versionOf]);
      return rows[0] as Record<string, Localized | null> & { version: number };
    };
    const textPatch = (clean: boolean) => fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: clean ? 0 : 1, arbitrary: fc.constant(null) },
      { weight: 4, arbitrary: clean ? fc.record({ fr: fc.option(cleanText, { nil: undefined }), ja: fc.option(cleanText, { nil: undefined }) }, { requiredKeys: [] }) : localized },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({ target: fc.constantFrom(...targets), patch: fc.record({ a: textPatch(clean), b: textPatch(clean), c: textPatch(clean) }) })),
        async ({ target, patch }) => {
          const before = await stored(target);
          const fields = Object.keys(target.texts);
          const given: Record<string, Localized | null | undefined> = Object.fromEntries(fields.map((field, i) => [field, [patch.a, patch.b, patch.c][i]]));
          const expected = Object.fromEntries(fields.map((field) =>
            [field, mergedVerdict(before[field], given[field], TITLES.has(field) ? 300 : 10_000, TITLES.has(field))]));
          const name = target.mutation[0].toUpperCase() + target.mutation.slice(1);
          const response = await t.gql(`mutation ($input: ${name}Input!) { ${target.mutation}(input: $input) { __typename } }`,
            { input: { id: target.id, expectedVersion: before.version, ...given } }, { token: admin });
          const accepted = judge(response, fields.map((field) => expected[field].verdict));
          const after = await stored(target);
          if (!accepted) {
            expect(after).toEqual(before);
            return;
          }
          expect(after).toEqual({ ...Object.fromEntries(fields.map((field) => [field, expected[field].stored])), version: before.version + 1 });
        },
      ),
    );
  });

  it('as each role and across the deadlines: who may act, and when, as the rights table of PRODUCT.md says', async () => {
    const token: Record<string, string | undefined> = { anonymous: undefined };
    for (const who of ['rep.aix', 'member1.fr', 'president.fr']) token[who] = await t.login(`${who}@example.org`);
    token.admin = admin;
    // A president of the 7th edition's committee only: no right over the 8th.
    const { createPerson } = await gqlOk(`mutation { createPerson(input: { displayName: "Présidente 7e", email: "fuzz.seventh@example.net", role: COMMITTEE,
      password: "a long password 7e" }) { id } }`);
    await gqlOk(`mutation ($c: ID!, $p: ID!) { addCommitteeMember(committeeId: $c, personId: $p, role: PRESIDENT) { id } }`, { c: pool.seventhCommittee, p: createPerson.id });
    token.seventh = await t.login('fuzz.seventh@example.net', 'a long password 7e');
    const { rows: [eighth] } = await t.db.query(`SELECT suggestion_deadline, participation_deadline FROM edition WHERE id = $1`, [pool.eighthId]);
    const { rows: [aix] } = await t.db.query(`SELECT id FROM local_authority WHERE name->>'fr' = 'Aix-en-Provence'`);
    const other = pool.authorities.find((id) => id !== aix.id)!;
    const role = { anonymous: 'anonymous', 'rep.aix': 'LOCAL_AUTHORITY', 'member1.fr': 'MEMBER', 'president.fr': 'PRESIDENT', seventh: 'OTHER_EDITION', admin: 'ADMIN' } as const;
    type Role = (typeof role)[keyof typeof role];

    /** What each action needs, from the rights table; `deadline` names the deadline a local authority must meet. */
    const actions = {
      submitSuggestion: { deadline: eighth.suggestion_deadline as Date, may: ['LOCAL_AUTHORITY', 'ADMIN'] as Role[], byAuthority: true,
        call: (authority: string | undefined, tk?: string) => t.gql(`mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { id } }`,
          { input: { editionId: pool.eighthId, localAuthorityId: authority, kind: 'WORKSHOP', title: { fr: 'Suggestion' } } }, { token: tk }) },
      submitParticipation: { deadline: eighth.participation_deadline as Date, may: ['LOCAL_AUTHORITY', 'ADMIN'] as Role[], byAuthority: true,
        call: (authority: string | undefined, tk?: string) => t.gql(`mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id } }`,
          { input: { editionId: pool.eighthId, localAuthorityId: authority, attendsSteeringMeeting: false, delegates: [{ name: 'Délégué' }] } }, { token: tk }) },
      createSession: { deadline: null, may: ['MEMBER', 'PRESIDENT', 'ADMIN'] as Role[], byAuthority: false,
        call: (_: string | undefined, tk?: string) => t.gql(`mutation ($input: CreateSessionInput!) { createSession(input: $input) { id } }`,
          { input: { editionId: pool.eighthId, kind: 'OTHER', title: { fr: 'Séance' }, startsAt: '2024-11-18T01:00:00Z', endsAt: '2024-11-18T02:00:00Z' } }, { token: tk }) },
      proposeTheme: { deadline: null, may: ['MEMBER', 'PRESIDENT', 'ADMIN'] as Role[], byAuthority: false,
        call: (_: string | undefined, tk?: string) => t.gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`,
          { input: { editionId: pool.eighthId, title: { fr: 'Thème' } } }, { token: tk }) },
      scheduleMeeting: { deadline: null, may: ['PRESIDENT', 'ADMIN'] as Role[], byAuthority: false,
        call: (_: string | undefined, tk?: string) => t.gql(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
          { input: { editionId: pool.eighthId, title: { fr: 'Réunion' }, startsAt: '2024-07-01T10:00:00Z', endsAt: '2024-07-01T11:00:00Z' } }, { token: tk }) },
    };
    type Action = keyof typeof actions;
    // Instants around each deadline: "after the deadline" is strictly after it. (Within days: the
    // tokens, issued at the test clock's time, expire after a while.)
    const offsets = [-86_400_000, -1, 0, 1, 86_400_000];
    const events = async () => Number((await t.db.query(`SELECT count(*) AS n FROM change_event`)).rows[0].n);

    await check(
      fc.asyncProperty(
        fc.record({
          who: fc.constantFrom(...(Object.keys(role) as Array<keyof typeof role>)),
          action: fc.constantFrom(...(Object.keys(actions) as Action[])),
          authority: fc.constantFrom('own', 'other', 'left out'),
          offset: fc.constantFrom(...offsets),
        }),
        async ({ who, action, authority, offset }) => {
          const rules = actions[action];
          const caller = role[who];
          const at = rules.deadline ? new Date(rules.deadline.getTime() + offset) : t.clock.now;
          const authorityId = authority === 'own' ? aix.id : authority === 'other' ? other : undefined;
          // Admins name the authority (any); a local authority's own is "own" or left out.
          const allowed = new Set<string>();
          if (caller === 'anonymous') allowed.add('UNAUTHENTICATED');
          else if (!rules.may.includes(caller)) allowed.add('FORBIDDEN');
          else if (rules.byAuthority && caller === 'ADMIN' && authority === 'left out') allowed.add('BAD_USER_INPUT');
          else if (rules.byAuthority && caller === 'LOCAL_AUTHORITY') {
            if (authority === 'other') allowed.add('FORBIDDEN');
            if (rules.deadline && at.getTime() > rules.deadline.getTime()) allowed.add('DEADLINE_PASSED');
          }
          const before = await events();
          const response = await t.at(at, () => rules.call(rules.byAuthority ? authorityId : undefined, token[who]));
          expect(response.status).toBeLessThan(500);
          if (!allowed.size) {
            expect({ who, action, at, errors: response.errors }).toEqual({ who, action, at, errors: undefined });
            expect(await events()).toBeGreaterThan(before);
            tally.accepted++;
            return;
          }
          expect(codes(response)).toHaveLength(1);
          expect([...allowed]).toContain(codes(response)[0]);
          expect(await events()).toBe(before);
          tally.refused++;
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('createWorkshop', async () => {
    const sessionArb = fc.oneof(
      { weight: 5, arbitrary: fc.constant(null).map(() => ({ value: pool.workshopsSession, verdict: 'ok' as Verdict })) },
      { weight: 1, arbitrary: fc.constant(null).map(() => ({ value: pool.plenarySession, verdict: 'bad' as Verdict })) },
      { weight: 1, arbitrary: idArb(() => [], undefined).filter((id) => id.verdict === 'unknown') },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          session: clean ? poolId(() => [pool.workshopsSession]) : sessionArb, title: title(clean), description: description(clean),
          room: fc.option(id(clean, () => pool.rooms, () => pool.seventhRoom), { nil: undefined }),
          themes: idList(clean, () => pool.themes, () => pool.seventhTheme), moderators: idList(clean, () => pool.people), speakers: idList(clean, () => pool.people),
          authorities: idList(clean, () => pool.authorities),
        })),
        async ({ session, title, description, room, themes, moderators, speakers, authorities }) => {
          const t1 = localizedVerdict(title, 300, true);
          const d1 = localizedVerdict(description, 10_000, false);
          const before = await count('workshop');
          const response = await t.gql(`mutation ($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`, {
            input: {
              sessionId: session.value, title, description, roomId: room?.value, themeIds: themes.value, moderatorIds: moderators.value,
              speakerIds: speakers.value, localAuthorityIds: authorities.value,
            },
          }, { token: admin });
          if (!judge(response, [session.verdict, t1.verdict, d1.verdict, room?.verdict ?? 'ok', themes.verdict, moderators.verdict, speakers.verdict, authorities.verdict])) {
            expect(await count('workshop')).toBe(before);
            return;
          }
          const { workshop } = await gqlOk(`query ($id: ID!) { workshop(id: $id) {
            title ${LOCALIZED} description ${LOCALIZED} session { id } room { id } themes { id } moderators { id } speakers { id } localAuthorities { id } } }`,
          { id: response.data.createWorkshop.id });
          const list = (tagged: Tagged<string[] | null | undefined>) => ids(tagged).map((id) => ({ id }));
          expect(workshop).toEqual({
            title: asRead(t1.stored), description: asRead(d1.stored), session: { id: session.value }, room: room ? { id: room.value } : null,
            themes: list(themes), moderators: list(moderators), speakers: list(speakers), localAuthorities: list(authorities),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  const editionArb = fc.oneof(
    { weight: 6, arbitrary: fc.constant(null).map(() => ({ value: pool.eighthId, verdict: 'ok' as Verdict })) },
    { weight: 1, arbitrary: idArb(() => [], undefined).filter((id) => id.verdict === 'unknown') },
  );

  it('proposeTheme', async () => {
    await check(
      fc.asyncProperty(fc.boolean().chain((clean) => fc.record({ edition: clean ? poolId(() => [pool.eighthId]) : editionArb, title: title(clean), description: description(clean) })), async ({ edition, title, description }) => {
        const t1 = localizedVerdict(title, 300, true);
        const d1 = localizedVerdict(description, 10_000, false);
        const before = await count('theme');
        const response = await t.gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`,
          { input: { editionId: edition.value, title, description } }, { token: admin });
        if (!judge(response, [edition.verdict, t1.verdict, d1.verdict])) {
          expect(await count('theme')).toBe(before);
          return;
        }
        const { theme } = await gqlOk(`query ($id: ID!) { theme(id: $id) { status title ${LOCALIZED} description ${LOCALIZED} edition { id } } }`, { id: response.data.proposeTheme.id });
        expect(theme).toEqual({ status: 'PROPOSED', title: asRead(t1.stored), description: asRead(d1.stored), edition: { id: pool.eighthId } });
      }),
      { numRuns: RUNS },
    );
  });

  it('submitSuggestion', async () => {
    const authorityArb = fc.oneof(
      { weight: 6, arbitrary: idArb(() => pool.authorities) },
      // An admin must name the authority.
      { weight: 1, arbitrary: fc.constantFrom(undefined, null).map((value) => ({ value, verdict: 'bad' as Verdict })) },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          edition: clean ? poolId(() => [pool.eighthId]) : editionArb, authority: clean ? poolId(() => pool.authorities) : authorityArb,
          kind: enumOf(clean, ['OTHER', 'SESSION', 'THEME', 'WORKSHOP']), title: title(clean), body: description(clean),
        })),
        async ({ edition, authority, kind, title, body }) => {
          const t1 = localizedVerdict(title, 300, true);
          const b1 = localizedVerdict(body, 10_000, false);
          const before = await count('suggestion');
          const response = await t.gql(`mutation ($input: SubmitSuggestionInput!) { submitSuggestion(input: $input) { id } }`,
            { input: { editionId: edition.value, localAuthorityId: authority.value, kind: kind.value, title, body } }, { token: admin });
          if (!judge(response, [edition.verdict, authority.verdict, kind.verdict, t1.verdict, b1.verdict])) {
            expect(await count('suggestion')).toBe(before);
            return;
          }
          const { suggestion } = await gqlOk(`query ($id: ID!) { suggestion(id: $id) { kind status title ${LOCALIZED} body ${LOCALIZED} localAuthority { id } } }`,
            { id: response.data.submitSuggestion.id });
          expect(suggestion).toEqual({ kind: kind.value, status: 'SUBMITTED', title: asRead(t1.stored), body: asRead(b1.stored), localAuthority: { id: authority.value } });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('submitParticipation', async () => {
    interface Delegate { value: Record<string, unknown>; verdict: Verdict; stored: { name: string; function: string | null; email: string | null } }
    const emailArb = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('delegue@example.org', 'rep.aix+fr@mairie-aix.fr', 'y.tanaka@city.shizuoka.lg.jp').map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict, stored: value as string | null })) },
      { weight: 4, arbitrary: fc.constantFrom(undefined, null, '', '   ').map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict, stored: null })) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('not-an-email', 'a@', '@example.org', 'a b@example.org', 'a@example.org\u0000', 'a\u0007@example.org', `${'x'.repeat(250)}@example.org`)
          .map((value) => ({ value: value as unknown, verdict: 'invalid' as Verdict, stored: null })),
      },
      { weight: 1, arbitrary: fc.constantFrom('zoé@exämple.fr', ' delegue@example.org ', '\u3000a@example.org', 'a@example.org\uD800').map((value) => ({ value: value as unknown, verdict: 'maybe' as Verdict, stored: value.trim() })) },
    );
    const delegateArb: fc.Arbitrary<Delegate> = fc.record({ name: text, fn: maybeText, email: emailArb }).map(({ name, fn, email }) => {
      const verdicts: Verdict[] = [email.verdict];
      if (!trimmed(name) || !textIsValid(name, 200)) verdicts.push('invalid');
      if (typeof fn === 'string' && !textIsValid(fn, 200)) verdicts.push('invalid');
      return {
        value: { name, function: fn, email: email.value },
        verdict: expectation(verdicts).pass === 'must' ? 'ok' : verdicts.includes('invalid') ? 'invalid' : 'maybe',
        stored: { name: trimmed(name), function: (fn && trimmed(fn)) || null, email: email.stored },
      };
    });
    const cleanDelegateArb: fc.Arbitrary<Delegate> = fc.record({
      name: cleanText.filter((name) => name.trim() !== ''), fn: fc.option(cleanText, { nil: undefined }),
      email: fc.option(fc.constantFrom('delegue@example.org', 'y.tanaka@city.shizuoka.lg.jp'), { nil: undefined }),
    }).map(({ name, fn, email }) => ({
      value: { name, function: fn, email }, verdict: 'ok', stored: { name: name.trim(), function: fn?.trim() || null, email: email ?? null },
    }));
    const delegatesArb = fc.oneof(
      { weight: 6, arbitrary: fc.array(delegateArb, { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, 51).map((n) => Array.from({ length: n }, (_, i): Delegate => ({ value: { name: `D${i}` }, verdict: 'ok', stored: { name: `D${i}`, function: null, email: null } }))) },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          edition: clean ? poolId(() => [pool.eighthId]) : editionArb,
          known: clean ? fc.constant(true) : fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          delegates: clean ? fc.array(cleanDelegateArb, { minLength: 1, maxLength: 2 }) : delegatesArb,
          attends: clean ? bool(true) : fc.oneof({ weight: 8, arbitrary: booleanArb }, { weight: 1, arbitrary: fc.constant({ value: null as unknown, verdict: 'invalid' as Verdict }) }),
        })),
        async ({ edition, known, delegates, attends }) => {
          // One form per authority and edition: each run gets an authority of its own.
          const { createLocalAuthority } = await gqlOk(`mutation { createLocalAuthority(input: { name: { fr: "Commune [exemple]" }, country: FR, kind: COMMUNE }) { id } }`);
          const authority = known ? { value: createLocalAuthority.id, verdict: 'ok' as Verdict } : { value: '00000000-0000-4000-8000-000000000000', verdict: 'unknown' as Verdict };
          const sizeVerdict: Verdict = delegates.length === 0 || delegates.length > 50 ? 'invalid' : 'ok';
          const response = await t.gql(`mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id } }`, {
            input: { editionId: edition.value, localAuthorityId: authority.value, delegates: delegates.map((d) => d.value), attendsSteeringMeeting: attends.value },
          }, { token: admin });
          const accepted = judge(response, [edition.verdict, authority.verdict, sizeVerdict, attends.verdict, ...delegates.map((d) => d.verdict)]);
          const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM participation WHERE local_authority_id = $1`, [createLocalAuthority.id]);
          expect(rows[0].n).toBe(accepted ? 1 : 0);
          if (!accepted) return;
          const { edition: read } = await gqlOk(`{ edition(number: 8) { participations { localAuthority { id } status attendsSteeringMeeting delegates { name function email } } } }`);
          expect(read.participations.find((p: any) => p.localAuthority.id === authority.value)).toEqual({
            localAuthority: { id: authority.value }, status: 'REGISTERED', attendsSteeringMeeting: attends.value, delegates: delegates.map((d) => d.stored),
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('scheduleMeeting', async () => {
    const committeeArb = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(undefined, null).map((value) => ({ value, verdict: 'ok' as Verdict })) },
      { weight: 4, arbitrary: idArb(() => pool.committees, () => pool.seventhCommittee) },
    );
    const itemArb = fc.record({ title: titleArb, notes: optionalLocalized });
    const agendaArb = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
      { weight: 5, arbitrary: fc.array(itemArb, { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constant(null).map(() => Array.from({ length: 101 }, () => ({ title: { fr: 'Point' } }) as { title: Localized; notes?: Localized | null })) },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          edition: clean ? poolId(() => [pool.eighthId]) : editionArb, committee: clean ? fc.option(poolId(() => pool.committees), { nil: undefined }).map((c) => c ?? { value: undefined, verdict: 'ok' as Verdict }) : committeeArb,
          title: title(clean), place: description(clean), times: times(clean),
          agenda: clean ? fc.array(fc.record({ title: cleanTitle, notes: cleanLocalized }), { maxLength: 3 }) : agendaArb,
        })),
        async ({ edition, committee, title, place, times: [startsAt, endsAt], agenda }) => {
          const t1 = localizedVerdict(title, 300, true);
          const p1 = localizedVerdict(place, 10_000, false);
          const items = (agenda ?? []).map((item) => ({ title: localizedVerdict(item.title, 300, true), notes: localizedVerdict(item.notes, 10_000, false) }));
          const before = await count('steering_meeting');
          const response = await t.gql(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`, {
            input: { editionId: edition.value, committeeId: committee.value, title, place, startsAt: startsAt.value, endsAt: endsAt.value, agenda },
          }, { token: admin });
          const accepted = judge(response, [
            edition.verdict, committee.verdict, t1.verdict, p1.verdict, intervalVerdict(startsAt, endsAt), (agenda?.length ?? 0) > 100 ? 'invalid' : 'ok',
            ...items.flatMap((item) => [item.title.verdict, item.notes.verdict]),
          ]);
          if (!accepted) {
            expect(await count('steering_meeting')).toBe(before);
            return;
          }
          const { edition: read } = await gqlOk(`{ edition(number: 8) { meetings { id title ${LOCALIZED} place ${LOCALIZED} startsAt endsAt committee { id } agenda { position title ${LOCALIZED} notes ${LOCALIZED} } } } }`);
          const meeting = read.meetings.find((m: any) => m.id === response.data.scheduleMeeting.id);
          expect(meeting).toEqual({
            id: response.data.scheduleMeeting.id, title: asRead(t1.stored), place: asRead(p1.stored), startsAt: expect.any(String), endsAt: expect.any(String),
            committee: committee.value ? { id: committee.value } : null,
            agenda: items.map((item, i) => ({ position: i + 1, title: asRead(item.title.stored), notes: asRead(item.notes.stored) })),
          });
          expect(sameInstant(meeting.startsAt, startsAt.at) && sameInstant(meeting.endsAt, endsAt.at)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  let serial = 0;

  it('createPerson', async () => {
    const passwordArb = fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', '日', ' ', '\u0000', '\t', '€', 'Z', '9'), minLength: 12, maxLength: 40 }) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', '日', ' ', '\u0000', '\t', '€', 'Z', '9'), maxLength: 14 }) },
      { weight: 1, arbitrary: fc.constantFrom('p'.repeat(1024), 'p'.repeat(1025)) },
    );
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          displayName: clean ? cleanText.filter((name) => name.trim() !== '') : text,
          email: clean ? fc.constantFrom('ok', 'ok+') : fc.oneof({ weight: 8, arbitrary: fc.constantFrom('ok', 'ok+') }, { weight: 2, arbitrary: fc.constantFrom('unicode', 'padded') },
            { weight: 3, arbitrary: fc.constantFrom('taken', 'TAKEN', 'no-at', 'no-domain', 'space', 'nul') }),
          role: enumOf(clean, ['ADMIN', 'COMMITTEE', 'LOCAL_AUTHORITY']),
          locale: fc.oneof(fc.constantFrom(undefined, null).map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict })), enumOf(clean, ['EN', 'FR', 'JA'], true)),
          // Clean: always an authority, which a LOCAL_AUTHORITY person needs.
          authority: clean ? poolId(() => pool.authorities) : fc.oneof({ weight: 2, arbitrary: fc.constantFrom(undefined, null).map((value) => ({ value, verdict: 'ok' as Verdict })) }, { weight: 1, arbitrary: idArb(() => pool.authorities) }),
          password: clean ? fc.string({ unit: fc.constantFrom('a', 'é', '日', ' ', '\u0000', '\t', '€', 'Z', '9'), minLength: 12, maxLength: 40 }) : passwordArb,
        })),
        async ({ displayName, email: kind, role, locale, authority, password }) => {
          const n = ++serial;
          const email = {
            ok: [`fuzz${n}@example.net`, 'ok'], 'ok+': [`fuzz.${n}+tag@city.shizuoka.lg.jp`, 'ok'], taken: ['admin@example.org', 'bad'], TAKEN: ['ADMIN@EXAMPLE.ORG', 'bad'],
            'no-at': [`fuzz${n}.example.net`, 'invalid'], 'no-domain': [`fuzz${n}@`, 'invalid'], space: [`fuzz ${n}@example.net`, 'invalid'],
            nul: [`fuzz${n}@example.net\u0000`, 'invalid'], unicode: [`zoé${n}@exämple.fr`, 'maybe'], padded: [` fuzz${n}@example.net `, 'maybe'],
          }[kind] as [string, Verdict];
          // Unknown or garbage authority ids are a field of the input to correct: BAD_USER_INPUT, not NOT_FOUND.
          const authorityVerdict: Verdict = authority.verdict === 'unknown' ? 'bad' : role.value === 'LOCAL_AUTHORITY' && !authority.value ? 'bad' : 'ok';
          const verdicts: Verdict[] = [
            email[1], role.verdict, locale.verdict, authorityVerdict,
            trimmed(displayName) && textIsValid(displayName, 200) ? 'ok' : 'invalid',
            password.length >= 12 && password.length <= 1024 ? 'ok' : 'invalid',
          ];
          const before = await count('person');
          const response = await t.gql(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
            input: { displayName, email: email[0], role: role.value, preferredLocale: locale.value, localAuthorityId: authority.value, password },
          }, { token: admin });
          if (!judge(response, verdicts)) {
            expect(await count('person')).toBe(before);
            return;
          }
          // Read back by logging in: the password too must be stored exactly (as its hash).
          const login = await t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) {
            viewer { person { id displayName email role preferredLocale localAuthority { id } } } } }`, { e: email[0].trim(), p: password });
          expect(login.errors).toBeUndefined();
          expect(login.data.login.viewer.person).toEqual({
            id: response.data.createPerson.id, displayName: displayName.trim(), email: email[0].trim(), role: role.value,
            preferredLocale: locale.value ?? 'FR', localAuthority: authority.value ? { id: authority.value } : null,
          });
        },
      ),
      { numRuns: Math.ceil(RUNS * 0.8) },
    );
  });

  it('createEdition', async () => {
    const day = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const badDay = fc.constantFrom<unknown>('0000-01-01', '2024-02-30', '2023-02-29', '2024-13-01', '24-01-01', '2024-1-1', '', '2024-01-01T00:00:00Z', 20240101, null);
    const cleanDates = fc.tuple(day, fc.integer({ min: 0, max: 5 }))
      .map(([start, days]) => [start, new Date(Date.parse(start) + days * 86_400_000).toISOString().slice(0, 10)] as unknown[])
      .filter(([, end]) => (end as string).length === 10 && (end as string) <= '9999-12-31');
    const dates = fc.oneof(
      { weight: 8, arbitrary: cleanDates },
      { weight: 1, arbitrary: fc.tuple(day, day) },
      { weight: 1, arbitrary: fc.tuple(fc.oneof(day, badDay), badDay) },
    );
    // A day of the calendar, AD (PostgreSQL has no year 0): Date.UTC rolls 30 February over to March.
    const validDay = (value: unknown) => {
      const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      if (!match || match[1] === '0000') return false;
      const [year, month, day] = match.slice(1).map(Number);
      const date = new Date(Date.UTC(2000, month - 1, day));
      date.setUTCFullYear(year);
      return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    };
    const cleanZone = fc.constantFrom('Asia/Tokyo', 'Europe/Paris', 'UTC', 'America/Argentina/Buenos_Aires', 'Pacific/Chatham', 'Etc/GMT-14').map((value) => ({ value: value as unknown, verdict: 'ok' as Verdict }));
    const zone = fc.oneof(
      { weight: 8, arbitrary: cleanZone },
      { weight: 2, arbitrary: fc.constantFrom<unknown>('Mars/Olympus', '', 'Tokyo', 'UTC+9', 'Asia/Tokyo\u0000', 'x'.repeat(300), null, 9).map((value) => ({ value, verdict: 'invalid' as Verdict })) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('asia/tokyo', 'EST5EDT', 'JST', ' Asia/Tokyo ').map((value) => ({ value, verdict: 'maybe' as Verdict })) },
    );
    const numberArb = fc.oneof(
      { weight: 10, arbitrary: fc.constant({ value: 'fresh' as unknown, verdict: 'ok' as Verdict }) },
      { weight: 1, arbitrary: fc.constant({ value: 8 as unknown, verdict: 'bad' as Verdict }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, 1001, 2 ** 31, 1.5, '12', null).map((value) => ({ value, verdict: 'invalid' as Verdict })) },
    );
    const deadline = fc.oneof(fc.constant(undefined), fc.constant({ value: null, at: null } as Instant), instant);
    let fresh = 100;
    await check(
      fc.asyncProperty(
        fc.boolean().chain((clean) => fc.record({
          number: clean ? fc.constant({ value: 'fresh' as unknown, verdict: 'ok' as Verdict }) : numberArb, title: title(clean), hostCity: title(clean),
          country: enumOf(clean, ['FR', 'JP']), dates: clean ? cleanDates : dates, zone: clean ? cleanZone : zone, generalTheme: description(clean),
          suggestionDeadline: clean ? fc.option(validInstant, { nil: undefined }) : deadline, participationDeadline: clean ? fc.option(validInstant, { nil: undefined }) : deadline,
        })),
        async ({ number, title, hostCity, country, dates: [startDate, endDate], zone, generalTheme, suggestionDeadline, participationDeadline }) => {
          // A number is used up only by an edition created: shrinking reruns the property hundreds of times.
          const value = number.value === 'fresh' ? fresh + 1 : number.value;
          const t1 = localizedVerdict(title, 300, true);
          const h1 = localizedVerdict(hostCity, 300, true);
          const g1 = localizedVerdict(generalTheme, 10_000, false);
          const deadlineVerdict = (d: Instant | undefined): Verdict => (d && d.value !== null && d.at === null ? 'invalid' : 'ok');
          const datesVerdict: Verdict = !validDay(startDate) || !validDay(endDate) ? 'invalid' : (endDate as string) < (startDate as string) ? 'bad' : 'ok';
          const before = await count('edition');
          const response = await t.gql(`mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id } }`, {
            input: {
              number: value, title, hostCity, hostCountry: country.value, startDate, endDate, timeZone: zone.value, generalTheme,
              suggestionDeadline: suggestionDeadline?.value, participationDeadline: participationDeadline?.value,
            },
          }, { token: admin });
          if (!judge(response, [number.verdict, t1.verdict, h1.verdict, g1.verdict, country.verdict, datesVerdict, zone.verdict, deadlineVerdict(suggestionDeadline), deadlineVerdict(participationDeadline)])) {
            expect(await count('edition')).toBe(before);
            return;
          }
          if (number.value === 'fresh') fresh = value as number;
          const { edition } = await gqlOk(`query ($n: Int!) { edition(number: $n) { id title ${LOCALIZED} hostCity ${LOCALIZED} hostCountry startDate endDate timeZone
            generalTheme ${LOCALIZED} suggestionDeadline participationDeadline status committees { country } } }`, { n: value });
          expect(edition).toEqual({
            id: response.data.createEdition.id, title: asRead(t1.stored), hostCity: asRead(h1.stored), hostCountry: country.value, startDate, endDate,
            timeZone: zone.value, generalTheme: asRead(g1.stored), suggestionDeadline: suggestionDeadline?.at == null ? null : expect.any(String),
            participationDeadline: participationDeadline?.at == null ? null : expect.any(String), status: 'PLANNING', committees: [{ country: 'FR' }, { country: 'JP' }],
          });
          expect(sameInstant(edition.suggestionDeadline, suggestionDeadline?.at ?? null) && sameInstant(edition.participationDeadline, participationDeadline?.at ?? null)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('updateEdition (the quorum share)', async () => {
    const { createEdition } = await gqlOk(`mutation { createEdition(input: { number: 1000, title: { fr: "Quorum" }, hostCity: { fr: "Metz" }, hostCountry: FR,
      startDate: "2030-01-01", endDate: "2030-01-02", timeZone: "Europe/Paris" }) { id } }`);
    const share = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -10, max: 110 }).map((k) => k / 100) },
      { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
      { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(1e-7, 5e-324, 0.005, 0.015, 1.0000000001, 0.1 + 0.2, 1e21, 0.29, 1) },
    );
    await check(
      fc.asyncProperty(share, async (quorumShare) => {
        const { edition: before } = await gqlOk(`{ edition(number: 1000) { version quorumShare } }`);
        // Stored as numeric(3, 2): a number is kept exactly when it is one of 0.01, 0.02 ... 1.
        const hundredths = Math.round(quorumShare * 100);
        const exact = quorumShare > 0 && quorumShare <= 1 && hundredths / 100 === quorumShare;
        const response = await t.gql(`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { version } }`,
          { input: { id: createEdition.id, expectedVersion: before.version, quorumShare } }, { token: admin });
        const accepted = judge(response, [exact ? 'ok' : 'invalid']);
        const { edition: after } = await gqlOk(`{ edition(number: 1000) { version quorumShare } }`);
        expect(after).toEqual(accepted ? { version: before.version + 1, quorumShare } : before);
      }),
      { numRuns: RUNS },
    );
  });

  it('free strings: a token label, a search, a login', async () => {
    await check(
      fc.asyncProperty(text, fc.oneof(fc.integer({ min: 1, max: 366 }), fc.constantFrom<unknown>(0, -1, 367, 1.5, 2 ** 31, '30')), async (value, days) => {
        const daysVerdict: Verdict = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 366 ? 'ok' : 'invalid';
        const labelVerdict: Verdict = trimmed(value) && textIsValid(value, 100) ? 'ok' : 'invalid';
        const issued = await t.gql(`mutation ($label: String!, $days: Int!) { createPersonalToken(label: $label, expiresInDays: $days) { details { id label } } }`,
          { label: value, days }, { token: admin });
        if (judge(issued, [labelVerdict, daysVerdict])) {
          const { viewer } = await gqlOk(`{ viewer { tokens { id label } } }`);
          expect(viewer.tokens).toContainEqual({ id: issued.data.createPersonalToken.details.id, label: trimmed(value) });
        }
        const search = await t.gql(`query ($s: String) { localAuthorities(search: $s) { id } }`, { s: value });
        if (judge(search, [textIsValid(value, 200) ? 'ok' : 'invalid'])) expect(Array.isArray(search.data.localAuthorities)).toBe(true);
        // Nobody has such an email: a well-formed one is a failed login, a malformed one (not an address) bad input.
        // The failed-login throttle (test/hardening.test.ts) would refuse this address after 50 runs.
        await t.db.query('DELETE FROM login_throttle');
        const login = await t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: value, p: value });
        expect(login.status).toBeLessThan(500);
        expect(codes(login)).toEqual([textIsValid(value, 254) && isEmail(value.trim()) ? 'UNAUTHENTICATED' : 'BAD_USER_INPUT']);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('what the fuzzing stored', () => {
  it('reads back whole, and publishes and exports without an error', async () => {
    const full = await t.gql(`{ edition(number: 8) {
      days { date sessions { id title { fr } startsAt endsAt room { name { fr } } speakers { displayName } themes { status }
        workshops { title { ja } moderators { displayName } localAuthorities { name { fr } } } } }
      programIssues { kind sessionIds workshopIds message { fr ja } } history(limit: 500) { action entityType changes }
      themes { title { fr } tally { outcome } } suggestions { title { fr } } participations { delegates { name } }
      meetings { title { fr } agenda { position } } } editions { number startDate timeZone } }`, {}, { token: admin });
    expect(full.errors).toBeUndefined();
    expect(full.data.edition.days.length).toBeGreaterThan(4);
    const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { version changes { kind } } }`, { id: pool.eighthId }, { token: admin });
    expect(published.errors).toBeUndefined();
    for (const file of ['program.json', 'program.ics', 'program.xml', 'program.html', 'program.html?locale=ja']) {
      const response = await fetch(`${t.app.origin}/editions/8/${file}`);
      expect([file, response.status]).toEqual([file, 200]);
    }
  });
});

// Each of these failed before the fix named: the properties above found them, these keep them found.
describe('found by fuzzing', () => {
  const CREATE_SESSION = `mutation ($input: CreateSessionInput!) { createSession(input: $input) { id title { fr } } }`;
  const session = (over: Record<string, unknown> = {}) => ({
    editionId: pool.eighthId, kind: 'PLENARY', title: { fr: 'Séance' }, startsAt: '2024-11-19T09:00:00Z', endsAt: '2024-11-19T10:00:00Z', ...over,
  });
  const refused = (response: GraphQLResponse, code: string, field?: string) => {
    expect(response.status).toBeLessThan(500);
    expect(codes(response).length).toBeGreaterThan(0);
    expect(new Set(codes(response))).toEqual(new Set([code]));
    if (field) expect(response.errors![0].extensions!.fields.map((f: { field: string }) => f.field)).toContain(field);
  };

  it('counts characters, not UTF-16 units: 300 × 𠮷 (a kanji of family names) is a title of 300 characters', async () => {
    const title = '𠮷'.repeat(300);
    const created = await t.gql(CREATE_SESSION, { input: session({ title: { fr: title } }) }, { token: admin });
    expect(created.errors).toBeUndefined();
    expect(created.data.createSession.title.fr).toBe(title);
    refused(await t.gql(CREATE_SESSION, { input: session({ title: { fr: '𠮷'.repeat(301) } }) }, { token: admin }), 'BAD_USER_INPUT', 'input.title');
  });

  it('refuses half a surrogate pair in a text, an email or a name (PostgreSQL refused or mangled it; isEmail threw)', async () => {
    refused(await t.gql(CREATE_SESSION, { input: session({ title: { fr: 'Séance \uD800' } }) }, { token: admin }), 'BAD_USER_INPUT', 'input.title');
    refused(await t.gql(`mutation ($input: SubmitParticipationInput!) { submitParticipation(input: $input) { id } }`, {
      input: { editionId: pool.eighthId, localAuthorityId: pool.authorities[0], attendsSteeringMeeting: true, delegates: [{ name: 'Délégué', email: 'a@example.org\uD800' }] },
    }, { token: admin }), 'BAD_USER_INPUT', 'input.delegates.0.email');
    refused(await t.gql(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: { displayName: 'Zoé \uDC00', email: 'zoe\uD800@example.net', role: 'COMMITTEE', password: 'long enough password' },
    }, { token: admin }), 'BAD_USER_INPUT', 'input.email');
  });

  it('refuses a date of the year 0, which PostgreSQL has not', async () => {
    const response = await t.gql(`mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id } }`, {
      input: { number: 999, title: { fr: 'An zéro' }, hostCity: { fr: 'Rome' }, hostCountry: 'FR', startDate: '0000-01-01', endDate: '0001-01-01', timeZone: 'UTC' },
    }, { token: admin });
    refused(response, 'BAD_USER_INPUT');
  });

  it('keeps every instant a date of four digits in every time zone, and writes its year with four digits', async () => {
    refused(await t.gql(CREATE_SESSION, { input: session({ startsAt: '9999-12-31T00:00:00Z', endsAt: '9999-12-31T01:00:00Z' }) }, { token: admin }), 'BAD_USER_INPUT');
    const early = await t.gql(CREATE_SESSION, { input: session({ startsAt: '0099-05-05T00:00:00Z', endsAt: '0099-05-05T01:00:00Z' }) }, { token: admin });
    expect(early.errors).toBeUndefined();
    const { edition } = await gqlOk(`{ edition(number: 8) { days { date sessions { id } } } }`);
    expect(edition.days.find((day: any) => day.sessions.some((s: any) => s.id === early.data.createSession.id)).date).toBe('0099-05-05');
  });

  it('refuses a quorum share that prints with an exponent (class-validator threw on 1e-7)', async () => {
    const { edition } = await gqlOk(`{ edition(number: 7) { id version } }`);
    refused(await t.gql(`mutation ($input: UpdateEditionInput!) { updateEdition(input: $input) { id } }`,
      { input: { id: edition.id, expectedVersion: edition.version, quorumShare: 1e-7 } }, { token: admin }), 'BAD_USER_INPUT', 'input.quorumShare');
  });

  it('refuses control characters in a search, a login and a token label (NUL reached PostgreSQL; a bell was stored)', async () => {
    refused(await t.gql(`{ localAuthorities(search: "Aix\\u0000") { id } }`), 'BAD_USER_INPUT', 'search');
    refused(await t.gql(`mutation { login(email: "admin@example.org\\u0000", password: "x") { token } }`), 'BAD_USER_INPUT', 'email');
    refused(await t.gql(`mutation { createPersonalToken(label: "nightly\\u0000") { token } }`, {}, { token: admin }), 'BAD_USER_INPUT', 'label');
    refused(await t.gql(`mutation { createPersonalToken(label: "nightly\\u0007") { token } }`, {}, { token: admin }), 'BAD_USER_INPUT', 'label');
  });

  it("takes an empty id for an id that names nothing, not for one left out (it reached PostgreSQL, or was ignored)", async () => {
    refused(await t.gql(CREATE_SESSION, { input: session({ speakerIds: [''] }) }, { token: admin }), 'NOT_FOUND');
    refused(await t.gql(CREATE_SESSION, { input: session({ roomId: '' }) }, { token: admin }), 'NOT_FOUND');
    refused(await t.gql(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`, {
      input: { editionId: pool.eighthId, committeeId: '', title: { fr: 'Réunion' }, startsAt: '2024-07-01T10:00:00Z', endsAt: '2024-07-01T11:00:00Z' },
    }, { token: admin }), 'NOT_FOUND');
    refused(await t.gql(`mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`, {
      input: { displayName: 'Sans commune', email: 'empty-id@example.net', role: 'COMMITTEE', localAuthorityId: '', password: 'long enough password' },
    }, { token: admin }), 'BAD_USER_INPUT', 'input.localAuthorityId');
    const { createWorkshop } = await gqlOk(`mutation ($s: ID!) { createWorkshop(input: { sessionId: $s, title: { fr: "Atelier" } }) { id version } }`, { s: pool.workshopsSession });
    refused(await t.gql(`mutation ($id: ID!, $v: Int!) { updateWorkshop(input: { id: $id, expectedVersion: $v, sessionId: "" }) { id } }`,
      { id: createWorkshop.id, v: createWorkshop.version }, { token: admin }), 'NOT_FOUND');
    const { scheduleMeeting } = await gqlOk(`mutation ($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id version agenda { id } } }`, {
      input: { editionId: pool.eighthId, title: { fr: 'Réunion' }, startsAt: '2024-07-01T10:00:00Z', endsAt: '2024-07-01T11:00:00Z', agenda: [{ title: { fr: 'Un' } }, { title: { fr: 'Deux' } }] },
    });
    refused(await t.gql(`mutation ($m: ID!, $v: Int!, $ids: [ID!]!) { reorderAgenda(meetingId: $m, expectedVersion: $v, itemIds: $ids) { id } }`,
      { m: scheduleMeeting.id, v: scheduleMeeting.version, ids: ['', scheduleMeeting.agenda[0].id] }, { token: admin }), 'BAD_USER_INPUT', 'itemIds');
  });

  it('exports to iCalendar a session before 1970 (the ics library refused its timestamp: HTTP 500)', async () => {
    const created = await t.gql(CREATE_SESSION, { input: session({ startsAt: '1969-07-20T20:17:40Z', endsAt: '1969-07-20T21:17:40Z' }) }, { token: admin });
    expect(created.errors).toBeUndefined();
    await gqlOk(`mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: pool.eighthId });
    const response = await fetch(`${t.app.origin}/editions/8/program.ics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('DTSTART:19690720T201740Z');
  });

  it('logs and masks a validator that throws, under the request id (the formatter threw on it: nothing logged, no id)', () => {
    const lines: string[] = [];
    const format = createErrorFormatter(pino({ level: 'error' }, { write: (line: string) => lines.push(line) }));
    const thrown = new URIError('URI malformed');
    // type-graphql hands over what the validator threw in place of the list of validation errors.
    const error = new GraphQLError('Argument Validation Error', { originalError: new ArgumentValidationError(thrown as never), path: ['submitParticipation'] });
    const formatted = runInScope(newScope('req-42', Locale.EN), () => format(error.toJSON(), error));
    expect(formatted).toMatchObject({ message: 'Internal server error (request req-42)', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' } });
    expect(lines.map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ requestId: 'req-42', err: expect.objectContaining({ message: 'URI malformed' }) })]);
  });
});
