import { CommitteeRole, UserRole } from '../common/enums';
import { Forbidden, SignInRequired } from '../common/errors';
import { isOwnView, type Actor } from './actor';

/**
 * Every right the service checks, by name: who may read or do what. Services ask `can` and
 * `demand`, never the roles themselves; errors name the right that was missing, and the message
 * catalogue says it in English, French and Japanese.
 */
export enum Right {
  /** The draft programme (sessions, days, programme issues), its history and its live changes: any signed-in user. */
  ReadDraft = 'ReadDraft',
  /** Themes not adopted yet: any signed-in user (anonymous readers see adopted themes only). */
  SeeAllThemes = 'SeeAllThemes',
  /**
   * Votes as they go: who voted and when (the ballots' events in the trail and programChanged), and
   * the tallies of votes not closed: committee members and admins. Others see a tally once closed.
   */
  SeeVoteProgress = 'SeeVoteProgress',
  /** Another person's ballot: admins only (committee members see who voted and when, through the trail). */
  SeeOthersBallots = 'SeeOthersBallots',
  /** Suggestions and participation forms: committee members and admins all; a local authority its own. */
  ReadAuthorityRecords = 'ReadAuthorityRecords',
  /** Delegates' contact details and needs: admins, the edition's secretariat seats and the authority's own representatives. */
  SeeDelegateEmails = 'SeeDelegateEmails',
  /** Registering a local authority for a steering meeting: its representatives, the edition's secretariat seats, admins. */
  RegisterForMeeting = 'RegisterForMeeting',
  /** Meeting registrations after their deadline: the edition's secretariat seats and admins. */
  RegisterAfterDeadline = 'RegisterAfterDeadline',
  /** Approving or refusing a release that waits (BOTH_COMMITTEES): a president or secretariat seat of the committee that did not publish it, and admins. */
  ApproveRelease = 'ApproveRelease',
  /** Releases that wait for approval: the edition's committee members and admins. */
  ReadPendingReleases = 'ReadPendingReleases',
  /** Confirming participation forms: the edition's secretariat seats and admins. */
  ConfirmParticipation = 'ConfirmParticipation',
  /** Sessions, workshops, proposing and changing themes, reviewing suggestions: the edition's committee members, and admins. */
  EditProgram = 'EditProgram',
  /** Opening, closing or withdrawing a vote, scheduling and changing meetings, publishing: the edition's presidents and secretariat, and admins. */
  ManageEdition = 'ManageEdition',
  /** A ballot: the voting members (PRESIDENT, MEMBER) of the edition's committees; an admin only through such a seat. */
  CastBallot = 'CastBallot',
  /** Suggestions and participation forms for a local authority: its representatives, and admins. */
  SubmitForAuthority = 'SubmitForAuthority',
  /** Suggestions and participation forms after the edition's deadlines: admins only. */
  SubmitAfterDeadline = 'SubmitAfterDeadline',
  /** Steering meetings and their agendas: any signed-in user (local authorities are invited to the wide committee's). */
  ReadMeetings = 'ReadMeetings',
  /** A person's email: the person, admins, and secretariat seats of an edition the person takes part in. */
  SeeEmail = 'SeeEmail',
  /** Finding people and adding GUEST people (speakers, moderators, delegates): committee members with a seat, secretariat seats, admins. */
  ListPeople = 'ListPeople',
  /** A person's names, function, organisation, bio and language: the person themself, and admins. */
  UpdatePerson = 'UpdatePerson',
  /** A person's email, role and local authority: admins only. */
  UpdatePersonAccount = 'UpdatePersonAccount',
  /** Invitations and password resets: admins for anyone; secretariat seats for LOCAL_AUTHORITY and COMMITTEE accounts. */
  InvitePeople = 'InvitePeople',
  /** Deactivating a person: admins only. */
  DeactivatePeople = 'DeactivatePeople',
  /** Changing and deleting an edition's rooms: its presidents and secretariat seats, and admins. */
  ManageRooms = 'ManageRooms',
  /** Changing a local authority's name and kind: secretariat seats and admins. */
  UpdateLocalAuthority = 'UpdateLocalAuthority',
  /** One's own tokens: signing out, issuing and revoking personal tokens. */
  ManageOwnTokens = 'ManageOwnTokens',
  /** One's own notifications and their settings: any signed-in user. */
  ManageOwnNotifications = 'ManageOwnNotifications',
  /** Webhooks, which receive every event of the chosen kinds: admins only. */
  ManageWebhooks = 'ManageWebhooks',
  /** Creating and changing editions and creating their rooms: admins only. */
  ManageEditions = 'ManageEditions',
  /** Seating people on committees, changing their role and unseating them: admins only. */
  ManageCommittees = 'ManageCommittees',
  /** Creating people and local authorities: admins only. */
  ManagePeople = 'ManagePeople',
}

