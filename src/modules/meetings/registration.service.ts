import { can, demand, demandSignedIn, Right } from '../../auth/rights';
import { ChangeAction, Country } from '../../common/enums';
import { BadUserInput, DeadlinePassed, Forbidden, InvalidState, NotFound, problem } from '../../common/errors';
import { diff, FieldChanges, recordChange } from '../../db/changes/change-trail';
import { inTransaction } from '../../db/context';
import { isUuid } from '../../db/loaders';
import { updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { visibleRecords } from '../authority-records/authority-records';
import { delegation, delegatesForTrail, sessionProblems } from '../authority-records/delegates';
import type { RequestContext } from '../context';
import { Committee } from '../editions/committee.entity';
import { Edition } from '../editions/edition.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { MeetingRegistration, SteeringMeeting } from './meeting.entity';
import type { MeetingRegistrationInput } from './meeting.inputs';

export const REGISTRATION: VersionedTarget<MeetingRegistration> = { entity: MeetingRegistration, editionIdOf: (r) => r.editionId };

/** A committee's meeting is told on its country's clock (the letter's "4 septembre" is Paris time); a joint one on the edition's. */
const ZONES: Record<Country, string> = { [Country.FR]: 'Europe/Paris', [Country.JP]: 'Asia/Tokyo' };

async function zoneOf(ctx: RequestContext, meeting: SteeringMeeting): Promise<string> {
  const committee = meeting.committeeId ? await ctx.loaders.byId(Committee).load(meeting.committeeId) : null;
  if (committee) return ZONES[committee.country];
  return (await ctx.loaders.byId(Edition).load(meeting.editionId))!.timeZone;
}

/** Registrations of a meeting: every one for committee members and admins, a representative's own authority's only. */
export async function registrationsOf(ctx: RequestContext, meeting: SteeringMeeting): Promise<MeetingRegistration[]> {
  return visibleRecords(ctx, await ctx.loaders.byForeignKey(MeetingRegistration, 'meetingId', { submittedAt: 'ASC', id: 'ASC' }).load(meeting.id));
}

/**
 * Creates the authority's registration for the meeting, or updates it: one per authority and meeting.
 * Concurrent first submissions meet at the unique (meeting_id, local_authority_id): the insert of the
 * later ones does nothing once the first commits, and they update the registration it created.
 */
export async function registerForMeeting(ctx: RequestContext, input: MeetingRegistrationInput): Promise<MeetingRegistration> {
  demandSignedIn(ctx, Right.RegisterForMeeting);
  const meeting = isUuid(input.meetingId) ? await ctx.loaders.byId(SteeringMeeting).load(input.meetingId) : null;
  if (!meeting) throw new NotFound(SteeringMeeting, input.meetingId);
  const authorityId = input.localAuthorityId ?? ctx.actor!.person.localAuthorityId;
  if (!authorityId) {
    // Admins and the secretariat register any authority, and so must name it.
    if (can(ctx, Right.RegisterAfterDeadline, meeting.editionId)) throw BadUserInput.field('input.localAuthorityId', problem('adminNamesAuthority'));
    throw new Forbidden(Right.RegisterForMeeting);
  }
  demand(ctx, Right.RegisterForMeeting, meeting.editionId, authorityId);
  const authority = isUuid(authorityId) ? await ctx.loaders.byId(LocalAuthority).load(authorityId) : null;
  if (!authority) throw new NotFound(LocalAuthority, authorityId);
  if (!meeting.openToLocalAuthorities) throw new InvalidState('meetingNotOpen', { status: 'COMMITTEE_ONLY' });
  const deadline = meeting.registrationDeadline;
  if (deadline && !can(ctx, Right.RegisterAfterDeadline, meeting.editionId) && ctx.now().getTime() > deadline.getTime()) {
    throw new DeadlinePassed('MEETING_REGISTRATION', deadline, await zoneOf(ctx, meeting));
  }
  const attendees = delegation(input.attendees, 'input.attendees');
  const problems = await sessionProblems(ctx, attendees, meeting.editionId, 'input.attendees');
  if (problems.length) throw new BadUserInput(problems);
  const online = input.online ?? false;
  const key = { meetingId: meeting.id, localAuthorityId: authority.id };

  return inTransaction(ctx, async (tx) => {
    const now = tx.now();
    let current = await tx.manager.findOne(MeetingRegistration, { where: key, lock: { mode: 'pessimistic_write' } });
    if (!current) {
      const values = { ...key, editionId: meeting.editionId, attendees, online, submittedAt: now };
      const row = tx.manager.create(MeetingRegistration, { ...values, version: 1, createdAt: now, updatedAt: now, updatedById: tx.actor!.person.id });
      const inserted = await tx.manager.createQueryBuilder().insert().into(MeetingRegistration).values(row).orIgnore().returning(['id']).execute();
      if (inserted.raw.length) {
        row.id = inserted.raw[0].id;
        await recordChange(tx, {
          editionId: meeting.editionId,
          action: ChangeAction.CREATE,
          entityType: MeetingRegistration.name,
          entityId: row.id,
          changes: diff(null, { ...values, attendees: delegatesForTrail(attendees) }),
        });
        return row;
      }
      // Another submission created it meanwhile: this one updates it.
      current = await tx.manager.findOneOrFail(MeetingRegistration, { where: key, lock: { mode: 'pessimistic_write' } });
    }
    const patch: Partial<MeetingRegistration> = { online, submittedAt: now };
    const extraChanges: FieldChanges = {};
    if (JSON.stringify(delegation(current.attendees, 'attendees')) !== JSON.stringify(attendees)) {
      patch.attendees = attendees;
      extraChanges.attendees = { from: delegatesForTrail(current.attendees), to: delegatesForTrail(attendees) };
    }
    return updateVersioned(tx, REGISTRATION, current, patch, extraChanges);
  });
}
