import type { RequestContext } from './context';

/**
 * What a module brings to the service: its tables (TypeORM entities, by name) and its GraphQL
 * resolvers. The registry (index.ts) lists every module; the database, the schema and the demo
 * read it there, so that a new module is added in one place and nothing below it changes.
 */
export interface ServiceModule<Entities extends Record<string, Function> = Record<string, Function>> {
  name: string;
  entities: Entities;
  resolvers: Function[];
  /** The kinds of job it puts on the queue, run by whichever instance fetches them first. */
  jobs?: ModuleJob<any>[];
}

/**
 * A kind of job of a module: `run` gets a context of its own (no actor, the service's clock). Jobs
 * may run again after an instance stopped mid-way, so `run` must be idempotent.
 */
export interface ModuleJob<D extends object> {
  name: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  run(ctx: RequestContext, data: D, job: { id: string; retryCount: number }): Promise<void>;
}

export const defineModule = <Entities extends Record<string, Function>>(module: ServiceModule<Entities>) => module;
