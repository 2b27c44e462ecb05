/**
 * What a module brings to the service: its tables (TypeORM entities, by name) and its GraphQL
 * resolvers. The registry (index.ts) lists every module; the database, the schema and the demo
 * read it there, so that a new module is added in one place and nothing below it changes.
 */
export interface ServiceModule<Entities extends Record<string, Function> = Record<string, Function>> {
  name: string;
  entities: Entities;
  resolvers: Function[];
}

export const defineModule = <Entities extends Record<string, Function>>(module: ServiceModule<Entities>) => module;
