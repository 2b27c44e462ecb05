import { AsyncLocalStorage } from 'node:async_hooks';
import { statementCounter } from '../db/statement-count';
import type { Language } from './messages';

/** Per-request values that code without the GraphQL context (error formatting, SQL logging) needs. */
export interface RequestStore {
  requestId: string;
  /** The language of error messages, from Accept-Language; English when absent. */
  language?: Language;
  statements: { count: number };
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

/** Runs `work` with a fresh request store; the SQL logger counts into the same counter. */
export function runInRequest<T>(requestId: string, language: Language | undefined, work: () => T): T {
  const store: RequestStore = { requestId, language, statements: { count: 0 } };
  return requestStore.run(store, () => statementCounter.run(store.statements, work));
}
