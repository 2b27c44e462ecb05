import { can, demand, demandSignedIn, Right, submitsForAnyAuthority } from '../../auth/rights';
import { BadUserInput, DeadlineKind, DeadlinePassed, Forbidden, NotFound, problem } from '../../common/errors';
import { isUuid } from '../../db/loaders';
import type { RequestContext } from '../context';
import type { Edition } from '../editions/edition.entity';
import { LocalAuthority } from '../people/local-authority.entity';

// Rules shared by the records a local authority sends (suggestions, participation forms), so that
// the modules of those records, and the audit trail that shows their changes, need not reach into
// one another.

/**
 * The authority a suggestion or form is submitted for: a representative's own when left out (another
 * is FORBIDDEN); an admin must name one. Committee members submit nothing.
 */
export async function submittingAuthority(ctx: RequestContext, given: string | null | undefined): Promise<LocalAuthority> {
  demandSignedIn(ctx, Right.SubmitForAuthority);
  const id = given ?? (submitsForAnyAuthority(ctx) ? null : ctx.actor!.person.localAuthorityId);
  if (id === null || id === undefined) {
    if (submitsForAnyAuthority(ctx)) throw BadUserInput.field('input.localAuthorityId', problem('adminNamesAuthority'));
    throw new Forbidden(Right.SubmitForAuthority);
  }
  demand(ctx, Right.SubmitForAuthority, id);
  const authority = isUuid(id) ? await ctx.loaders.byId(LocalAuthority).load(id) : null;
  if (!authority) throw new NotFound(LocalAuthority, id);
  return authority;
}

const DEADLINES: Record<Exclude<DeadlineKind, 'MEETING_REGISTRATION'>, (edition: Edition) => Date | null> = {
  SUGGESTION: (edition) => edition.suggestionDeadline,
  PARTICIPATION: (edition) => edition.participationDeadline,
};

/** DEADLINE_PASSED, naming the deadline and when it was, once it is behind the clock; admins are not held to it. */
export function checkDeadline(ctx: RequestContext, edition: Edition, kind: keyof typeof DEADLINES): void {
  const deadline = DEADLINES[kind](edition);
  if (deadline && !can(ctx, Right.SubmitAfterDeadline) && ctx.now().getTime() > deadline.getTime()) {
    throw new DeadlinePassed(kind, deadline, edition.timeZone);
  }
}

/** Whether the caller reads the records of every authority (committee members and admins). */
export const canReadEveryRecord = (ctx: RequestContext): boolean => can(ctx, Right.ReadAuthorityRecords);

/** Whether the caller may read this record of a local authority (a representative: their own authority's only). */
export const canReadRecord = (ctx: RequestContext, record: { localAuthorityId: string }): boolean =>
  can(ctx, Right.ReadAuthorityRecords, record.localAuthorityId);

/** Records of authorities the caller may read, in the given order: a representative sees their own only. */
export function visibleRecords<T extends { localAuthorityId: string }>(ctx: RequestContext, rows: T[]): T[] {
  demandSignedIn(ctx, Right.ReadAuthorityRecords);
  return canReadEveryRecord(ctx) ? rows : rows.filter((row) => canReadRecord(ctx, row));
}
