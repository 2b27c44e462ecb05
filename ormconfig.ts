import { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { entities } from './src/db/entities';
import { SnakeNamingStrategy } from './src/db/naming';
import { migrations } from './migrations';

/** The one description of our database, used by the service and by the TypeORM CLI. */
export function dataSourceOptions(url: string, logger?: Logger): DataSourceOptions {
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

// For the CLI: `npx typeorm -d dist/ormconfig.js migration:show`.
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'));
