import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import type { App } from '../src/server/app';
import { startTestApp, TestApp } from './helpers/app';
import { gql } from './helpers/graphql';

// Queries run compiled by graphql-jit; graphql-js's executor is the reference. Both instances share one
// database: the same status and data, and the same errors; except that where a null propagates up from
// a failed non-null field, graphql-js reports the first error of the nulled subtree and graphql-jit
// every one of them (both within the specification).

const bench = (file: string) => readFileSync(path.join(__dirname, '..', 'bench', file), 'utf8');

let t: TestApp;
let reference: App;
let president: string;
let anonymousRelease: string;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  reference = await t.startAnotherInstance({ config: { compiledQueries: false } });
  president = await t.login('president.fr@example.org');
  const editionId = (await t.db.query(`SELECT id FROM edition WHERE number = 8`)).rows[0].id;
  const published = await t.gql(`mutation ($id: ID!) { publishProgram(editionId: $id) { version } }`, { id: editionId }, { token: president });
  expect(published.errors).toBeUndefined();
  anonymousRelease = bench('published-program.graphql');
});
afterAll(() => t?.close());

/** The answer of one instance, in French, as a client reads it. */
const ask = async (origin: string, query: string, variables: Record<string, unknown>, token?: string) => {
  const answer = await gql(origin, query, variables, { token, headers: { 'accept-language': 'fr' } });
  return { status: answer.status, body: { data: answer.data, errors: answer.errors as any[] | undefined } };
};

const MIXED = `
  query Mixed($n: Int!, $withThemes: Boolean!, $skipRooms: Boolean!, $locale: Locale = JA) {
    ed: edition(number: $n) {
      ...Bits
      days {
        date
        sessions {
          id kind startsAt
          heading: title { fr ja en text(locale: $locale) missing }
          room @skip(if: $skipRooms) { name { fr } capacity }
          themes @include(if: $withThemes) { id status title { ... on LocalizedText { fr } } }
          workshops { __typename id speakers { displayName localAuthority { kind country } } }
        }
      }
      programIssues { kind sessionIds workshopIds message { fr ja en } }
      themes { id status tally { outcome committees { eligible for against abstain quorumReached majorityFor } } }
    }
    other: edition(number: 99) { number }
    editions { number __typename }
    viewer { person { displayName } memberships { role } }
  }
  fragment Bits on Edition { number timeZone startDate title { fr ja } }`;

const cases: Array<[string, string, Record<string, unknown>, 'president' | 'anonymous']> = [
  ['the full draft programme', bench('full-program.graphql'), { number: 8 }, 'president'],
  ['fragments, aliases, directives, arguments and defaults', MIXED, { n: 8, withThemes: true, skipRooms: false }, 'president'],
  ['the same with the directives flipped', MIXED, { n: 8, withThemes: false, skipRooms: true, locale: 'EN' }, 'president'],
  ['what an anonymous reader may not read: errors with their paths', `{ edition(number: 8) { number sessions { id } themes { id } suggestions { id } } session(id: "not-an-id") { id } }`, {}, 'anonymous'],
  ['a variable of the wrong type', `query ($n: Int!) { edition(number: $n) { number } }`, { n: 'eight' }, 'anonymous'],
  ['the published programme', '', { number: 8 }, 'anonymous'],
  ['introspection, as the explorer sends it', getIntrospectionQuery(), {}, 'anonymous'],
];

/** Whether some field on `path` (the error's own field excepted) is null in `data`: a subtree nulled by propagation. */
function underANull(data: unknown, errorPath: Array<string | number>): boolean {
  let value = data;
  for (const key of errorPath.slice(0, -1)) {
    if (value === null) return true;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value === null;
}

it.each(cases)('%s: the same answer as graphql-js', async (_name, query, variables, who) => {
  const token = who === 'president' ? president : undefined;
  const text = query || anonymousRelease;
  const [compiled, expected] = await Promise.all([ask(t.app.origin, text, variables, token), ask(reference.origin, text, variables, token)]);
  expect(compiled.status).toBe(expected.status);
  expect(compiled.body.data).toEqual(expected.body.data);
  const errors = compiled.body.errors ?? [];
  expect(errors).toEqual(expect.arrayContaining(expected.body.errors ?? []));
  const extra = errors.filter((e: unknown) => !(expected.body.errors ?? []).some((x: unknown) => JSON.stringify(x) === JSON.stringify(e)));
  for (const error of extra) expect([error.path, underANull(compiled.body.data, error.path)]).toEqual([error.path, true]);
  // The cases signed in ask only what the president may read: their answers carry no error at all.
  if (who === 'president') expect(compiled.body.errors).toBeUndefined();
});
