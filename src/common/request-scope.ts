import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request values for code that has no GraphQL context: the SQL logger counts statements into it,
 * the error formatter reads the request id and language. One store, so one set of async hooks.
 */
export interface RequestStore {
  requestId: string;
  /** The language of error messages, from Accept-Language; English when absent. */
  language?: 'fr' | 'ja';
  statements: { count: number };
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

export function runInRequest<T>(requestId: string, language: RequestStore['language'], work: () => T): T {
  return requestStore.run({ requestId, language, statements: { count: 0 } }, work);
}
