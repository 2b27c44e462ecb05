import type { DataSource, EntityManager } from 'typeorm';
import { Loaders } from './loaders';

/** Whoever a change is recorded under: a signed-in person, or nobody (a deadline that passed). */
export interface Author {
  person: { id: string };
}

/**
 * What the data layer needs of a request: the database, the per-request loaders, the clock of every
 * rule, and the author of the changes it writes. The request context of the modules extends it.
 */
export interface DataContext {
  dataSource: DataSource;
  /** Reads; inside `inTransaction`, the transaction's manager. */
  manager: EntityManager;
  loaders: Loaders;
  actor: Author | null;
  /** The clock of every rule, so that tests can move it. */
  now(): Date;
}

/** Runs `work` in one transaction: every write of a mutation, its audit rows and notifications commit together. */
export async function inTransaction<C extends DataContext, T>(ctx: C, work: (tx: C) => Promise<T>): Promise<T> {
  if (ctx.manager.queryRunner?.isTransactionActive) return work(ctx);
  return ctx.dataSource.transaction((manager) => work({ ...ctx, manager, loaders: new Loaders(manager) }));
}
