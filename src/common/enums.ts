import { registerEnumType } from 'type-graphql';

// Enums of the contract; each is also a CHECK constraint in the migrations.

export enum Locale { FR = 'FR', JA = 'JA', EN = 'EN' }
export enum Country { FR = 'FR', JP = 'JP' }
export enum EditionStatus { PLANNING = 'PLANNING', PROGRAM_PUBLISHED = 'PROGRAM_PUBLISHED', HELD = 'HELD', ARCHIVED = 'ARCHIVED' }
export enum CommitteeRole { PRESIDENT = 'PRESIDENT', MEMBER = 'MEMBER', SECRETARIAT = 'SECRETARIAT' }
export enum UserRole { ADMIN = 'ADMIN', COMMITTEE = 'COMMITTEE', LOCAL_AUTHORITY = 'LOCAL_AUTHORITY', GUEST = 'GUEST' }
export enum InvitationKind { ACCOUNT = 'ACCOUNT', PASSWORD_RESET = 'PASSWORD_RESET' }
export enum LocalAuthorityKind {
  REGION = 'REGION', DEPARTMENT = 'DEPARTMENT', INTERCOMMUNALITY = 'INTERCOMMUNALITY', COMMUNE = 'COMMUNE',
  PREFECTURE = 'PREFECTURE', DESIGNATED_CITY = 'DESIGNATED_CITY', CITY = 'CITY', TOWN = 'TOWN', VILLAGE = 'VILLAGE', OTHER = 'OTHER',
}
export enum SessionKind {
  OPENING = 'OPENING', PLENARY = 'PLENARY', WORKSHOPS = 'WORKSHOPS', SITE_VISIT = 'SITE_VISIT',
  RECEPTION = 'RECEPTION', BREAK = 'BREAK', CLOSING = 'CLOSING', OTHER = 'OTHER',
}
export enum ThemeStatus { PROPOSED = 'PROPOSED', VOTING = 'VOTING', ADOPTED = 'ADOPTED', REJECTED = 'REJECTED', WITHDRAWN = 'WITHDRAWN' }
export enum BallotChoice { FOR = 'FOR', AGAINST = 'AGAINST', ABSTAIN = 'ABSTAIN' }
export enum SuggestionKind { THEME = 'THEME', WORKSHOP = 'WORKSHOP', SESSION = 'SESSION', OTHER = 'OTHER' }
export enum SuggestionStatus { SUBMITTED = 'SUBMITTED', UNDER_REVIEW = 'UNDER_REVIEW', ACCEPTED = 'ACCEPTED', MERGED = 'MERGED', REJECTED = 'REJECTED' }
export enum ParticipationStatus { REGISTERED = 'REGISTERED', CONFIRMED = 'CONFIRMED', CANCELLED = 'CANCELLED' }
export enum ReleaseApprovalRule { SINGLE = 'SINGLE', BOTH_COMMITTEES = 'BOTH_COMMITTEES' }
export enum ReleaseStatus { PUBLISHED = 'PUBLISHED', AWAITING_APPROVAL = 'AWAITING_APPROVAL', REJECTED = 'REJECTED' }
export enum ChangeAction { CREATE = 'CREATE', UPDATE = 'UPDATE', DELETE = 'DELETE' }
export enum ReleaseChangeKind { ADDED = 'ADDED', REMOVED = 'REMOVED', MOVED = 'MOVED', RENAMED = 'RENAMED', CHANGED = 'CHANGED' }
export enum ProgramIssueKind {
  ROOM_DOUBLE_BOOKED = 'ROOM_DOUBLE_BOOKED', PERSON_DOUBLE_BOOKED = 'PERSON_DOUBLE_BOOKED', OUTSIDE_EDITION_DATES = 'OUTSIDE_EDITION_DATES',
  MISSING_TRANSLATION = 'MISSING_TRANSLATION', THEME_NOT_ADOPTED = 'THEME_NOT_ADOPTED',
  ROOM_TOO_SMALL = 'ROOM_TOO_SMALL', INTERPRETATION_NEEDED = 'INTERPRETATION_NEEDED',
}

registerEnumType(Locale, { name: 'Locale' });
registerEnumType(Country, { name: 'Country' });
registerEnumType(EditionStatus, { name: 'EditionStatus' });
registerEnumType(CommitteeRole, { name: 'CommitteeRole' });
registerEnumType(InvitationKind, {
  name: 'InvitationKind',
  valuesConfig: {
    ACCOUNT: { description: 'Opens an account: the invitee chooses a password.' },
    PASSWORD_RESET: { description: 'Lets an existing account holder choose a new password.' },
  },
});
registerEnumType(UserRole, {
  name: 'UserRole',
  valuesConfig: {
    ADMIN: { description: 'Secretariat staff of the co-organisers: every right.' },
    COMMITTEE: { description: 'A steering-committee member: edits the draft programme, proposes themes, votes.' },
    LOCAL_AUTHORITY: { description: 'A representative of one local authority: submits its suggestions and participation form.' },
    GUEST: { description: 'Listed in the programme or a delegation (speaker, moderator, delegate) with no account: cannot sign in.' },
  },
});
registerEnumType(LocalAuthorityKind, { name: 'LocalAuthorityKind' });
registerEnumType(SessionKind, { name: 'SessionKind' });
registerEnumType(ThemeStatus, { name: 'ThemeStatus' });
registerEnumType(BallotChoice, { name: 'BallotChoice' });
registerEnumType(SuggestionKind, { name: 'SuggestionKind' });
registerEnumType(SuggestionStatus, { name: 'SuggestionStatus' });
registerEnumType(ParticipationStatus, { name: 'ParticipationStatus' });
registerEnumType(ChangeAction, { name: 'ChangeAction' });
registerEnumType(ProgramIssueKind, { name: 'ProgramIssueKind' });
registerEnumType(ReleaseChangeKind, { name: 'ReleaseChangeKind' });
registerEnumType(ReleaseApprovalRule, { name: 'ReleaseApprovalRule' });
registerEnumType(ReleaseStatus, {
  name: 'ReleaseStatus',
  valuesConfig: {
    PUBLISHED: { description: 'Public: listed in releases and latestRelease, exported.' },
    AWAITING_APPROVAL: { description: 'Frozen, visible to committee members and admins only, until the other committee approves it.' },
    REJECTED: { description: 'Refused by the other committee; never public.' },
  },
});

