import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, TestApp } from './helpers/app';

// The committees' full programme query, as the benchmark runs it (a copy of ../shared/bench/).
const FULL_PROGRAM = readFileSync(path.join(__dirname, '..', 'bench', 'full-program.graphql'), 'utf8');

let demo: TestApp;
let fiveTimes: TestApp;
beforeAll(async () => {
  [demo, fiveTimes] = await Promise.all([startTestApp({ demo: true }), startTestApp({ demo: true, scale: 5 })]);
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
  it('is the copy of the shared benchmark query', () => {
    const shared = path.resolve(__dirname, '..', '..', 'shared', 'bench', 'full-program.graphql');
    if (existsSync(shared)) expect(FULL_PROGRAM).toBe(readFileSync(shared, 'utf8'));
  });

  it('costs the same, small number of SQL statements at the demo size and at five times it', async () => {
    const small = await statements(demo);
    const large = await statements(fiveTimes);
    expect(large.sessions).toBe(small.sessions * 5);
    expect(large.workshops).toBe(small.workshops * 5);
    expect(large.count).toBe(small.count);
    expect(small.count).toBeLessThanOrEqual(20);
  });
});
