import {
  canReadAllAuthorityRecords, canReadAuthorityRecords, canSubmitAfterDeadline, canSubmitForAuthority, demand, isAdmin,
} from '../../auth/permissions';
import { BadUserInput, DeadlinePassed, NotFound } from '../../common/errors';
import { isUuid } from '../../db/loaders';
import type { RequestContext } from '../context';
import { LocalAuthority } from '../people/local-authority.entity';

// Rules shared by the records a local authority sends (suggestions, participation forms), so that
// the modules of those records, and the audit trail that shows their changes, need not reach into
// one another.

/**
 * The authority a suggestion or form is submitted for: a representative's own when left out (another
 * is FORBIDDEN); an admin must name one. Committee members submit nothing.
 */
export async function submittingAuthority(ctx: RequestContext, given: string | null | undefined, what: string): Promise<LocalAuthority> {
  demand(ctx, ctx.actor !== null, what);
  const id = given ?? (isAdmin(ctx) ? null : ctx.actor!.person.localAuthorityId);
  if (id === null || id === undefined) {
    if (isAdmin(ctx)) throw BadUserInput.field('input.localAuthorityId', 'is required for an admin: name the local authority');
    demand(ctx, false, what);
  }
  demand(ctx, canSubmitForAuthority(ctx, id!), what);
  const authority = isUuid(id) ? await ctx.loaders.byId(LocalAuthority).load(id) : null;
  if (!authority) throw new NotFound('LocalAuthority', id!);
  return authority;
}

/** DEADLINE_PASSED once `deadline` is behind the clock, except for admins. */
export function checkDeadline(ctx: RequestContext, deadline: Date | null, what: string): void {
  if (deadline && !canSubmitAfterDeadline(ctx) && ctx.now().getTime() > deadline.getTime()) {
    throw new DeadlinePassed(`The deadline for ${what} was ${deadline.toISOString()}`);
  }
}

/** Records of authorities the caller may read, in the given order: a representative sees their own only. */
export function visibleRecords<T extends { localAuthorityId: string }>(ctx: RequestContext, rows: T[]): T[] {
  demand(ctx, ctx.actor !== null, 'read the records of local authorities');
  return canReadAllAuthorityRecords(ctx) ? rows : rows.filter((row) => canReadAuthorityRecords(ctx, row.localAuthorityId));
}

/** Whether the caller reads the records of every authority (committee members and admins). */
export const canReadEveryRecord = (ctx: RequestContext): boolean => canReadAllAuthorityRecords(ctx);

/** Whether the caller may read this record of a local authority (a representative: their own authority's only). */
export const canReadRecord = (ctx: RequestContext, record: { localAuthorityId: string }): boolean =>
  canReadAuthorityRecords(ctx, record.localAuthorityId);
