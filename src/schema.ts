import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import pino from 'pino';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { ChangeHub } from './db/change-hub';
import { AuthResolver } from './auth/auth.resolver';
import { LocalizedTextResolver } from './common/localized-text';
import { DateTimeScalar } from './common/scalars';
import { ChangeEventResolver, EditionHistoryResolver } from './modules/audit/audit.resolver';
import { CommitteeMemberResolver, CommitteeResolver, EditionResolver } from './modules/editions/edition.resolver';
import { LocalAuthorityResolver, PersonResolver } from './modules/people/people.resolver';
import { EditionProgramResolver, SessionResolver, WorkshopResolver } from './modules/program/program.resolver';
import { EditionReleasesResolver, ReleaseResolver } from './modules/releases/release.resolver';
import { BallotResolver, CommitteeTallyResolver, EditionThemesResolver, ThemeResolver } from './modules/themes/theme.resolver';
import { EditionMeetingResolver, SteeringMeetingResolver } from './modules/meetings/meeting.resolver';
import {
  EditionParticipationResolver, LocalAuthorityParticipationResolver, ParticipationResolver,
} from './modules/participation/participation.resolver';
import { ChangeEventChangesResolver, EditionSuggestionResolver, SuggestionResolver } from './modules/suggestions/suggestion.resolver';

export const resolvers = [
  LocalizedTextResolver,
  AuthResolver,
  EditionResolver,
  CommitteeResolver,
  CommitteeMemberResolver,
  PersonResolver,
  LocalAuthorityResolver,
  EditionProgramResolver,
  SessionResolver,
  WorkshopResolver,
  ThemeResolver,
  BallotResolver,
  CommitteeTallyResolver,
  EditionThemesResolver,
  ChangeEventResolver,
  EditionHistoryResolver,
  ReleaseResolver,
  EditionReleasesResolver,
  SuggestionResolver,
  EditionSuggestionResolver,
  ChangeEventChangesResolver,
  ParticipationResolver,
  EditionParticipationResolver,
  LocalAuthorityParticipationResolver,
  SteeringMeetingResolver,
  EditionMeetingResolver,
] as const;

/** `changes` feeds subscriptions; the schema alone (to print it) needs no started hub. */
export async function buildAppSchema(changes: ChangeHub = new ChangeHub(pino({ level: 'silent' }))): Promise<GraphQLSchema> {
  // No field has middlewares or auth checks (rights are checked in the services): a plain field is
  // then read as a property, with no wrapper called per field, and the compiled executor inlines it.
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  return buildSchema({
    resolvers,
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
