import { DataSource, EntityManager } from 'typeorm';
import { Config } from './config';
import { Locale } from './common/enums';
import { Loaders } from './db/loaders';
import type { Logger } from './logger';
import type { Actor } from './auth/actor';
import type { ChangeHub } from './db/change-hub';
import type { LoginThrottle } from './auth/login-throttle';

/** What every resolver and service receives: who asks, in which language, and how to reach the data. */
export interface RequestContext {
  requestId: string;
  log: Logger;
  config: Config;
  dataSource: DataSource;
  /** Reads; inside `inTransaction`, the transaction's manager. */
  manager: EntityManager;
  actor: Actor | null;
  locale: Locale;
  loaders: Loaders;
  /** The caller's network address, as the socket or a trusted proxy gives it. */
  clientAddress: string;
  loginThrottle: LoginThrottle;
  /** This instance's feed of committed changes, for subscriptions. */
  changes: ChangeHub;
  /** The clock of every rule, so that tests can move it. */
  now(): Date;
}

/** Runs `work` in one transaction: every write of a mutation, its audit rows and notifications commit together. */
export async function inTransaction<T>(ctx: RequestContext, work: (tx: RequestContext) => Promise<T>): Promise<T> {
  if (ctx.manager.queryRunner?.isTransactionActive) return work(ctx);
  return ctx.dataSource.transaction((manager) => work({ ...ctx, manager, loaders: new Loaders(manager) }));
}
