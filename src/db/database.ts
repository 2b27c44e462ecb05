import { types } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../ormconfig';
import type { Logger } from '../logger';
import { CountingSqlLogger } from './statement-count';
import { parseTimestamptz } from './timestamps';

// A calendar date stays 'YYYY-MM-DD': parsing it into a JS Date would shift it by the server's zone.
types.setTypeParser(types.builtins.DATE, (value) => value);
// bigint ids (the audit trail) fit in a string without loss.
types.setTypeParser(types.builtins.INT8, (value) => value);
types.setTypeParser(types.builtins.TIMESTAMPTZ, parseTimestamptz);

export function createDataSource(url: string, log: Logger): DataSource {
  return new DataSource(dataSourceOptions(url, new CountingSqlLogger(log)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Give up after this long; undefined retries for ever. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Connects, retrying with exponential backoff while the server does not answer, then migrates. */
export async function openDatabase(url: string, log: Logger, options: RetryOptions = {}): Promise<DataSource> {
  const started = Date.now();
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    const dataSource = createDataSource(url, log);
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
