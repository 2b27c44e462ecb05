import { Client } from 'pg';
import { GraphQLError } from 'graphql';
import { TOKEN_REVOKED_CHANNEL } from '../auth/tokens';
import { TooManyRequests, Unauthenticated } from '../common/errors';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** graphql-ws's close code for "too many": the connection is refused for good, not retried at once. */
export const TOO_MANY_CONNECTIONS = { code: 4429, reason: 'Too many connections for this token' } as const;
/** graphql-ws's code for a connection that did not sign in in time. */
export const SIGN_IN_TIMEOUT = { code: 4408, reason: 'Sign-in timeout' } as const;

/** What graphql-ws hands the hooks: the connection, its running operations and its socket. */
export interface LiveSocket {
  subscriptions: Record<string, unknown>;
  extra: { socket: { close(code: number, reason: string): void } };
}

interface Connection {
  tokenId: string | null;
  /** Aborted when the connection's token is revoked: its live subscriptions end with UNAUTHENTICATED. */
  revoked: AbortController;
  idle?: NodeJS.Timeout;
}

/**
 * The WebSocket connections of this instance, by token: the caps on what one caller holds open
 * (connections per token, operations per connection, anonymous idle time), and the end of what a
 * revoked token holds, which every instance hears through PostgreSQL NOTIFY.
 */
export class LiveConnections {
  private readonly connections = new Map<LiveSocket, Connection>();
  private readonly byToken = new Map<string, Set<LiveSocket>>();
  private client: Client | undefined;
  private url: string | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  /** Set by start(): which of these tokens no longer work (revoked or expired). */
  private stale: (tokenIds: string[]) => Promise<string[]> = async () => [];

  /** `now` is the service's clock, the one tokens are issued and checked by (not the database's). */
  constructor(private readonly config: Config, private readonly log: Logger, private readonly now: () => Date) {}

  /**
   * A connection that has signed in (`tokenId`) or stayed anonymous (null). False when its token
   * already holds the most connections allowed: the socket is closed with TOO_MANY_CONNECTIONS.
   */
  opened(socket: LiveSocket, tokenId: string | null): boolean {
    if (tokenId) {
      const sockets = this.byToken.get(tokenId) ?? new Set();
      if (sockets.size >= this.config.wsConnectionsPerToken) {
        socket.extra.socket.close(TOO_MANY_CONNECTIONS.code, TOO_MANY_CONNECTIONS.reason);
        return false;
      }
      this.byToken.set(tokenId, sockets.add(socket));
    }
    const connection: Connection = { tokenId, revoked: new AbortController() };
    this.connections.set(socket, connection);
    if (!tokenId) this.closeWhenIdle(socket, connection);
    return true;
  }

  /** An anonymous connection can subscribe to nothing: it is closed once it has had nothing running for a while. */
  private closeWhenIdle(socket: LiveSocket, connection: Connection): void {
    connection.idle = setTimeout(() => {
      if (Object.keys(socket.subscriptions).length) this.closeWhenIdle(socket, connection);
      else socket.extra.socket.close(SIGN_IN_TIMEOUT.code, SIGN_IN_TIMEOUT.reason);
    }, this.config.wsSignInSeconds * 1000);
    connection.idle.unref();
  }

  /** Why a new operation on `socket` is refused, if it is: a revoked token, or too many operations running. */
  refusal(socket: LiveSocket): GraphQLError | null {
    const connection = this.connections.get(socket);
    if (connection?.revoked.signal.aborted) return asGraphQLError(new Unauthenticated('badToken'));
    // graphql-ws has already entered the new operation among the running ones.
    const running = Object.keys(socket.subscriptions).length - 1;
    const limit = this.config.wsSubscriptionsPerConnection;
    if (running >= limit) return asGraphQLError(new TooManyRequests(0, 'subscriptionsPerConnection', { limit }));
    return null;
  }

  /** The operation's results, ended with UNAUTHENTICATED when the connection's token is revoked. */
  guarded<T>(socket: LiveSocket, result: T): T {
    const connection = this.connections.get(socket);
    if (!connection || !isAsyncIterable(result)) return result;
    return endedOnRevocation(result, connection.revoked.signal) as T;
  }

  closedSocket(socket: LiveSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    this.connections.delete(socket);
    clearTimeout(connection.idle);
    if (!connection.tokenId) return;
    const sockets = this.byToken.get(connection.tokenId);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.byToken.delete(connection.tokenId);
  }

  /** Ends what the revoked tokens hold on this instance. */
  revoke(tokenIds: Iterable<string>): void {
    for (const tokenId of tokenIds) {
      for (const socket of this.byToken.get(tokenId) ?? []) this.connections.get(socket)?.revoked.abort();
    }
  }

  /** Listens for revocations announced by any instance; a lost connection is re-opened, and what it missed checked. */
  async start(url: string = this.url!): Promise<void> {
    this.url = url;
    const client = new Client({ connectionString: url, application_name: 'rencontres-programme-revocations' });
    client.on('notification', (message) => {
      if (message.channel === TOKEN_REVOKED_CHANNEL && message.payload) this.revoke([message.payload]);
    });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'revocation listener lost its connection; reconnecting');
      this.reconnect();
    });
    client.on('end', () => this.reconnect());
    await client.connect();
    await client.query(`LISTEN ${TOKEN_REVOKED_CHANNEL}`);
    this.client = client;
    this.stale = async (tokenIds) => {
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM auth_token WHERE id = ANY($1::uuid[]) AND (revoked_at IS NOT NULL OR expires_at <= $2)',
        [tokenIds, this.now()],
      );
      return rows.map((row) => row.id);
    };
    // Revocations made while no one listened (a reconnection) are read from the tokens themselves.
    if (this.byToken.size) this.revoke(await this.stale([...this.byToken.keys()]));
  }

  private reconnect(delay = 500): void {
    if (this.closed || this.retry) return;
    const lost = this.client;
    this.client = undefined;
    lost?.removeAllListeners();
    lost?.on('error', () => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start().catch(() => this.reconnect(Math.min(delay * 2, 10_000)));
    }, delay);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    for (const connection of this.connections.values()) clearTimeout(connection.idle);
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    client?.on('error', () => undefined);
    await client?.end().catch(() => undefined);
  }
}

const asGraphQLError = (error: Error) => new GraphQLError(error.message, { originalError: error });

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}

/**
 * The same results, until `signal` aborts: the pending wait then fails with UNAUTHENTICATED (which
 * graphql-ws sends as the subscription's error) and the source is closed. Not an async generator:
 * a generator's return() would wait for the next event before the client's "complete" took effect.
 */
function endedOnRevocation<T>(source: AsyncIterableIterator<T>, signal: AbortSignal): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const revoked = new Promise<never>((_resolve, reject) => {
    const refuse = () => reject(new Unauthenticated('badToken'));
    if (signal.aborted) refuse();
    else signal.addEventListener('abort', refuse, { once: true });
  });
  revoked.catch(() => undefined);
  return {
    async next() {
      try {
        return await Promise.race([iterator.next(), revoked]);
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
    },
    async return(value?: unknown) {
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