/** Whoever asks: every request context has one. */
export interface Caller {
  actor: Actor | null;
}

const isAdmin = (actor: Actor | null) => actor?.person.role === UserRole.ADMIN;
const isCommittee = (actor: Actor | null) => actor?.person.role === UserRole.COMMITTEE;
const represents = (actor: Actor | null, localAuthorityId: string) =>
  actor?.person.role === UserRole.LOCAL_AUTHORITY && actor.person.localAuthorityId === localAuthorityId;
const seatsIn = (actor: Actor | null, editionId: string) => actor?.memberships.filter((m) => m.editionId === editionId) ?? [];
const signedIn = (actor: Actor | null) => actor !== null;
const holdsSecretariatSeat = (actor: Actor | null, editionIds?: readonly string[]) =>
  isCommittee(actor) && actor!.memberships.some((m) => m.role === CommitteeRole.SECRETARIAT && (!editionIds || editionIds.includes(m.editionId)));
/** The roles of the accounts a secretariat seat may invite. */
const SECRETARIAT_INVITES: readonly UserRole[] = [UserRole.LOCAL_AUTHORITY, UserRole.COMMITTEE];
/** A secretariat seat (Cités Unies France, CLAIR Paris) on one of the edition's committees. */
const secretariatOf = (actor: Actor | null, editionId: string) => holdsSecretariatSeat(actor, [editionId]);
const adminOnly = (actor: Actor | null) => isAdmin(actor);

/** The committee seat through which the caller votes in this edition, if any (admins too, only through a seat). */
export const votingSeat = (caller: Caller, editionId: string) =>
  seatsIn(caller.actor, editionId).find((m) => m.role === CommitteeRole.PRESIDENT || m.role === CommitteeRole.MEMBER) ?? null;

const manages = (m: { role: CommitteeRole }) => m.role === CommitteeRole.PRESIDENT || m.role === CommitteeRole.SECRETARIAT;

/** The seat through which the caller publishes for this edition (a president's or the secretariat's), if any: admins publish through none. */
export const managingSeat = (caller: Caller, editionId: string) =>
  (isCommittee(caller.actor) ? seatsIn(caller.actor, editionId).find(manages) : undefined) ?? null;

