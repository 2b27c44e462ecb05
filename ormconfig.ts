import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/db/database';
import { entities } from './src/modules';

// For the CLI: `npx typeorm -d dist/ormconfig.js migration:show`.
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', entities));
