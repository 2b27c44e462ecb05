import type { Mailer } from '../common/mailer';
import type { Logger } from '../logger';
import type { AccountEvents, PasswordResetRequested } from '../modules/accounts/account-events';
import { passwordResetMail } from './messages';

const DELAYS_MS = [2_000, 10_000, 60_000];

/**
 * Mails the reset links people ask for. The link is a secret kept nowhere else (only its hash is
 * stored), so it does not go through the job queue's table: it is sent from memory, retried a few
 * times with growing delays, and lost if this instance stops meanwhile (the person asks again).
 */
export function mailAccountEvents(events: AccountEvents, mailer: Mailer, log: Logger): void {
  events.on('passwordResetRequested', (request: PasswordResetRequested) => {
    const mail = passwordResetMail(request);
    const attempt = (n: number): void => {
      mailer.send({ to: request.email, ...mail }).then(
        () => log.info({ personId: request.personId }, 'password reset link mailed'),
        (error) => {
          if (n >= DELAYS_MS.length) return log.error({ err: error, personId: request.personId }, 'password reset link could not be mailed');
          log.warn({ err: error, personId: request.personId, attempt: n + 1 }, 'password reset mail refused; trying again');
          setTimeout(() => attempt(n + 1), DELAYS_MS[n]).unref();
        },
      );
    };
    attempt(0);
  });
}
