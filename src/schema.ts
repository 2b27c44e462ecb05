import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from './auth/auth.resolver';
import { LocalizedTextResolver } from './common/localized-text';
import { DateTimeScalar } from './common/scalars';
import { CommitteeMemberResolver, CommitteeResolver, EditionResolver } from './modules/editions/edition.resolver';
import { LocalAuthorityResolver, PersonResolver } from './modules/people/people.resolver';

export const resolvers = [
  LocalizedTextResolver,
  AuthResolver,
  EditionResolver,
  CommitteeResolver,
  CommitteeMemberResolver,
  PersonResolver,
  LocalAuthorityResolver,
] as const;

export async function buildAppSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Input classes are checked with class-validator; unknown values are GraphQL's business, not its.
    validate: { forbidUnknownValues: false },
  });
}

/** The schema as committed in schema/schema.graphql: sorted, so that the drift check is stable. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
