import { CommitteeRole, UserRole } from '../common/enums';
import { Forbidden, Unauthenticated } from '../common/errors';
import { isOwnView, type Actor } from './actor';

// Every right of PRODUCT.md's table, one function each. Resolvers and services ask these, nothing else.

type Ctx = { actor: Actor | null };

export const isAdmin = (ctx: Ctx) => ctx.actor?.person.role === UserRole.ADMIN;

function seatsIn(actor: Actor | null, editionId: string) {
  return actor?.memberships.filter((m) => m.editionId === editionId) ?? [];
}

/** Draft programme, history, programme issues, subscriptions: any signed-in user. */
export const canReadDraft = (ctx: Ctx) => ctx.actor !== null;

/** Themes that are not adopted, and tallies. */
export const canSeeAllThemes = (ctx: Ctx) => ctx.actor !== null;

export const canSeeOthersBallots = (ctx: Ctx) => isAdmin(ctx);

/** A committee member of this edition (or an admin) edits its programme, themes and suggestions' review. */
export const canEditProgram = (ctx: Ctx, editionId: string) =>
  isAdmin(ctx) || (ctx.actor?.person.role === UserRole.COMMITTEE && seatsIn(ctx.actor, editionId).length > 0);

/** Open or close a vote, schedule a meeting, publish the programme. */
export const canManageEdition = (ctx: Ctx, editionId: string) =>
  isAdmin(ctx) ||
  (ctx.actor?.person.role === UserRole.COMMITTEE &&
    seatsIn(ctx.actor, editionId).some((m) => m.role === CommitteeRole.PRESIDENT || m.role === CommitteeRole.SECRETARIAT));

/** Withdrawing a PROPOSED theme is editing the programme; withdrawing one under vote ends the vote, like closing it. */
export const canWithdrawTheme = (ctx: Ctx, editionId: string, underVote: boolean) =>
  underVote ? canManageEdition(ctx, editionId) : canEditProgram(ctx, editionId);

/** The committee seat through which the actor votes in this edition, if any (admins too, only through a seat). */
export const votingSeat = (ctx: Ctx, editionId: string) =>
  seatsIn(ctx.actor, editionId).find((m) => m.role === CommitteeRole.PRESIDENT || m.role === CommitteeRole.MEMBER) ?? null;

/** Suggestions and participation forms of a local authority. */
export const canReadAuthorityRecords = (ctx: Ctx, localAuthorityId: string) =>
  isAdmin(ctx) ||
  ctx.actor?.person.role === UserRole.COMMITTEE ||
  (ctx.actor?.person.role === UserRole.LOCAL_AUTHORITY && ctx.actor.person.localAuthorityId === localAuthorityId);

/** Suggestions and participation forms of every authority (a local authority sees only its own). */
export const canReadAllAuthorityRecords = (ctx: Ctx) => isAdmin(ctx) || ctx.actor?.person.role === UserRole.COMMITTEE;

/** Suggestions and participation forms after the edition's deadlines. */
export const canSubmitAfterDeadline = (ctx: Ctx) => isAdmin(ctx);

/**
 * Steering meetings, their agendas and minutes: any signed-in user. Local authorities are invited to
 * the wide committee's meetings (the letter of 11 July 2023 invites them all to the 18 Sept meeting).
 */
export const canReadMeetings = (ctx: Ctx) => ctx.actor !== null;

/** Delegates' emails: admins and the authority's own representatives. */
export const canSeeDelegateEmails = (ctx: Ctx, localAuthorityId: string) =>
  isAdmin(ctx) || (ctx.actor?.person.role === UserRole.LOCAL_AUTHORITY && ctx.actor.person.localAuthorityId === localAuthorityId);

/** Submitting a suggestion or participation form for an authority (deadlines are checked by the service). */
export const canSubmitForAuthority = (ctx: Ctx, localAuthorityId: string) =>
  isAdmin(ctx) || (ctx.actor?.person.role === UserRole.LOCAL_AUTHORITY && ctx.actor.person.localAuthorityId === localAuthorityId);

/** A person's email: the person (signed in, or in the payload of their own login) and admins. */
export const canSeeEmail = (ctx: Ctx, person: { id: string }) => isAdmin(ctx) || ctx.actor?.person.id === person.id || isOwnView(person);

/** Throws UNAUTHENTICATED for an anonymous caller and FORBIDDEN for one without the right. */
export function demand(ctx: Ctx, allowed: boolean, what: string): void {
  if (allowed) return;
  if (!ctx.actor) throw new Unauthenticated(`Sign in to ${what}`, what);
  throw new Forbidden(`You are not allowed to ${what}`, what);
}
