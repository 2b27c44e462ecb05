import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';

/** The server the tests use: DATABASE_URL, or the embedded PostgreSQL that the global setup started (with its password). */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the global setup should have started a server');
  return url;
}

/** The address of one database of the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The test file's name in the names of its databases, so that a database left behind says where it came from. */
function testFileName(): string {
  const testPath = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath;
  return testPath ? path.basename(testPath).replace(/\.test\.ts$/, '').replace(/\W/g, '_').toLowerCase().slice(0, 30) : 'x';
}

/** A new, empty database of its own for one test file. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  // The process too: a test can tell its own databases from those of other runs on a shared server.
  const name = `test_${testFileName()}_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
