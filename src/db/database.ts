import { Pool, PoolClient, types } from 'pg';
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { migrations } from '../../migrations';
import type { Logger } from '../logger';
import { SnakeNamingStrategy } from './naming';
import { CountingSqlLogger } from './statement-count';
import { parseTimestamptz } from './timestamps';

// A calendar date stays 'YYYY-MM-DD': parsing it into a JS Date would shift it by the server's zone.
types.setTypeParser(types.builtins.DATE, (value) => value);
// bigint ids (the audit trail) fit in a string without loss.
types.setTypeParser(types.builtins.INT8, (value) => value);
types.setTypeParser(types.builtins.TIMESTAMPTZ, parseTimestamptz);

/** The entity classes of the modules, as their registry lists them (src/modules/index.ts). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/** The one description of our database, used by the service and by the TypeORM CLI (ormconfig.ts). */
export function dataSourceOptions(url: string, entities: EntityList, logger?: TypeOrmLogger, limits: StatementLimits = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger,
    logging: logger ? ['query', 'error', 'warn'] : false,
    extra: {
      max: 10,
      connectionTimeoutMillis: 5_000,
      application_name: 'rencontres-programme',
      // Set on each connection as it opens: no statement, lock wait included, runs longer; a
      // transaction left idle (its client gone) does not hold its locks longer either.
      ...(limits.statementTimeoutMs ? {
        statement_timeout: limits.statementTimeoutMs,
        idle_in_transaction_session_timeout: limits.statementTimeoutMs * 2,
      } : {}),
    },
  };
}

export interface StatementLimits {
  /** Unset: no limit (migrations, the command line). */
  statementTimeoutMs?: number;
}

export function createDataSource(url: string, entities: EntityList, log: Logger, limits: StatementLimits = {}): DataSource {
  return new DataSource(dataSourceOptions(url, entities, new CountingSqlLogger(log), limits));
}

/**
 * A pooled connection cut by the server while checked out between two statements emits 'error' with
 * no listener, which would end the process. The statement that next uses it fails (and is answered as
 * SERVICE_UNAVAILABLE); the event itself only needs noting.
 */
function quietCutConnections(dataSource: DataSource, log: Logger): void {
  const pool = (dataSource.driver as PostgresDriver).master as Pool & { _clients?: PoolClient[] };
  const listen = (client: PoolClient) => client.on('error', (error) => log.debug({ err: error }, 'database connection cut'));
  for (const client of pool._clients ?? []) listen(client);
  pool.on('connect', listen);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions extends StatementLimits {
  /** Give up after this long; undefined retries for ever. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Connects, retrying with exponential backoff while the server does not answer, then migrates. */
export async function openDatabase(url: string, entities: EntityList, log: Logger, options: RetryOptions = {}): Promise<DataSource> {
  const started = Date.now();
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    let dataSource = createDataSource(url, entities, log);
    try {
      await dataSource.initialize();
      quietCutConnections(dataSource, log);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) log.info({ migration: migration.name }, 'migration applied');
      if (!options.statementTimeoutMs) return dataSource;
      // Migrations may take long; the service's statements may not: it gets connections of its own.
      await dataSource.destroy();
      dataSource = createDataSource(url, entities, log, options);
      await dataSource.initialize();
      quietCutConnections(dataSource, log);
      return dataSource;
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      const elapsed = Date.now() - started;
      if (options.signal?.aborted || (options.timeoutMs !== undefined && elapsed + delay > options.timeoutMs)) throw error;
      log.warn({ attempt, retryInMs: delay, error: (error as Error).message }, 'database not reachable; retrying');
      await sleep(delay);
      delay = Math.min(delay * 2, 10_000);
    }
  }
}
