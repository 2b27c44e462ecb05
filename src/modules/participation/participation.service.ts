import { demand, demandSignedIn, Right } from '../../auth/rights';
import { ChangeAction, ParticipationStatus } from '../../common/enums';
import { BadUserInput, InvalidState } from '../../common/errors';
import { diff, FieldChanges, recordChange } from '../../db/changes/change-trail';
import { inTransaction } from '../../db/context';
import { lockVersioned, updateVersioned, VersionedTarget } from '../../db/versioned-write';
import { canReadRecord, checkDeadline, submittingAuthority, visibleRecords } from '../authority-records/authority-records';
import type { RequestContext } from '../context';
import { Edition } from '../editions/edition.entity';
import { requireEdition } from '../editions/edition.service';
import { LocalAuthority } from '../people/local-authority.entity';
import { Delegate, delegatesAsSeenBy, delegatesForTrail, delegation, sessionProblems } from '../authority-records/delegates';
import { Participation } from './participation.entity';
import { SubmitParticipationInput } from './participation.inputs';

export const PARTICIPATION: VersionedTarget<Participation> = { entity: Participation, editionIdOf: (p) => p.editionId };

const forTrail = delegatesForTrail;

// --- reads -------------------------------------------------------------------------------------

export async function participationsOfEdition(ctx: RequestContext, edition: Edition): Promise<Participation[]> {
  return visibleRecords(ctx, await ctx.loaders.byForeignKey(Participation, 'editionId', { createdAt: 'ASC', id: 'ASC' }).load(edition.id));
}

export async function participationsOfAuthority(ctx: RequestContext, authority: LocalAuthority): Promise<Participation[]> {
  demandSignedIn(ctx, Right.ReadAuthorityRecords);
  if (!canReadRecord(ctx, { localAuthorityId: authority.id })) return [];
  return ctx.loaders.byForeignKey(Participation, 'localAuthorityId', { createdAt: 'ASC', id: 'ASC' }).load(authority.id);
}

/** Contact details and needs only for admins, the secretariat and the authority's own representatives. */
export function delegatesOf(ctx: RequestContext, participation: Participation): Delegate[] {
  return delegatesAsSeenBy(ctx, participation.delegates, participation);
}

// --- writes ------------------------------------------------------------------------------------

/**
 * Creates the authority's form for the edition, or updates it: one form per authority and edition.
 * Concurrent first submissions meet at the unique (edition_id, local_authority_id): the insert of the
 * later ones does nothing once the first commits, and they update the form it created.
 */
export async function submitParticipation(ctx: RequestContext, input: SubmitParticipationInput): Promise<Participation> {
  const authority = await submittingAuthority(ctx, input.localAuthorityId);
  const edition = await requireEdition(ctx, input.editionId);
  checkDeadline(ctx, edition, 'PARTICIPATION');
  const delegates = delegation(input.delegates, 'input.delegates');
  const problems = await sessionProblems(ctx, delegates, edition.id, 'input.delegates');
  if (problems.length) throw new BadUserInput(problems);
  const key = { editionId: edition.id, localAuthorityId: authority.id };
  return inTransaction(ctx, async (tx) => {
    const now = tx.now();
    let current = await tx.manager.findOne(Participation, { where: key, lock: { mode: 'pessimistic_write' } });
    if (!current) {
      const values = { ...key, status: ParticipationStatus.REGISTERED, delegates, attendsSteeringMeeting: input.attendsSteeringMeeting, submittedAt: now };
      const row = tx.manager.create(Participation, { ...values, version: 1, createdAt: now, updatedAt: now, updatedById: tx.actor!.person.id });
      const inserted = await tx.manager.createQueryBuilder().insert().into(Participation).values(row).orIgnore().returning(['id']).execute();
      if (inserted.raw.length) {
        row.id = inserted.raw[0].id;
        await recordChange(tx, {
          editionId: edition.id,
          action: ChangeAction.CREATE,
          entityType: Participation.name,
          entityId: row.id,
          changes: diff(null, { ...values, delegates: forTrail(delegates) }),
        });
        return row;
      }
      // Another submission created it meanwhile: this one updates it.
      current = await tx.manager.findOneOrFail(Participation, { where: key, lock: { mode: 'pessimistic_write' } });
    }
    const patch: Partial<Participation> = { attendsSteeringMeeting: input.attendsSteeringMeeting, submittedAt: now };
    const extraChanges: FieldChanges = {};
    if (JSON.stringify(delegation(current.delegates, 'delegates')) !== JSON.stringify(delegates)) {
      patch.delegates = delegates;
      extraChanges.delegates = { from: forTrail(current.delegates), to: forTrail(delegates) };
    }
    // Submitting again after a cancellation registers the authority again.
    if (current.status === ParticipationStatus.CANCELLED) patch.status = ParticipationStatus.REGISTERED;
    return updateVersioned(tx, PARTICIPATION, current, patch, extraChanges);
  });
}

/** The secretariat (or an admin) confirms a registered form: the authority is expected. */
export async function confirmParticipation(ctx: RequestContext, id: string, expectedVersion: number): Promise<Participation> {
  demandSignedIn(ctx, Right.ConfirmParticipation);
  return inTransaction(ctx, async (tx) => {
    const participation = await lockVersioned(tx, PARTICIPATION, id, expectedVersion, (p) => demand(tx, Right.ConfirmParticipation, p.editionId));
    if (participation.status !== ParticipationStatus.REGISTERED) {
      throw new InvalidState('confirmRegisteredOnly', { status: participation.status, allowed: [ParticipationStatus.REGISTERED] });
    }
    return updateVersioned(tx, PARTICIPATION, participation, {
      status: ParticipationStatus.CONFIRMED, confirmedAt: tx.now(), confirmedById: tx.actor!.person.id,
    });
  });
}

/** The authority withdraws: allowed at any time, even after the deadline. */
export async function cancelParticipation(ctx: RequestContext, id: string, expectedVersion: number): Promise<Participation> {
  demandSignedIn(ctx, Right.SubmitForAuthority);
  return inTransaction(ctx, async (tx) => {
    const participation = await lockVersioned(tx, PARTICIPATION, id, expectedVersion, (p) => demand(tx, Right.SubmitForAuthority, p.localAuthorityId));
    if (participation.status === ParticipationStatus.CANCELLED) {
      throw new InvalidState('participationCancelled', { status: participation.status, allowed: [ParticipationStatus.REGISTERED, ParticipationStatus.CONFIRMED] });
    }
    return updateVersioned(tx, PARTICIPATION, participation, { status: ParticipationStatus.CANCELLED });
  });
}
