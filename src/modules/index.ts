import { accountsModule } from './accounts/accounts.module';
import { auditModule } from './audit/audit.module';
import { editionsModule } from './editions/edition.module';
import type { ModuleJob } from './module';
import { meetingsModule } from './meetings/meeting.module';
import { notificationsModule } from './notifications/notification.module';
import { participationModule } from './participation/participation.module';
import { peopleModule } from './people/people.module';
import { programModule } from './program/program.module';
import { releasesModule } from './releases/release.module';
import { suggestionsModule } from './suggestions/suggestion.module';
import { themesModule } from './themes/theme.module';

/**
 * The registry of the service's modules. What sits below the modules and needs their list (the
 * database's entities, the GraphQL schema, the demo data) reads it here; a new module is one more line.
 */
export const modules = {
  people: peopleModule,
  editions: editionsModule,
  accounts: accountsModule,
  themes: themesModule,
  program: programModule,
  suggestions: suggestionsModule,
  participation: participationModule,
  meetings: meetingsModule,
  releases: releasesModule,
  audit: auditModule,
  notifications: notificationsModule,
} as const;

/** Every table of the service, for TypeORM. */
export const entities: Function[] = Object.values(modules).flatMap((m) => Object.values(m.entities));

/** Every kind of job of the modules, for the queue. */
export const jobs = Object.values(modules).flatMap((m: { jobs?: ModuleJob<any>[] }) => m.jobs ?? []);

/** Every resolver class of the modules, for type-graphql. */
export const resolvers: Function[] = Object.values(modules).flatMap((m) => m.resolvers);
