import type { Unavailability } from '../common/errors';

// When the database cannot answer now, whatever the request: it is down, restarting, refusing
// connections, or did not answer in time. Clients get SERVICE_UNAVAILABLE (HTTP 503) and try again.

// Errors of node-postgres and the network when the database is down or restarting.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// PostgreSQL: class 08 (connection exception), class 53 (insufficient resources: 53300 too many
// clients, out of memory, disk full), 57P01-57P03 (shutting down, cannot connect now).
const UNAVAILABLE_STATES = /^(08|53|57P0[1-3])/;
// Statement timeout or query cancelled (57014), lock not available in time (55P03).
const TIMED_OUT_STATES = new Set(['57014', '55P03']);

const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is not established|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout/i;

/** Why the database could not answer `error`'s statement, or null if the error is of another kind. */
export function unavailabilityOf(error: unknown, depth = 0): Unavailability | null {
  const e = error as { code?: unknown; message?: unknown; name?: unknown; driverError?: unknown; thrownValue?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 5) return null;
  const code = typeof e.code === 'string' ? e.code : '';
  if (TIMED_OUT_STATES.has(code)) return 'timedOut';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code)) return 'databaseUnreachable';
  // A transaction whose connection died under it: its next statements find the runner released.
  if (RELEASED_RUNNER.has(String(e.name ?? ''))) return 'databaseUnreachable';
  if (CONNECTION_MESSAGES.test(String(e.message ?? ''))) return 'databaseUnreachable';
  // TypeORM wraps the driver's error; graphql-js wraps a thrown non-error; AggregateError (a refused
  // connection on every address) and others carry a cause.
  for (const inner of [e.driverError, e.thrownValue, e.cause, (e as { originalError?: unknown }).originalError, ...((e as { errors?: unknown[] }).errors ?? [])]) {
    const found = inner && inner !== error ? unavailabilityOf(inner, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

export const isDatabaseUnavailable = (error: unknown): boolean => unavailabilityOf(error) !== null;
