import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/db/embedded';

// An embedded PostgreSQL in a process of its own, for tests that stop and restart the database
// (inside the test runner, the ESM-only package cannot be loaded). Usage:
//   node dist/test/helpers/embedded-server.js <dataDir> [port]   → prints "url=<url>", stops on SIGTERM.
async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const database = await startEmbeddedPostgres(dataDir, pino({ level: 'silent' }), { port: port ? Number(port) : undefined });
  process.stdout.write(`url=${database.url}\n`);
  const stop = () => void database.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
