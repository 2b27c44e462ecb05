// Domain errors thrown by services; src/server/format-error.ts turns them into API errors.

export const ERROR_CODES = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'VOTING_CLOSED',
  'DEADLINE_PASSED', 'INVALID_STATE', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'TOO_MANY_REQUESTS',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** `action` names the right that was missing, e.g. "edit the programme", for translated messages. */
export class Unauthenticated extends DomainError {
  constructor(message = 'Authentication required', action?: string) {
    super('UNAUTHENTICATED', message, action ? { action } : {});
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this', action?: string) {
    super('FORBIDDEN', message, action ? { action } : {});
  }
}

export class NotFound extends DomainError {
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} does not exist`, { entity, id });
  }
}

export class BadUserInput extends DomainError {
  constructor(readonly fields: FieldProblem[]) {
    super('BAD_USER_INPUT', `Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
  }
  static field(field: string, message: string): BadUserInput {
    return new BadUserInput([{ field, message }]);
  }
}

export class Conflict extends DomainError {
  constructor(entity: string, readonly currentVersion: number) {
    super('CONFLICT', `${entity} was changed by someone else: its current version is ${currentVersion}`, { currentVersion });
  }
}

export class InvalidState extends DomainError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

export class DeadlinePassed extends DomainError {
  constructor(message: string) {
    super('DEADLINE_PASSED', message);
  }
}

export class VotingClosed extends DomainError {
  constructor(message = 'Voting on this theme is closed') {
    super('VOTING_CLOSED', message);
  }
}


/** Too many failed logins: the caller must wait `retryAfterSeconds`. */
export class TooManyRequests extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', `Too many failed attempts; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}
