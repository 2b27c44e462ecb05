import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, ERROR_CODES } from '../common/errors';
import { fieldProblems } from '../common/validation';
import type { Logger } from '../logger';
import { inLanguage } from './messages';
import { hideTokenLimit } from './query-limits';
import { requestStore } from '../common/request-scope';

// Codes whose messages are written for clients: graphql-js and Apollo's for malformed requests, and
// ours (raised as GraphQLError where a domain error cannot be thrown, as in the context function).
const CLIENT_CODES = new Set<string>([
  ...ERROR_CODES.filter((code) => code !== 'INTERNAL_SERVER_ERROR'),
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

// Errors of node-postgres and the network when the database is down or restarting.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

const RELEASED_RUNNER = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string; driverError?: unknown } | null;
  if (!e) return false;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  // A transaction whose connection died under it: its next statements find the runner released.
  if (RELEASED_RUNNER.has((e as { name?: string }).name ?? '')) return true;
  if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is not established|Client has encountered a connection error|Client was closed and is not queryable/i.test(e.message ?? '')) return true;
  // Some libraries throw the connection error object itself, which graphql-js wraps as NonErrorThrown.
  const wrapped = e.driverError ?? (e as { thrownValue?: unknown }).thrownValue;
  return wrapped ? isDatabaseUnavailable(wrapped) : false;
}

/** The one place that turns errors into what clients see; anything unexpected is logged and masked. */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const shown = format(log, formatted, error);
    const language = requestStore.getStore()?.language;
    return language ? inLanguage(shown, language) : shown;
  };
}

/** What a client may see of an error: domain errors as they are, anything unexpected masked and logged. */
function format(log: Logger, formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const requestId = requestStore.getStore()?.requestId;
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { ...original.extensions, code: original.code } };
  }
  const unexpected = (cause: unknown): GraphQLFormattedError => {
    log.error({ requestId, err: cause }, 'unexpected error');
    return { ...base, message: `Internal server error (request ${requestId ?? 'unknown'})`, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  };
  if (original instanceof ArgumentValidationError) {
    // A validator that throws, rather than report a problem, comes as the "validation errors" themselves.
    if (!Array.isArray(original.extensions.validationErrors)) return unexpected(original.extensions.validationErrors);
    const fields = fieldProblems(original.extensions.validationErrors);
    return {
      ...base,
      message: `Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      extensions: { code: 'BAD_USER_INPUT', fields },
    };
  }
  if (isDatabaseUnavailable(original)) {
    log.warn({ requestId, err: original }, 'database unavailable during a request');
    return { ...base, message: 'The database is not reachable; try again shortly', extensions: { code: 'SERVICE_UNAVAILABLE', requestId } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _drop, http: _status, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: hideTokenLimit(formatted.message), extensions };
  }
  return unexpected(original);
}
