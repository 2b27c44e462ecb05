import { AsyncLocalStorage } from 'node:async_hooks';
import { statementCounter } from '../db/statement-count';

/** Per-request values that code without the GraphQL context (error formatting, SQL logging) needs. */
export interface RequestStore {
  requestId: string;
  statements: { count: number };
}

export const requestStore = new AsyncLocalStorage<RequestStore>();

/** Runs `work` with a fresh request store; the SQL logger counts into the same counter. */
export function runInRequest<T>(requestId: string, work: () => T): T {
  const store: RequestStore = { requestId, statements: { count: 0 } };
  return requestStore.run(store, () => statementCounter.run(store.statements, work));
}
