import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../context';
import { Committee } from '../editions/committee.entity';
import { Edition } from '../editions/edition.entity';
import { Delegate, delegatesAsSeenBy } from '../authority-records/delegates';
import { LocalAuthority } from '../people/local-authority.entity';
import { AgendaItem, MeetingRegistration, SteeringMeeting } from './meeting.entity';
import { AddAgendaItemInput, MeetingRegistrationInput, ScheduleMeetingInput, UpdateAgendaItemInput, UpdateMeetingInput } from './meeting.inputs';
import * as meetings from './meeting.service';
import * as registrations from './registration.service';

@Resolver(() => SteeringMeeting)
export class SteeringMeetingResolver {
  @FieldResolver(() => Edition)
  async edition(@Root() meeting: SteeringMeeting, @Ctx() ctx: RequestContext): Promise<Edition> {
    return (await ctx.loaders.byId(Edition).load(meeting.editionId))!;
  }

  @FieldResolver(() => Committee, { nullable: true, description: 'Null for a joint French-Japanese meeting.' })
  committee(@Root() meeting: SteeringMeeting, @Ctx() ctx: RequestContext): Promise<Committee | null> | null {
    return meeting.committeeId ? ctx.loaders.byId(Committee).load(meeting.committeeId) : null;
  }

  @FieldResolver(() => [AgendaItem], { description: 'The agenda (ordre du jour), by position.' })
  agenda(@Root() meeting: SteeringMeeting, @Ctx() ctx: RequestContext): Promise<AgendaItem[]> {
    return meetings.agendaOf(ctx, meeting);
  }

  @FieldResolver(() => [MeetingRegistration], { description: 'Committee members, secretariat seats and admins see all; a local authority its own.' })
  registrations(@Root() meeting: SteeringMeeting, @Ctx() ctx: RequestContext): Promise<MeetingRegistration[]> {
    return registrations.registrationsOf(ctx, meeting);
  }

  @Mutation(() => SteeringMeeting, { description: "Presidents and secretariat of the edition's committees, and admins." })
  scheduleMeeting(@Arg('input', () => ScheduleMeetingInput) input: ScheduleMeetingInput, @Ctx() ctx: RequestContext): Promise<SteeringMeeting> {
    return meetings.scheduleMeeting(ctx, input);
  }

  @Mutation(() => SteeringMeeting)
  updateMeeting(@Arg('input', () => UpdateMeetingInput) input: UpdateMeetingInput, @Ctx() ctx: RequestContext): Promise<SteeringMeeting> {
    return meetings.updateMeeting(ctx, input);
  }

  @Mutation(() => ID, { description: 'Calls the meeting off: it is removed with its agenda. Same rights as updateMeeting.' })
  cancelMeeting(@Arg('id', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: RequestContext): Promise<string> {
    return meetings.cancelMeeting(ctx, id, expectedVersion);
  }

  @Mutation(() => SteeringMeeting, { description: "Adds an item to the meeting's agenda; the meeting's version goes up by one." })
  addAgendaItem(@Arg('input', () => AddAgendaItemInput) input: AddAgendaItemInput, @Ctx() ctx: RequestContext): Promise<SteeringMeeting> {
    return meetings.addAgendaItem(ctx, input);
  }

  @Mutation(() => SteeringMeeting, { description: "The meeting's version goes up by one." })
  updateAgendaItem(@Arg('input', () => UpdateAgendaItemInput) input: UpdateAgendaItemInput, @Ctx() ctx: RequestContext): Promise<SteeringMeeting> {
    return meetings.updateAgendaItem(ctx, input);
  }

  @Mutation(() => SteeringMeeting, { description: "Removes an item; the later ones move up. `expectedVersion` is the meeting's." })
  removeAgendaItem(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<SteeringMeeting> {
    return meetings.removeAgendaItem(ctx, id, expectedVersion);
  }

  @Mutation(() => SteeringMeeting, { description: 'Puts the agenda in the order of `itemIds`, which must list every item once.' })
  reorderAgenda(
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('itemIds', () => [ID]) itemIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<SteeringMeeting> {
    return meetings.reorderAgenda(ctx, meetingId, expectedVersion, itemIds);
  }
}

@Resolver(() => MeetingRegistration)
export class MeetingRegistrationResolver {
  @FieldResolver(() => SteeringMeeting)
  async meeting(@Root() registration: MeetingRegistration, @Ctx() ctx: RequestContext): Promise<SteeringMeeting> {
    return (await ctx.loaders.byId(SteeringMeeting).load(registration.meetingId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async localAuthority(@Root() registration: MeetingRegistration, @Ctx() ctx: RequestContext): Promise<LocalAuthority> {
    return (await ctx.loaders.byId(LocalAuthority).load(registration.localAuthorityId))!;
  }

  @FieldResolver(() => [Delegate])
  attendees(@Root() registration: MeetingRegistration, @Ctx() ctx: RequestContext): Delegate[] {
    return delegatesAsSeenBy(ctx, registration.attendees, registration);
  }

  @Mutation(() => MeetingRegistration, {
    description: "A local authority's representative for its own authority (before the meeting's registrationDeadline), a secretariat seat or an admin.",
  })
  registerForMeeting(@Arg('input', () => MeetingRegistrationInput) input: MeetingRegistrationInput, @Ctx() ctx: RequestContext): Promise<MeetingRegistration> {
    return registrations.registerForMeeting(ctx, input);
  }
}

@Resolver(() => Edition)
export class EditionMeetingResolver {
  @FieldResolver(() => [SteeringMeeting], { description: 'Steering-committee meetings, by start time. Readable by every signed-in user.' })
  meetings(@Root() edition: Edition, @Ctx() ctx: RequestContext): Promise<SteeringMeeting[]> {
    return meetings.meetingsOf(ctx, edition);
  }
}
