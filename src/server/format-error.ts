import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { Locale } from '../common/enums';
import { BadUserInput, DomainError, ServiceUnavailable } from '../common/errors';
import { currentScope, RequestScope } from '../common/request-scope';
import { fieldProblems } from '../common/validation';
import { unavailabilityOf } from '../db/unavailable';
import type { Logger } from '../logger';
import { fieldMessage, Language, messageOf } from './messages';
import { hideTokenLimit } from './query-limits';

// The codes of graphql-js's and Apollo's errors for malformed requests (bad variables are BAD_USER_INPUT).
const REQUEST_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * graphql-js suggests names close to a wrong one ("Did you mean ..."): that would let anyone list
 * fields, arguments and enum values by guessing. Dropped here, for HTTP and WebSocket alike.
 */
const withoutSuggestions = (message: string) => message.replace(/\s*Did you mean .*$/s, '');

const LANGUAGE_OF: Record<Locale, Language> = { [Locale.EN]: 'en', [Locale.FR]: 'fr', [Locale.JA]: 'ja' };

/** The domain error behind `error`: thrown by a resolver, or carried by a GraphQLError built around it (the context's). */
function domainErrorOf(error: unknown): DomainError | null {
  for (let e = unwrapResolverError(error); e; e = (e as { originalError?: unknown }).originalError) {
    if (e instanceof DomainError) return e;
    if (!(e instanceof GraphQLError)) break;
  }
  return null;
}

/**
 * The one place that turns errors into what clients see, in the request's language (English unless
 * it asked for French or Japanese): domain errors with their code, their facts as extensions and
 * their message from the catalogue; anything unexpected logged and masked.
 */
export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown, scope: RequestScope | undefined = currentScope()): GraphQLFormattedError => {
    const lang = LANGUAGE_OF[scope?.locale ?? Locale.EN];
    const requestId = scope?.requestId;
    const base = { locations: formatted.locations, path: formatted.path };
    const say = (domain: DomainError): GraphQLFormattedError => {
      const fields = domain instanceof BadUserInput ? { fields: domain.fields.map((f) => ({ field: f.field, message: fieldMessage(f.problems, lang) })) } : {};
      return { ...base, message: messageOf(domain, lang), extensions: { ...domain.extensions, ...fields, code: domain.code } };
    };
    const unexpected = (cause: unknown): GraphQLFormattedError => {
      log.error({ requestId, err: cause }, 'unexpected error');
      return say(new DomainError('INTERNAL_SERVER_ERROR', 'masked', { requestId }, { requestId }));
    };
    try {
      const original = unwrapResolverError(error);
      const domain = domainErrorOf(error);
      if (domain) return say(domain);
      if (original instanceof ArgumentValidationError) {
        // A validator that throws, rather than report a problem, comes as the "validation errors" themselves.
        if (!Array.isArray(original.extensions.validationErrors)) return unexpected(original.extensions.validationErrors);
        return say(new BadUserInput(fieldProblems(original.extensions.validationErrors)));
      }
      const unavailable = unavailabilityOf(original);
      if (unavailable) {
        log.warn({ requestId, err: original }, 'database unavailable during a request');
        const shown = say(new ServiceUnavailable(unavailable));
        return { ...shown, extensions: { ...shown.extensions, requestId } };
      }
      // graphql-js's and Apollo's own errors for malformed requests: their English is all there is.
      const code = formatted.extensions?.code;
      if (typeof code === 'string' && REQUEST_CODES.has(code)) {
        const { stacktrace: _drop, http: _status, ...extensions } = formatted.extensions ?? {};
        return { ...formatted, message: withoutSuggestions(hideTokenLimit(formatted.message)), extensions };
      }
      return unexpected(original);
    } catch (failure) {
      // A message the catalogue lacks, or a formatter bug: never an unformatted error to the client.
      return unexpected(failure);
    }
  };
}
