import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/db/embedded';

// Tests use the server named by DATABASE_URL; without one, a throw-away embedded PostgreSQL.
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rfj-test-pg-'));
  const database = await startEmbeddedPostgres(dataDir, pino({ level: 'warn' }));
  process.env.DATABASE_URL = database.url;
  (globalThis as { __embeddedTestDatabase?: typeof database }).__embeddedTestDatabase = database;
}
