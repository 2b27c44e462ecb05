import './production-default';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config';
import { loadDemo } from './demo/demo';
import { EmbeddedDatabase, startEmbeddedPostgres, StartFailure } from './db/embedded';
import { createLogger } from './logger';
import { startApp } from './server/app';

const SHUTDOWN_BOUND_MS = 20_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);

  let embedded: EmbeddedDatabase | undefined;
  // An expected failure (port in use, data folder taken...) is one line and exit code 1, with the database stopped.
  const failedStart = async (error: unknown): Promise<never> => {
    await embedded?.stop().catch(() => undefined);
    const told = expectedFailure(error, config);
    if (told === undefined) throw error;
    console.error(told);
    process.exit(1);
  };
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, log).catch(failedStart);
    databaseUrl = embedded.url;
  }

  const demoPassword = config.demoPassword ?? randomBytes(12).toString('base64url');
  const app = await startApp({
    config,
    log,
    databaseUrl,
    prepare: config.demo
      ? async (dataSource) => {
          const loaded = await loadDemo(dataSource, demoPassword, { resetPasswords: config.demoPassword !== undefined });
          if (loaded) {
            console.log(`Demo accounts (admin@example.org, president.fr@example.org, ...) have the password: ${demoPassword}`);
          } else if (!config.demoPassword) {
            console.log('Demo data already present: demo accounts keep the password printed when they were created (set DEMO_PASSWORD to reset it).');
          }
        }
      : undefined,
  }).catch(failedStart);
  console.log(`GraphQL endpoint and explorer: ${app.origin}/graphql`);

  let stopping = false;
  const stop = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    // In-flight requests get the drain's grace period; past this bound the process stops anyway.
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_BOUND_MS).unref();
    try {
      await app.close();
      await embedded?.stop();
      process.exit(exitCode);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));

  try {
    await app.ready;
  } catch {
    await stop('the database could not be prepared', 1);
  }
}

/** The one line that says what to do about an expected failure at start; undefined for any other. */
function expectedFailure(error: unknown, config: { port: number; host: string }): string | undefined {
  if (error instanceof StartFailure) return error.message;
  if ((error as NodeJS.ErrnoException).syscall !== 'listen') return undefined;
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return `Port ${config.port} is in use on ${config.host} (by another instance of the service?): stop that one, or choose another port (PORT=4300 npm start).`;
    case 'EACCES':
      return `Listening on ${config.host}:${config.port} needs privileges this user lacks: choose a port above 1023 (PORT=4300 npm start).`;
    case 'EADDRNOTAVAIL':
      return `HOST ${config.host} is not an address of this machine: choose one it has (HOST=127.0.0.1 npm start).`;
    default:
      return undefined;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
