import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { countingProxy, roundTripsOf } from './helpers/counting-proxy';
import { startTestApp, TestApp } from './helpers/app';
import { expectPinnedCopy } from './helpers/copies';
import { post } from './helpers/graphql';

// The committees' full programme query, as the benchmark runs it (a copy of ../shared/bench/).
const FULL_PROGRAM = readFileSync(path.join(__dirname, '..', 'bench', 'full-program.graphql'), 'utf8');

let demo: TestApp;
let fiveTimes: TestApp;
beforeAll(async () => {
  [demo, fiveTimes] = await Promise.all([startTestApp({ demo: true, config: { sqlStatementsHeader: true } }), startTestApp({ demo: true, scale: 5, config: { sqlStatementsHeader: true } })]);
});
afterAll(() => Promise.all([demo?.close(), fiveTimes?.close()]));

async function statements(t: TestApp) {
  const token = await t.login('president.fr@example.org');
  const response = await t.gql(FULL_PROGRAM, { number: 8 }, { token });
  expect(response.errors).toBeUndefined();
  const sessions = response.data.edition.days.flatMap((d: any) => d.sessions);
  return { count: Number(response.headers.get('x-sql-statements')), sessions: sessions.length, workshops: sessions.flatMap((s: any) => s.workshops).length };
}

describe('the full programme query', () => {
  it('is the benchmark query as agreed, valid against the schema served', () => {
    const shared = path.resolve(__dirname, '..', '..', 'shared', 'bench', 'full-program.graphql');
    expectPinnedCopy(path.join(__dirname, '..', 'bench', 'full-program.graphql'), '12057783b46f29e771ee40b8e896be132c47890b40cca22c0deddb371496982f', shared);
    const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
    expect(validate(schema, parse(FULL_PROGRAM)).map((error) => error.message)).toEqual([]);
  });

  it('costs the same, small number of SQL statements at the demo size and at five times it', async () => {
    const small = await statements(demo);
    const large = await statements(fiveTimes);
    expect(large.sessions).toBe(small.sessions * 5);
    expect(large.workshops).toBe(small.workshops * 5);
    expect(large.count).toBe(small.count);
    expect(small.count).toBeLessThanOrEqual(20);
  });

  it('sends the statements that are due together in one round trip, and a failing one fails alone', async () => {
    const proxy = await countingProxy(demo.databaseUrl);
    try {
      const other = await demo.startAnotherInstance({ databaseUrl: proxy.url });
      const token = await demo.login('president.fr@example.org');
      const ask = () => post(other.origin, FULL_PROGRAM, { number: 8 }, { token });
      let response!: Response;
      const roundTrips = await roundTripsOf(proxy, async () => (response = await ask()));
      const statementCount = Number(response.headers.get('x-sql-statements'));
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual((await demo.gql(FULL_PROGRAM, { number: 8 }, { token })).data);
      expect(roundTrips).toBeLessThanOrEqual(statementCount / 2);

      // Rooms are read in the same round trip as other relations: when their statement fails, the rest is answered.
      await demo.db.query('ALTER TABLE room RENAME COLUMN capacity TO seats');
      try {
        const broken = await (await ask()).json();
        expect(broken.errors.length).toBeGreaterThan(0);
        expect(broken.errors.every((e: any) => e.path.at(-1) === 'room' && e.extensions.code === 'INTERNAL_SERVER_ERROR')).toBe(true);
        const sessions = broken.data.edition.days.flatMap((d: any) => d.sessions);
        expect(sessions.every((s: any) => s.room === null)).toBe(true);
        expect(sessions.some((s: any) => s.speakers.length > 0 && s.themes.length > 0)).toBe(true);
      } finally {
        await demo.db.query('ALTER TABLE room RENAME COLUMN seats TO capacity');
      }
    } finally {
      await proxy.close();
    }
  });
});
