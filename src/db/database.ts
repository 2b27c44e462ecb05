import { types } from 'pg';
import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
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
export function dataSourceOptions(url: string, entities: EntityList, logger?: TypeOrmLogger): DataSourceOptions {
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
    },
  };
}

export function createDataSource(url: string, entities: EntityList, log: Logger): DataSource {
  return new DataSource(dataSourceOptions(url, entities, new CountingSqlLogger(log)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Give up after this long; undefined retries for ever. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Connects, retrying with exponential backoff while the server does not answer, then migrates. */
export async function openDatabase(url: string, entities: EntityList, log: Logger, options: RetryOptions = {}): Promise<DataSource> {
  const started = Date.now();
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    const dataSource = createDataSource(url, entities, log);
    try {
      await dataSource.initialize();
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) log.info({ migration: migration.name }, 'migration applied');
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
