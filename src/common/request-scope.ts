import { AsyncLocalStorage } from 'node:async_hooks';
import { Locale } from './enums';

/**
 * What one request is, computed once when it arrives: its id, the caller's language (from
 * Accept-Language; English when it names neither French nor Japanese) and the SQL statements it
 * runs. The request context reads it; so does code that has no GraphQL context (the SQL logger
 * counts statements into it, the error formatter reads the id and language). One store, so one
 * set of async hooks.
 */
export interface RequestScope {
  requestId: string;
  locale: Locale;
  statements: { count: number };
}

const scopes = new AsyncLocalStorage<RequestScope>();

export const newScope = (requestId: string, locale: Locale): RequestScope => ({ requestId, locale, statements: { count: 0 } });

/** Runs `work`, and everything it starts, within `scope`. */
export function runInScope<T>(scope: RequestScope, work: () => T): T {
  return scopes.run(scope, work);
}

/** The scope of the request being served, if any. */
export const currentScope = (): RequestScope | undefined => scopes.getStore();
