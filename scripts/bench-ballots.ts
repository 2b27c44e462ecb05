import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { issueToken } from '../src/auth/tokens';
import { CommitteeRole, Locale, UserRole } from '../src/common/enums';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { CommitteeMember } from '../src/modules/editions/committee.entity';
import { Person } from '../src/modules/people/person.entity';
import { startApp } from '../src/server/app';

// A burst of concurrent ballots against the real service, on a database of its own:
//
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node dist/scripts/bench-ballots.js
//
// BENCH_VOTERS (default 200, split between the two committees) and BENCH_CONCURRENCY (default 32
// requests in flight). Without DATABASE_URL, a throw-away embedded PostgreSQL. Prints throughput and
// latency of first ballots and of replacements, beside the raw-SQL floor (the same guarded upsert sent
// straight to PostgreSQL, with no HTTP, GraphQL, authentication nor audit row) and an authenticated
// query that writes nothing (what HTTP, GraphQL and the token lookup cost), and checks that the
// database holds exactly one ballot per voter. Exit code 1 if it does not. The requests come from the
// same Node process as the service: the figures are those of both together on this machine.

const VOTERS = positive('BENCH_VOTERS', 200);
const CONCURRENCY = positive('BENCH_CONCURRENCY', 32);

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number above 0, got "${raw}"`);
  return value;
}

interface Figures {
  label: string;
  unit: string;
  count: number;
  seconds: number;
  latencies: number[];
  failures: string[];
}

/** Runs `work` once per item, with at most `concurrency` at a time; times each. */
async function burst<T>(label: string, items: T[], concurrency: number, work: (item: T) => Promise<void>, unit = 'ballots'): Promise<Figures> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = performance.now();
        try {
          await work(item);
        } catch (error) {
          failures.push((error as Error).message);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { label, unit, count: items.length, seconds: (performance.now() - started) / 1000, latencies, failures };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function report(f: Figures): string {
  const sorted = [...f.latencies].sort((a, b) => a - b);
  return `${f.label.padEnd(44)} ${String(Math.round(f.count / f.seconds)).padStart(6)} ${f.unit}/s   p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms` +
    (f.failures.length ? `   ${f.failures.length} FAILED (${f.failures[0]})` : '');
}

async function main(): Promise<void> {
  const log = createLogger((process.env.LOG_LEVEL as never) || 'warn');
  let serverUrl = process.env.DATABASE_URL;
  let embedded: { stop(): Promise<void> } | undefined;
  let embeddedDir: string | undefined;
  if (!serverUrl) {
    embeddedDir = mkdtempSync(path.join(tmpdir(), 'rfj-bench-pg-'));
    const database = await startEmbeddedPostgres(embeddedDir, log);
    embedded = database;
    serverUrl = database.url;
  }

  // A fresh database of its own, dropped at the end.
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: 'warn' }), databaseUrl };
  const app = await startApp({ config, log, databaseUrl });
  try {
    await app.ready;
    const ds = app.dataSource()!;
    const endpoint = `${app.origin}/graphql`;
    const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      if (body.errors) throw new Error(`${body.errors[0].extensions?.code}: ${body.errors[0].message}`);
      return body.data;
    };

    // People and tokens are written straight to the database: only the ballots are measured.
    const expiresAt = new Date(Date.now() + 86_400_000);
    const person = (role: UserRole, i: number) =>
      ds.manager.create(Person, {
        displayName: `Bench ${role} ${i}`, email: `bench.${role.toLowerCase()}.${i}@example.net`, role, preferredLocale: Locale.FR,
        localAuthorityId: null, passwordHash: null,
      });
    const organiser = person(UserRole.ADMIN, 0);
    await ds.manager.insert(Person, organiser);
    const { token: adminToken } = await issueToken(ds.manager, organiser.id, 'bench', expiresAt);

    const { createEdition } = await gql(
      `mutation ($input: CreateEditionInput!) { createEdition(input: $input) { id committees { id country } } }`,
      { input: { number: 99, title: { fr: 'Banc d’essai', ja: 'ベンチマーク' }, hostCity: { fr: 'Shizuoka', ja: '静岡市' }, hostCountry: 'JP',
        startDate: '2030-11-18', endDate: '2030-11-21', timeZone: 'Asia/Tokyo' } },
      adminToken,
    );
    const committees: Array<{ id: string; country: string }> = createEdition.committees;

    const voters = Array.from({ length: VOTERS }, (_, i) => person(UserRole.COMMITTEE, i + 1));
    await ds.manager.insert(Person, voters);
    await ds.manager.insert(CommitteeMember, voters.map((voter, i) => ({
      committeeId: committees[i % 2].id, personId: voter.id, role: i < 2 ? CommitteeRole.PRESIDENT : CommitteeRole.MEMBER,
    })));
    const tokens = await Promise.all(voters.map(async (voter) => (await issueToken(ds.manager, voter.id, 'bench', expiresAt)).token));

    const openVote = async (title: string): Promise<string> => {
      const { proposeTheme } = await gql(`mutation ($input: ProposeThemeInput!) { proposeTheme(input: $input) { id } }`,
        { input: { editionId: createEdition.id, title: { fr: title } } }, adminToken);
      await gql(`mutation ($id: ID!) { openThemeVote(themeId: $id) { id } }`, { id: proposeTheme.id }, adminToken);
      return proposeTheme.id;
    };
    const ballotsOn = async (themeId: string): Promise<{ n: number; voters: number }> =>
      (await ds.query(`SELECT count(*)::int AS n, count(DISTINCT voter_id)::int AS voters FROM ballot WHERE theme_id = $1`, [themeId]))[0];

    const CAST = `mutation ($input: CastBallotInput!) { castBallot(input: $input) { id } }`;
    const themeId = await openVote('Thème du banc d’essai');
    const indexes = voters.map((_, i) => i);
    // A short warm-up on another theme, so that the first figures do not include the service's own start.
    const warmUp = await openVote('Échauffement');
    const warm = await burst('warm-up', indexes.slice(0, Math.min(20, VOTERS)), CONCURRENCY, (i) => gql(CAST, { input: { themeId: warmUp, choice: 'FOR' } }, tokens[i]));
    if (warm.failures.length) throw new Error(`the warm-up failed: ${warm.failures[0]}`);

    const first = await burst(`castBallot via GraphQL, first ballots`, indexes, CONCURRENCY, (i) =>
      gql(CAST, { input: { themeId, choice: i % 3 ? 'FOR' : 'AGAINST' } }, tokens[i]));
    const afterFirst = await ballotsOn(themeId);
    const replaced = await burst(`castBallot via GraphQL, replacements`, indexes, CONCURRENCY, (i) =>
      gql(CAST, { input: { themeId, choice: i % 3 ? 'AGAINST' : 'ABSTAIN', comment: 'changé' } }, tokens[i]));
    const afterReplace = await ballotsOn(themeId);

    // What any authenticated request costs here (HTTP, GraphQL, token lookup), whatever it does.
    const viewer = await burst('authenticated `viewer` query (no ballot)', indexes, CONCURRENCY, async (i) => {
      await gql(`{ viewer { person { id } } }`, {}, tokens[i]);
    }, 'queries');

    // The floor: the service's own guarded upsert, sent straight to PostgreSQL by a pool of the same size as the service's.
    const floorTheme = await openVote('Plancher SQL');
    const pool = new Pool({ connectionString: databaseUrl, max: 10 });
    const floor = await burst('raw SQL floor (the same upsert, no HTTP)', indexes, CONCURRENCY, async (i) => {
      const { rowCount } = await pool.query(
        `INSERT INTO ballot (theme_id, voter_id, committee_id, choice, comment, cast_at)
         SELECT t.id, $2::uuid, $3::uuid, $4::text, NULL, now() FROM theme t
          WHERE t.id = $1::uuid AND t.status = 'VOTING' AND (t.voting_closes_at IS NULL OR t.voting_closes_at > now())
            FOR SHARE OF t
         ON CONFLICT (theme_id, voter_id) DO UPDATE SET choice = EXCLUDED.choice, cast_at = EXCLUDED.cast_at
         RETURNING id`,
        [floorTheme, voters[i].id, committees[i % 2].id, 'FOR'],
      );
      if (rowCount !== 1) throw new Error('the floor upsert wrote nothing');
    });
    await pool.end();

    console.log(`${VOTERS} voters (${Math.ceil(VOTERS / 2)} French, ${Math.floor(VOTERS / 2)} Japanese), ${CONCURRENCY} requests in flight, PostgreSQL pool of 10`);
    for (const figures of [first, replaced, viewer, floor]) console.log(report(figures));
    const { theme } = await gql(`query ($id: ID!) { theme(id: $id) { tally { committees { eligible for against abstain } } } }`, { id: themeId }, adminToken);
    console.log(`tally after the replacements: ${JSON.stringify(theme.tally.committees)}`);

    const problems: string[] = [];
    for (const [when, counted] of [['after the first ballots', afterFirst], ['after the replacements', afterReplace]] as const) {
      if (counted.n !== VOTERS || counted.voters !== VOTERS) problems.push(`${when}: ${counted.n} ballots from ${counted.voters} voters, expected ${VOTERS}`);
      else console.log(`database ${when}: ${counted.n} ballots from ${counted.voters} distinct voters: exactly one each`);
    }
    for (const figures of [first, replaced, viewer, floor]) if (figures.failures.length) problems.push(`${figures.label}: ${figures.failures.length} failed`);
    if (problems.length) {
      console.error(`FAILED: ${problems.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await app.close();
    // The closed pool's backends take a moment to exit; dropping under them would make them log errors.
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
