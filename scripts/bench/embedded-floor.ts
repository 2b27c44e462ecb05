import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/db/embedded';

// The start-up floor: Node and the embedded PostgreSQL alone, started as the service starts it
// (DATA_DIR), answering one SQL query over bare HTTP. No migrations, demo data, schema or framework.

async function main(): Promise<void> {
  const database = await startEmbeddedPostgres(process.env.DATA_DIR!, pino({ level: 'warn' }));
  const client = new Client({ connectionString: database.url });
  await client.connect();
  const server = createServer(async (_req, res) => {
    const { rows } = await client.query('SELECT count(*)::int AS databases FROM pg_database');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: rows[0] }));
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`embedded floor listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', async () => {
    server.close();
    await client.end();
    await database.stop();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
