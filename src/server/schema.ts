import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import pino from 'pino';
import { buildSchema, getMetadataStorage, NonEmptyArray } from 'type-graphql';
import { LocalizedTextResolver } from '../common/localized-text';
import { DateTimeScalar } from '../common/scalars';
import { ChangeHub } from '../db/changes/change-hub';
import { resolvers } from '../modules';

/** `changes` feeds subscriptions; the schema alone (to print it) needs no started hub. */
export async function buildAppSchema(changes: ChangeHub = new ChangeHub(pino({ level: 'silent' }))): Promise<GraphQLSchema> {
  // No field has middlewares or auth checks (rights are checked in the services): a plain field is
  // then read as a property, with no wrapper called per field, and the compiled executor inlines it.
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  return buildSchema({
    resolvers: [LocalizedTextResolver, ...resolvers] as NonEmptyArray<Function>,
    pubSub: changes,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Input classes are checked with class-validator; unknown values are GraphQL's business, not its.
    validate: { forbidUnknownValues: false },
  });
}

/** The schema as committed in schema/schema.graphql: sorted, so that the drift check is stable. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
