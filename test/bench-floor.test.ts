import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Floor, startFloor } from '../scripts/bench/floor';
import { startTestApp, TestApp } from './helpers/app';

// The benchmark's floor must answer what the service answers, or the ratios in BENCHMARKS.md compare
// different work: its one SQL statement gives the same JSON as the full draft programme's `data`.

const QUERY = readFileSync(path.join(__dirname, '..', 'bench', 'full-program.graphql'), 'utf8');

let t: TestApp;
let floor: Floor;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  floor = await startFloor(t.databaseUrl);
});

afterAll(async () => {
  await floor?.close();
  await t?.close();
});

test("the floor's JSON equals the service's full draft programme at the demo size, order included", async () => {
  const member = await t.login('member1.fr@example.org');
  const service = await t.gql(QUERY, { number: 8 }, { token: member });
  expect(service.errors).toBeUndefined();
  expect(service.data.edition.days.length).toBeGreaterThan(0);

  const response = await fetch(`${floor.origin}/program?number=8`);
  expect(response.status).toBe(200);
  const json = await response.json();
  expect(json).toEqual(service.data);
  // toEqual ignores the order of keys; the text does not.
  expect(JSON.stringify(json)).toBe(JSON.stringify(service.data));
});

test('for an edition that does not exist, the floor answers as the service does', async () => {
  const member = await t.login('member1.fr@example.org');
  const service = await t.gql(QUERY, { number: 99 }, { token: member });
  expect(service.errors).toBeUndefined();
  expect(service.data).toEqual({ edition: null });

  const response = await fetch(`${floor.origin}/program?number=99`);
  expect(response.status).toBe(200);
  expect(JSON.stringify(await response.json())).toBe(JSON.stringify(service.data));
});
