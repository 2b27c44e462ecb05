// Domain errors thrown by services: a code, the key of its message in the catalogue
// (src/server/messages.ts, in English, French and Japanese) and the facts that message names.
// src/server/format-error.ts renders them in the caller's language.

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'VOTING_CLOSED',
  'DEADLINE_PASSED', 'INVALID_STATE', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'TOO_MANY_REQUESTS',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What is wrong with one input value: a key of the catalogue and the values its text names. */
export const FIELD_PROBLEMS = [
  // texts
  'tooLong', 'tooShort', 'controlCharacters', 'lineBreak', 'invalidUnicode', 'needsFrenchOrJapanese', 'required', 'notEmpty', 'notText',
  'emailAddress', 'timeZone', 'cannotBeCleared', 'invalid',
  // numbers and lists
  'wholeNumber', 'moreThanZero', 'atLeast', 'atMost', 'range', 'atMostTwoDecimals', 'wholeDays', 'notEmptyList',
  'atMostItems', 'listedTwice', 'inTheFuture', 'nestedTooDeep',
  // editions, committees, people
  'notBeforeStartDate', 'editionExists', 'authorityCannotSit', 'alreadyOnCommittee', 'seatedInEdition', 'requiredForAuthority',
  'noSuchAuthority', 'emailTaken', 'adminNamesAuthority', 'passwordIsEmail', 'passwordIsServiceName', 'wrongPassword',
  'invitationUnusable', 'alreadyHasAccount', 'guestCannotSignIn', 'roomInUse', 'invitableRole',
  // the programme and meetings
  'afterStart', 'roomOfAnotherEdition', 'themeOfAnotherEdition', 'sessionOfAnotherEdition', 'committeeOfAnotherEdition',
  'workshopsSessionOnly', 'sessionHoldsWorkshops', 'agendaFull', 'notOnAgenda', 'wholeAgenda',
  // delegations, spreadsheets
  'oneHead', 'csvColumns',
  // the trail
  'changeEventId', 'feedCursor',
] as const;

export type FieldProblemKey = (typeof FIELD_PROBLEMS)[number];

export interface Problem {
  key: FieldProblemKey;
  params?: Record<string, string | number>;
  /** The language of a LocalizedText the problem is in (fr, ja, en). */
  language?: string;
}

export const problem = (key: FieldProblemKey, params?: Problem['params'], language?: string): Problem =>
  language ? { key, params, language } : params ? { key, params } : { key };

/** The problems of one input field, named by its path (`input.title`). */
export interface FieldProblem {
  field: string;
  problems: Problem[];
}

/** Why an action does not fit the state a record is in (INVALID_STATE). */
export const STATE_PROBLEMS = [
  'themeUnderVote', 'themeWithdrawn', 'withdrawUndecidedOnly', 'voteEnded', 'voteProposedOnly', 'closeVotingOnly',
  'suggestionMove', 'suggestionKind', 'participationCancelled', 'meetingNotOpen', 'confirmRegisteredOnly', 'releaseNotAwaiting',
] as const;

export type StateProblem = (typeof STATE_PROBLEMS)[number];

/** Why a ballot is refused (VOTING_CLOSED). */
export const VOTE_CLOSURES = ['notOpenYet', 'withdrawn', 'closed'] as const;
export type VoteClosure = (typeof VOTE_CLOSURES)[number];

