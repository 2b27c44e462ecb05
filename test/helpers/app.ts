import { Client } from 'pg';
import { Config, loadConfig } from '../../src/config';
import { loadDemo } from '../../src/demo/demo';
import { createLogger } from '../../src/logger';
import { App, startApp } from '../../src/server/app';
import { createTestDatabase } from './database';
import { CallOptions, codes, dataOf, gql as call, GraphQLResponse } from './graphql';

export { codes };
export type { GraphQLResponse };

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

export const DEMO_PASSWORD = 'test-demo-password-2024';

export interface TestApp {
  app: App;
  url: string;
  /** A client of the service's own database, to check what it holds. */
  db: Client;
  databaseUrl: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: CallOptions): Promise<GraphQLResponse<T>>;
  /** The data of a call that must succeed (it throws otherwise): for the steps that prepare a test. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, options?: CallOptions): Promise<T>;
  login(email: string, password?: string): Promise<string>;
  /** The clock that the service's rules read; tests may move it. */
  clock: { now: Date };
  /** Runs `work` with the service's clock at `instant`, then puts the clock back. */
  at<T>(instant: Date, work: () => Promise<T>): Promise<T>;
  /** Another instance of the service on the same database (reached through `databaseUrl` when given), with `config` changes. */
  startAnotherInstance(options?: { databaseUrl?: string; config?: Partial<Config> }): Promise<App>;
  close(): Promise<void>;
}

/**
 * Starts the real service on a free port, on a database of its own, with the demo data when asked
 * (`showcase`: with the release 0.1 and the sample 9th edition that `npm start` shows as well).
 * A start that fails drops its database and stops what it started, then throws the start's error.
 */
export async function startTestApp(
  options: { demo?: boolean; showcase?: boolean; scale?: number; logLines?: string[]; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  try {
    return await startOn(database, options);
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function startOn(database: TestDatabase, options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const config = { ...loadConfig({ PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), databaseUrl: database.url, ...options.config };
  const clock = { now: new Date('2024-06-01T00:00:00Z') };
  // Tests that read the log pass `logLines`: every line is kept there, as the service writes it (redacted).
  const log = options.logLines
    ? createLogger('info', { write: (line: string) => void options.logLines!.push(line) })
    : createLogger(config.logLevel);
  const start = (prepare?: Parameters<typeof startApp>[0]['prepare'], databaseUrl = database.url, changes: Partial<Config> = {}) =>
    startApp({ config: { ...config, ...changes }, log, databaseUrl, now: () => new Date(clock.now), prepare });
  const app = await start(options.demo ? (ds) => loadDemo(ds, DEMO_PASSWORD, { scale: options.scale, showcase: options.showcase ?? false }).then(() => undefined) : undefined);
  try {
    await app.ready;
  } catch (error) {
    await app.close();
    throw error;
  }
  const others: App[] = [];
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const url = `${app.origin}/graphql`;

  const gql: TestApp['gql'] = (query, variables, opts) => call(url, query, variables, opts);

  return {
    app,
    url,
    db,
    databaseUrl: database.url,
    gql,
    ok: async (query, variables, opts) => dataOf(await gql(query, variables, opts), query),
    clock,
    async login(email, password = DEMO_PASSWORD) {
      const result = await gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
      if (!result.data?.login) throw new Error(`login of ${email} failed: ${JSON.stringify(result.errors)}`);
      return result.data.login.token as string;
    },
    async at(instant, work) {
      const saved = clock.now;
      clock.now = instant;
      try {
        return await work();
      } finally {
        clock.now = saved;
      }
    },
    async startAnotherInstance(options = {}) {
      const other = await start(undefined, options.databaseUrl, options.config);
      others.push(other);
      await other.ready;
      return other;
    },
    async close() {
      // The database goes whatever else fails on the way.
      try {
        await db.end();
        for (const other of others) await other.close();
        await app.close();
      } finally {
        await database.drop();
      }
    },
  };
}
