import { createConnection, createServer, Socket } from 'node:net';

// Shared by the benchmark and the tests: they count what reaches PostgreSQL the same way.

export interface CountingProxy {
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url: string;
  /** Round trips seen so far: simple queries ('Q', one or several statements) and executions ('E'). */
  roundTrips(): number;
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
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const db = createConnection(Number(upstream.port || 5432), upstream.hostname);
    sockets.add(client).add(db);
    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // The startup packet has no type byte; every later message is a type byte and an int32 length.
      for (;;) {
        const header = startup ? 4 : 5;
        if (pending.length < header) break;
        const length = pending.readInt32BE(startup ? 0 : 1) + (startup ? 0 : 1);
        if (pending.length < length) break;
        if (!startup && (pending[0] === 0x51 || pending[0] === 0x45)) count++;
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
    roundTrips: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return proxy;
}

/** The round trips that one call of `work` made through `proxy` (nothing else may run meanwhile). */
export async function roundTripsOf(proxy: CountingProxy, work: () => Promise<unknown>): Promise<number> {
  const before = proxy.roundTrips();
  await work();
  return proxy.roundTrips() - before;
}
