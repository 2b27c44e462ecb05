import {
  canReadAllAuthorityRecords, canReadAuthorityRecords, canSubmitAfterDeadline, canSubmitForAuthority, demand, isAdmin,
} from '../../auth/permissions';
import { BadUserInput, DeadlinePassed, NotFound } from '../../common/errors';
import type { RequestContext } from '../../context';
import { isUuid } from '../../db/loaders';
import type { FieldChanges } from '../audit/audit.service';
import type { ChangeEvent } from '../audit/change-event.entity';
import { Participation } from '../participation/participation.entity';
import { LocalAuthority } from '../people/local-authority.entity';
import { Suggestion } from './suggestion.entity';

// Rules shared by the two kinds of records a local authority sends: suggestions and participation forms.

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

const RECORD_TYPES: Record<string, typeof Suggestion | typeof Participation> = { Suggestion, Participation };

/**
 * The trail (Edition.history, programChanged) is open to every signed-in user; the changes of another
 * authority's suggestion or form are not, so they read as {} there. Its bare existence stays visible.
 */
export async function visibleChanges(ctx: RequestContext, event: ChangeEvent): Promise<FieldChanges> {
  const entity = RECORD_TYPES[event.entityType];
  if (!entity || canReadAllAuthorityRecords(ctx)) return event.changes;
  const record = await ctx.loaders.byId<Suggestion | Participation>(entity).load(event.entityId);
  return record && canReadAuthorityRecords(ctx, record.localAuthorityId) ? event.changes : {};
}