/** Each right's rule: the actor, then what the right is over (an edition, a local authority, a person). */
const RULES = {
  [Right.ReadDraft]: signedIn,
  [Right.SeeAllThemes]: signedIn,
  [Right.SeeVoteProgress]: (actor: Actor | null) => isAdmin(actor) || isCommittee(actor),
  [Right.SeeOthersBallots]: adminOnly,
  /** Without an authority: the records of every authority. */
  [Right.ReadAuthorityRecords]: (actor: Actor | null, localAuthorityId?: string) =>
    isAdmin(actor) || isCommittee(actor) || (localAuthorityId !== undefined && represents(actor, localAuthorityId)),
  [Right.SeeDelegateEmails]: (actor: Actor | null, localAuthorityId: string, editionId: string) =>
    isAdmin(actor) || represents(actor, localAuthorityId) || secretariatOf(actor, editionId),
  [Right.RegisterForMeeting]: (actor: Actor | null, editionId: string, localAuthorityId: string) =>
    isAdmin(actor) || represents(actor, localAuthorityId) || secretariatOf(actor, editionId),
  [Right.RegisterAfterDeadline]: (actor: Actor | null, editionId: string) => isAdmin(actor) || secretariatOf(actor, editionId),
  /** `committeeId`: the committee that published the release (null: an admin did, and either committee approves). */
  [Right.ApproveRelease]: (actor: Actor | null, editionId: string, committeeId: string | null) =>
    isAdmin(actor) || (isCommittee(actor) && seatsIn(actor, editionId).some((m) => manages(m) && m.committeeId !== committeeId)),
  [Right.ReadPendingReleases]: (actor: Actor | null, editionId: string) => isAdmin(actor) || (isCommittee(actor) && seatsIn(actor, editionId).length > 0),
  [Right.ConfirmParticipation]: (actor: Actor | null, editionId: string) => isAdmin(actor) || secretariatOf(actor, editionId),
  [Right.EditProgram]: (actor: Actor | null, editionId: string) =>
    isAdmin(actor) || (isCommittee(actor) && seatsIn(actor, editionId).length > 0),
  [Right.ManageEdition]: (actor: Actor | null, editionId: string) =>
    isAdmin(actor) ||
    (isCommittee(actor) && seatsIn(actor, editionId).some((m) => m.role === CommitteeRole.PRESIDENT || m.role === CommitteeRole.SECRETARIAT)),
  [Right.CastBallot]: (actor: Actor | null, editionId: string) => votingSeat({ actor }, editionId) !== null,
  [Right.SubmitForAuthority]: (actor: Actor | null, localAuthorityId: string) => isAdmin(actor) || represents(actor, localAuthorityId),
  [Right.SubmitAfterDeadline]: adminOnly,
  [Right.ReadMeetings]: signedIn,
  /**
   * The person themselves (signed in, or in the payload of their own login), admins, and secretariat
   * seats of one of `editionIds`, the editions the person takes part in.
   */
  [Right.SeeEmail]: (actor: Actor | null, person: { id: string }, editionIds: readonly string[] = []) =>
    isAdmin(actor) || actor?.person.id === person.id || isOwnView(person) || (editionIds.length > 0 && holdsSecretariatSeat(actor, editionIds)),
  [Right.ListPeople]: (actor: Actor | null) => isAdmin(actor) || (isCommittee(actor) && actor!.memberships.length > 0),
  [Right.UpdatePerson]: (actor: Actor | null, personId: string) => isAdmin(actor) || (signedIn(actor) && actor!.person.id === personId),
  [Right.UpdatePersonAccount]: adminOnly,
  /** Without a role: whether the caller may invite anyone at all (to list pending invitations). */
  [Right.InvitePeople]: (actor: Actor | null, role?: UserRole) =>
    isAdmin(actor) || (holdsSecretariatSeat(actor) && (role === undefined || SECRETARIAT_INVITES.includes(role))),
  [Right.DeactivatePeople]: adminOnly,
  [Right.ManageRooms]: (actor: Actor | null, editionId: string) =>
    isAdmin(actor) ||
    (isCommittee(actor) && seatsIn(actor, editionId).some((m) => m.role === CommitteeRole.PRESIDENT || m.role === CommitteeRole.SECRETARIAT)),
  [Right.UpdateLocalAuthority]: (actor: Actor | null) => isAdmin(actor) || holdsSecretariatSeat(actor),
  [Right.ManageOwnTokens]: signedIn,
  [Right.ManageOwnNotifications]: signedIn,
  [Right.ManageWebhooks]: adminOnly,
  [Right.ManageEditions]: adminOnly,
  [Right.ManageCommittees]: adminOnly,
  [Right.ManagePeople]: adminOnly,
} satisfies Record<Right, (actor: Actor | null, ...scope: never[]) => boolean>;

/** What a right is over, as its rule takes it. */
export type ScopeOf<R extends Right> = (typeof RULES)[R] extends (actor: Actor | null, ...scope: infer S) => boolean ? S : never;

export function can<R extends Right>(caller: Caller, right: R, ...scope: ScopeOf<R>): boolean {
  return (RULES[right] as unknown as (actor: Actor | null, ...scope: ScopeOf<R>) => boolean)(caller.actor, ...scope);
}

/** UNAUTHENTICATED for an anonymous caller, FORBIDDEN for a signed-in one without the right. */
export function demand<R extends Right>(caller: Caller, right: R, ...scope: ScopeOf<R>): void {
  if (can(caller, right, ...scope)) return;
  throw caller.actor ? new Forbidden(right) : new SignInRequired(right);
}

/**
 * UNAUTHENTICATED for an anonymous caller asking for `right`, before anything is read: what the
 * right is over (an edition...) may not even exist, and an anonymous caller must not learn which.
 */
export function demandSignedIn(caller: Caller, right: Right): void {
  if (!caller.actor) throw new SignInRequired(right);
}

/** The roles a caller may invite or reset passwords of: every role for admins, LOCAL_AUTHORITY and COMMITTEE for secretariat seats. */
export const invitableRoles = (caller: Caller): readonly UserRole[] =>
  isAdmin(caller.actor) ? Object.values(UserRole) : holdsSecretariatSeat(caller.actor) ? SECRETARIAT_INVITES : [];

/** A caller who may submit for any local authority (admins), and so must name the one they submit for. */
export const submitsForAnyAuthority = (caller: Caller): boolean => isAdmin(caller.actor);
