import { createConnection, createServer, Socket } from 'node:net';

// Shared by the benchmark and the tests: they count what reaches PostgreSQL the same way.

export interface CountingProxy {
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url: string;
  /**
   * Round trips seen so far: simple queries ('Q', one or several statements) and executions ('E');
   * only those of connections with one of `applications` as their application_name when given.
   */
  roundTrips(applications?: string[]): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of PostgreSQL that counts the round trips its clients make, whatever they
 * are: for answers that carry no X-SQL-Statements (the exports), and beside that header. Used for
 * checks only, never under load: it would add a hop to every statement.
 */
export async function countingProxy(databaseUrl: string): Promise<CountingProxy> {
  const upstream = new URL(databaseUrl);
  let count = 0;
  const byApplication = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const db = createConnection(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(db);
    let pending = Buffer.alloc(0);
    let startup = true;
    let application = '';
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // The startup packet has no type byte; every later message is a type byte and an int32 length.
      for (;;) {
        const header = startup ? 4 : 5;
        if (pending.length < header) break;
        const length = pending.readInt32BE(startup ? 0 : 1) + (startup ? 0 : 1);
        if (pending.length < length) break;
        if (startup) application = applicationName(pending.subarray(8, length));
        else if (pending[0] === 0x51 || pending[0] === 0x45) {
          count++;
          byApplication.set(application, (byApplication.get(application) ?? 0) + 1);
        }
        pending = pending.subarray(length);
        startup = false;
      }
      db.write(chunk);
    });
    db.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      db.destroy();
    };
    client.on('close', end).on('error', end);
    db.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  const proxy = {
    url: url.toString(),
    roundTrips: (applications?: string[]) => (applications ? applications.reduce((sum, name) => sum + (byApplication.get(name) ?? 0), 0) : count),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return proxy;
}

/** The startup packet's parameters are name\0value\0 pairs. */
function applicationName(parameters: Buffer): string {
  const parts = parameters.toString('utf8').split('\0');
  const at = parts.findIndex((part, i) => i % 2 === 0 && part === 'application_name');
  return at >= 0 ? parts[at + 1] : '';
}

/** The round trips that one call of `work` made through `proxy` (nothing else may run meanwhile). */
export async function roundTripsOf(proxy: CountingProxy, work: () => Promise<unknown>): Promise<number> {
  const before = proxy.roundTrips();
  await work();
  return proxy.roundTrips() - before;
}
