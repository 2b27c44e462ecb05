import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../common/errors';

// Password guessing is slowed by rate-limiter-flexible over PostgreSQL, so that every instance counts
// the same attempts. Each attempt is counted (atomically, one upsert per counter) before its password
// is checked, and given back when it succeeds: parallel guesses cannot all slip past the check.
// - per address: any account; the address is then refused;
// - per (account, address): the guesser's address is refused for that account;
// - per account, from anywhere: answers are held back, growing with the failures, but never refused,
//   so that nobody can lock an account's owner out by guessing from elsewhere.
const WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMITS = {
  perAddress: 50,
  perAccountAndAddress: 10,
  /** Failures of an account, from anywhere, before its answers are held back... */
  accountSlowdownAfter: 10,
  /** ...this long for each failure beyond, up to the maximum. */
  slowdownStepMs: 200,
  maxSlowdownMs: 2_000,
  windowSeconds: WINDOW_SECONDS,
} as const;

/** One attempt, counted: wait `holdBackMs` before answering; call `succeeded()` if the password was right. */
export interface LoginAttempt {
  holdBackMs: number;
  succeeded(): Promise<void>;
}

// Keys that name an account are hashed: the table holds no email address, and a key never
// outgrows its column whatever was typed.
const hashed = (text: string) => createHash('sha256').update(text).digest('base64url');

export class LoginThrottle {
  private readonly perAddress: RateLimiterPostgres;
  private readonly perPair: RateLimiterPostgres;
  private readonly perAccount: RateLimiterPostgres;

  constructor(private readonly pool: Pool) {
    const common = { storeClient: pool, storeType: 'pool', tableName: 'login_throttle', tableCreated: true, clearExpiredByTimeout: false, duration: WINDOW_SECONDS };
    this.perAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: LOGIN_LIMITS.perAddress });
    this.perPair = new RateLimiterPostgres({ ...common, keyPrefix: 'pair', points: LOGIN_LIMITS.perAccountAndAddress });
    // Never refuses: its count only sets how long answers are held back.
    this.perAccount = new RateLimiterPostgres({ ...common, keyPrefix: 'account', points: Number.MAX_SAFE_INTEGER });
  }

  /**
   * Counts an attempt on `account` (a stable key: the person's id, or the email as the account
   * lookup normalised it) from `address`; TOO_MANY_REQUESTS once the address, or the account from
   * this address, has used its attempts. Counters whose window has passed are deleted on the way.
   */
  async attempt(account: string, address: string): Promise<LoginAttempt> {
    const addressKey = address.length <= 64 ? address : hashed(address);
    const pairKey = hashed(`${account}\n${address}`);
    const accountKey = hashed(account);
    const [fromAddress, pair, anywhere] = await Promise.all([
      this.perAddress.consume(addressKey).catch(spent),
      this.perPair.consume(pairKey).catch(spent),
      this.perAccount.consume(accountKey),
      this.pool.query('DELETE FROM login_throttle WHERE expire < $1', [Date.now()]),
    ]);
    const refused = [fromAddress, pair].filter((r): r is Spent => r instanceof Spent);
    if (refused.length) throw new TooManyRequests(Math.ceil(Math.max(...refused.map((r) => r.res.msBeforeNext)) / 1000));
    const failuresBefore = anywhere.consumedPoints - 1;
    const beyond = failuresBefore - LOGIN_LIMITS.accountSlowdownAfter;
    return {
      holdBackMs: beyond > 0 ? Math.min(beyond * LOGIN_LIMITS.slowdownStepMs, LOGIN_LIMITS.maxSlowdownMs) : 0,
      succeeded: async () => {
        // The guesses of others on this account stay counted; this address's on it are forgiven.
        await Promise.all([this.perAddress.reward(addressKey, 1), this.perPair.delete(pairKey), this.perAccount.reward(accountKey, 1)]);
      },
    };
  }
}

class Spent {
  constructor(readonly res: RateLimiterRes) {}
}

// consume() rejects with the counter's state once its points are spent: a refusal, not an error.
function spent(reason: unknown): Spent {
  if (reason instanceof RateLimiterRes) return new Spent(reason);
  throw reason;
}