/** Which deadline has passed (DEADLINE_PASSED). */
export const DEADLINE_KINDS = ['SUGGESTION', 'PARTICIPATION', 'MEETING_REGISTRATION'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Why a caller is not recognised, when no particular right is at stake (UNAUTHENTICATED). */
export const SIGN_IN_PROBLEMS = ['wrongCredentials', 'badToken'] as const;
export type SignInProblem = (typeof SIGN_IN_PROBLEMS)[number];

/** Why the service cannot answer now (SERVICE_UNAVAILABLE). */
export const UNAVAILABILITIES = ['starting', 'databaseUnreachable', 'timedOut'] as const;
export type Unavailability = (typeof UNAVAILABILITIES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** The message's key in the catalogue's section for `code` (a right, an entity type, a reason...). */
    readonly key: string,
    /** The values the message names. */
    readonly params: Record<string, unknown> = {},
    /** The same facts as fields, for clients. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    // For logs only: clients get the catalogue's text in their language.
    super(`${code} ${key} ${JSON.stringify(params)}`);
    this.name = new.target.name;
  }
}

/** An anonymous caller asking for `right` (a right's name, see src/auth/rights.ts). */
export class SignInRequired extends DomainError {
  constructor(right: string) {
    super('UNAUTHENTICATED', right, {}, { right });
  }
}

export class Unauthenticated extends DomainError {
  constructor(reason: SignInProblem) {
    super('UNAUTHENTICATED', reason, {}, { reason });
  }
}

export class Forbidden extends DomainError {
  constructor(right: string) {
    super('FORBIDDEN', right, {}, { right });
  }
}

/** `entity` is the entity class (its name is the GraphQL type name). */
export class NotFound extends DomainError {
  constructor(entity: { name: string }, id: string) {
    super('NOT_FOUND', entity.name, { id }, { entity: entity.name, id });
  }
}

export class BadUserInput extends DomainError {
  constructor(readonly fields: FieldProblem[]) {
    super('BAD_USER_INPUT', 'fields', { fields });
  }
  static field(field: string, one: Problem): BadUserInput {
    return new BadUserInput([{ field, problems: [one] }]);
  }
}

export interface ConflictFacts {
  currentVersion: number;
  /** Display name of who changed the record last, if anyone. */
  updatedBy: string | null;
  updatedAt: Date;
  /** The zone of the record's edition, in which its time is told; null for records of no edition. */
  timeZone: string | null;
}

export class Conflict extends DomainError {
  constructor(entity: { name: string }, id: string, facts: ConflictFacts) {
    super('CONFLICT', entity.name, { id, ...facts }, {
      entity: entity.name,
      currentVersion: facts.currentVersion,
      updatedBy: facts.updatedBy,
      updatedAt: facts.updatedAt.toISOString(),
    });
  }
}

/** The record's current `status`, and the statuses the action needs (`allowed`), or those it may move to. */
export class InvalidState extends DomainError {
  constructor(reason: StateProblem, facts: { status: string; allowed?: string[]; [name: string]: unknown }) {
    super('INVALID_STATE', reason, facts, { reason, status: facts.status, allowed: facts.allowed ?? [] });
  }
}

export class DeadlinePassed extends DomainError {
  constructor(kind: DeadlineKind, deadline: Date, timeZone: string) {
    super('DEADLINE_PASSED', kind, { deadline, timeZone }, { deadlineKind: kind, deadline: deadline.toISOString() });
  }
}

export class VotingClosed extends DomainError {
  constructor(closure: VoteClosure, status: string) {
    super('VOTING_CLOSED', closure, { status }, { status });
  }
}

export class ServiceUnavailable extends DomainError {
  constructor(reason: Unavailability) {
    super('SERVICE_UNAVAILABLE', reason, {}, { reason });
  }
}

/** Which limit a caller reached (TOO_MANY_REQUESTS): failed logins, the query budget, live operations on one connection. */
export const THROTTLES = ['failedLogins', 'queryBudget', 'subscriptionsPerConnection'] as const;
export type Throttle = (typeof THROTTLES)[number];

/** A limit reached: the caller must wait `retryAfterSeconds` (0: until something of theirs ends), with the limit's facts. */
export class TooManyRequests extends DomainError {
  constructor(readonly retryAfterSeconds: number, reason: Throttle = 'failedLogins', facts: Record<string, number> = {}) {
    super('TOO_MANY_REQUESTS', reason, { retryAfterSeconds, ...facts }, { reason, retryAfterSeconds, ...facts });
  }
}
