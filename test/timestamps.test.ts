import { Client } from 'pg';
import parsePostgresDate from 'postgres-date';
import { parseTimestamptz } from '../src/db/timestamps';
import { createTestDatabase } from './helpers/database';

// The fast reading of timestamptz against pg's own parser, on text that PostgreSQL itself wrote in
// zones with whole-hour, half-hour, quarter-hour and (historically) odd-second offsets.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let client: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

const ZONES = ['UTC', 'Asia/Tokyo', 'Europe/Paris', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Monrovia', 'Pacific/Chatham'];

it('reads what PostgreSQL writes exactly as postgres-date does, from 4713 BC to 294276 AD', async () => {
  let fast = 0;
  for (const zone of ZONES) {
    await client.query(`SET TIME ZONE '${zone}'`);
    const { rows } = await client.query<{ text: string }>(`
      SELECT t::text AS text FROM (
        SELECT timestamptz '1000-01-01 00:00:00+00' + random() * (timestamptz '9999-12-31 00:00:00+00' - timestamptz '1000-01-01 00:00:00+00') AS t
          FROM generate_series(1, 1500)
        UNION ALL SELECT timestamptz '1850-01-01 00:00:00+00' + random() * interval '150 years' FROM generate_series(1, 500)
        UNION ALL SELECT timestamptz '2024-11-18 10:00:00+09' + (n * interval '1 minute 0.000123 second') FROM generate_series(1, 200) AS n
        UNION ALL SELECT unnest(ARRAY[timestamptz '0001-01-01 00:00:00+00', timestamptz '0099-12-31 23:59:59.999999+00',
          timestamptz '0999-06-01 12:00:00+00', timestamptz '1000-01-01 00:00:00+00', timestamptz '4713-01-01 00:00:00+00 BC',
          timestamptz '0044-03-15 12:00:00+00 BC', timestamptz '12345-01-01 00:00:00+00', timestamptz '294276-12-31 00:00:00+00',
          timestamptz 'infinity', timestamptz '-infinity', timestamptz '2024-01-01 00:00:00.1+00', timestamptz '2024-01-01 00:00:00.999999+00'])
      ) s`);
    for (const { text } of rows) {
      const expected = parsePostgresDate(text);
      const got = parseTimestamptz(text);
      expect([text, got instanceof Date ? got.getTime() : got]).toEqual([text, expected instanceof Date ? expected.getTime() : expected]);
      if (/^[1-9]\d{3}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d){0,2}$/.test(text)) fast += 1;
    }
  }
  // Most of them took the fast path, which is then what was compared.
  expect(fast).toBeGreaterThan(ZONES.length * 2000);
});
