import { EventEmitter } from 'node:events';
import type { Locale } from '../../common/enums';

/** A reset link someone asked for by email (`requestPasswordReset`), to be mailed to the account's address. */
export interface PasswordResetRequested {
  personId: string;
  email: string;
  /** The name the person reads in their own language, and that language. */
  displayName: string;
  preferredLocale: Locale;
  /** The one-time link; it is nowhere else (only its hash is stored). */
  link: string;
  expiresAt: Date;
}

interface Events {
  passwordResetRequested: [PasswordResetRequested];
}

/**
 * What happens to accounts that other parts of the service act on, announced after the change
 * commits. Mail listens to `passwordResetRequested` (`app.accountEvents.on(...)`); until it does,
 * a request is recorded (its PASSWORD_RESET invitation) and nothing is sent. A listener's failure
 * is logged by the listener, never thrown back at the caller, whose answer must not depend on it.
 */
export class AccountEvents extends EventEmitter<Events> {}
