import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { Edition } from '../editions/edition.entity';
import { Room, ROOM_ORDER } from '../editions/room.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { Person } from '../people/person.entity';
import { Theme } from '../themes/theme.entity';
import {
  SessionSpeaker, SessionTheme, WorkshopLocalAuthority, WorkshopModerator, WorkshopSpeaker, WorkshopTheme,
} from './links.entity';
import { ProgramIssue, programIssues } from './program-issues';
import { CreateSessionInput, CreateWorkshopInput, UpdateSessionInput, UpdateWorkshopInput } from './program.inputs';
import * as program from './program.service';
import { Session } from './session.entity';
import { Workshop } from './workshop.entity';

@ObjectType()
export class ProgramDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => [Session]) sessions!: Session[];
}

/** A room of the edition: the edition's rooms are read once per request, for sessions and workshops alike. */
async function room(ctx: RequestContext, editionId: string, id: string | null): Promise<Room | null> {
  if (!id) return null;
  const rooms = await ctx.loaders.byForeignKey(Room, 'editionId', ROOM_ORDER).load(editionId);
  return rooms.find((r) => r.id === id) ?? null;
}
const person = (ctx: RequestContext, id: string | null) => (id ? ctx.loaders.byId(Person).load(id) : null);

@Resolver(() => Edition)
export class EditionProgramResolver {
  @FieldResolver(() => [Session], { description: 'The working (draft) programme, ordered by start time. Readable by any signed-in user (local authorities, committee members, admins); anonymous readers get UNAUTHENTICATED and read the published releases.' })
  sessions(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<Session[]> {
    return program.sessionsOf(ctx, edition);
  }

  @FieldResolver(() => [ProgramDay], { description: "The draft programme grouped by calendar day in the edition's time zone." })
  days(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<ProgramDay[]> {
    return program.daysOf(ctx, edition);
  }

  @FieldResolver(() => [ProgramIssue], { description: 'Problems in the draft programme: double-booked rooms or people, times outside the edition, missing translations.' })
  programIssues(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<ProgramIssue[]> {
    return programIssues(ctx, edition);
  }
}

/** The workshops on a theme: the programme's side of the link, so that themes know nothing of the programme. */
@Resolver(() => Theme)
export class ThemeWorkshopsResolver {
  @FieldResolver(() => [Workshop])
  workshops(@Root() theme: Theme, @Ctx() ctx: RequestContext): Promise<Workshop[]> {
    return program.workshopsOfTheme(ctx, theme);
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @Query(() => Session, { nullable: true })
  session(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Session | null> {
    return program.sessionById(ctx, id);
  }

  @FieldResolver(() => Edition)
  async edition(@Root() session: Session, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(session.editionId))!;
  }

  @FieldResolver(() => Room, { nullable: true })
  room(@Root() session: Session, @Ctx() ctx: RequestContext) {
    return room(ctx, session.editionId, session.roomId);
  }

  @FieldResolver(() => [Theme])
  themes(@Root() session: Session, @Ctx() ctx: RequestContext): Promise<Theme[]> {
    return ctx.loaders.linked(SessionTheme, 'sessionId', 'themeId', Theme).load(session.id);
  }

  @FieldResolver(() => [Workshop])
  workshops(@Root() session: Session, @Ctx() ctx: RequestContext): Promise<Workshop[]> {
    return program.workshopsOf(ctx, session);
  }

  @FieldResolver(() => [Person])
  speakers(@Root() session: Session, @Ctx() ctx: RequestContext): Promise<Person[]> {
    return ctx.loaders.linked(SessionSpeaker, 'sessionId', 'personId', Person).load(session.id);
  }

  @FieldResolver(() => DateTimeScalar)
  updatedAt(@Root() session: Session): Date {
    return session.updatedAt;
  }

  @FieldResolver(() => Person, { nullable: true })
  updatedBy(@Root() session: Session, @Ctx() ctx: RequestContext) {
    return person(ctx, session.updatedById);
  }

  @Mutation(() => Session)
  createSession(@Arg('input', () => CreateSessionInput) input: CreateSessionInput, @Ctx() ctx: RequestContext): Promise<Session> {
    return program.createSession(ctx, input);
  }

  @Mutation(() => Session)
  updateSession(@Arg('input', () => UpdateSessionInput) input: UpdateSessionInput, @Ctx() ctx: RequestContext): Promise<Session> {
    return program.updateSession(ctx, input);
  }

  @Mutation(() => ID)
  deleteSession(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: RequestContext): Promise<string> {
    return program.deleteSession(ctx, id, expectedVersion);
  }
}

@Resolver(() => Workshop)
export class WorkshopResolver {
  @Query(() => Workshop, { nullable: true })
  workshop(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Workshop | null> {
    return program.workshopById(ctx, id);
  }

  @FieldResolver(() => Session)
  async session(@Root() workshop: Workshop, @Ctx() ctx: RequestContext): Promise<Session> {
    return (await ctx.loaders.byId(Session).load(workshop.sessionId))!;
  }

  @FieldResolver(() => Room, { nullable: true })
  async room(@Root() workshop: Workshop, @Ctx() ctx: RequestContext) {
    const session = await ctx.loaders.byId(Session).load(workshop.sessionId);
    return session ? room(ctx, session.editionId, workshop.roomId) : null;
  }

  @FieldResolver(() => [Theme])
  themes(@Root() workshop: Workshop, @Ctx() ctx: RequestContext): Promise<Theme[]> {
    return ctx.loaders.linked(WorkshopTheme, 'workshopId', 'themeId', Theme).load(workshop.id);
  }

  @FieldResolver(() => [Person])
  moderators(@Root() workshop: Workshop, @Ctx() ctx: RequestContext): Promise<Person[]> {
    return ctx.loaders.linked(WorkshopModerator, 'workshopId', 'personId', Person).load(workshop.id);
  }

  @FieldResolver(() => [Person])
  speakers(@Root() workshop: Workshop, @Ctx() ctx: RequestContext): Promise<Person[]> {
    return ctx.loaders.linked(WorkshopSpeaker, 'workshopId', 'personId', Person).load(workshop.id);
  }

  @FieldResolver(() => [LocalAuthority], { description: 'Local authorities presenting a case in this workshop.' })
  localAuthorities(@Root() workshop: Workshop, @Ctx() ctx: RequestContext): Promise<LocalAuthority[]> {
    return ctx.loaders.linked(WorkshopLocalAuthority, 'workshopId', 'localAuthorityId', LocalAuthority).load(workshop.id);
  }

  @FieldResolver(() => DateTimeScalar)
  updatedAt(@Root() workshop: Workshop): Date {
    return workshop.updatedAt;
  }

  @FieldResolver(() => Person, { nullable: true })
  updatedBy(@Root() workshop: Workshop, @Ctx() ctx: RequestContext) {
    return person(ctx, workshop.updatedById);
  }

  @Mutation(() => Workshop)
  createWorkshop(@Arg('input', () => CreateWorkshopInput) input: CreateWorkshopInput, @Ctx() ctx: RequestContext): Promise<Workshop> {
    return program.createWorkshop(ctx, input);
  }

  @Mutation(() => Workshop)
  updateWorkshop(@Arg('input', () => UpdateWorkshopInput) input: UpdateWorkshopInput, @Ctx() ctx: RequestContext): Promise<Workshop> {
    return program.updateWorkshop(ctx, input);
  }

  @Mutation(() => ID)
  deleteWorkshop(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: RequestContext): Promise<string> {
    return program.deleteWorkshop(ctx, id, expectedVersion);
  }
}
