import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, ServiceUnavailable } from '../common/errors';
import { currentScope } from '../common/request-scope';
import { unavailabilityOf } from '../db/unavailable';
import type { Logger } from '../logger';
import type { createErrorFormatter } from './format-error';

type FormatError = ReturnType<typeof createErrorFormatter>;

// What a request that fails outside GraphQL's own error handling gets: JSON, never Express's HTML
// page nor a stack trace on stderr. An unavailable database is a 503; anything else a 500 whose
// cause is in the log under the request's id.

/** The error as the client sees it, in its language: GraphQL's shape on /graphql, `{error, code}` elsewhere. */
function answer(path: string, formatError: FormatError, domain: DomainError) {
  const formatted = formatError({ message: domain.message }, domain);
  return path.startsWith('/graphql') ? { errors: [formatted] } : { error: formatted.message, ...formatted.extensions };
}

/**
 * Every request is answered within `ms`: past it, 503 SERVICE_UNAVAILABLE (reason timedOut). The work
 * under way ends on its own, its statements being bounded by the statement timeout.
 */
export function requestDeadline(ms: number, formatError: FormatError): RequestHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log.warn({ requestId: req.id, deadlineMs: ms }, 'request deadline passed');
      res.status(503).set('retry-after', '1').json(answer(req.originalUrl, formatError, new ServiceUnavailable('timedOut')));
    }, ms);
    const done = () => clearTimeout(timer);
    res.once('finish', done).once('close', done);
    next();
  };
}

export function failureAnswers(log: Logger, formatError: FormatError): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const requestId = currentScope()?.requestId ?? String(req.id);
    // Already answered (the deadline passed first): what came late only needs noting.
    if (res.headersSent) return void log.debug({ requestId, err: error }, 'answer after the request was answered');
    const unavailable = unavailabilityOf(error);
    if (unavailable) {
      log.warn({ requestId, err: error }, 'database unavailable during a request');
      return void res.status(503).set('retry-after', '1').json(answer(req.originalUrl, formatError, new ServiceUnavailable(unavailable)));
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // The request itself is wrong (a body that is not JSON, too large): said without echoing it.
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      const type = (error as { type?: unknown }).type;
      const message = status === 413 ? 'The request body is too large' : type === 'entity.parse.failed' ? 'The request body is not valid JSON' : 'The request is malformed';
      // The error's own message quotes the body (a password, a token): only its kind is logged.
      log.info({ requestId, status, errorType: type ?? (error as Error).name }, 'malformed request');
      return void res.status(status).json(req.originalUrl.startsWith('/graphql') ? { errors: [{ message, extensions: { code } }] } : { error: message, code });
    }
    log.error({ requestId, err: error }, 'unexpected error');
    res.status(500).json(answer(req.originalUrl, formatError, new DomainError('INTERNAL_SERVER_ERROR', 'masked', { requestId }, { requestId })));
  };
}
