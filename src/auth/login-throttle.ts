import type { Pool } from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequests } from '../common/errors';

// Password guessing is slowed per account and per address, by rate-limiter-flexible over
// PostgreSQL so that every instance counts the same failures. Only failures count.
const WINDOW_SECONDS = 15 * 60;
export const LOGIN_LIMITS = { perAccount: 10, perAddress: 50, windowSeconds: WINDOW_SECONDS } as const;

export class LoginThrottle {
  private readonly perAccount: RateLimiterPostgres;
  private readonly perAddress: RateLimiterPostgres;

  constructor(pool: Pool) {
    const common = { storeClient: pool, storeType: 'pool', tableName: 'login_throttle', tableCreated: true, clearExpiredByTimeout: false, duration: WINDOW_SECONDS };
    this.perAccount = new RateLimiterPostgres({ ...common, keyPrefix: 'account', points: LOGIN_LIMITS.perAccount });
    this.perAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: LOGIN_LIMITS.perAddress });
  }

  /** Refuses at once while either counter is exhausted, before any password is checked. */
  async check(email: string, address: string): Promise<void> {
    const [account, from] = await Promise.all([this.perAccount.get(email.toLowerCase()), this.perAddress.get(address)]);
    const blocked = [
      account && account.consumedPoints >= LOGIN_LIMITS.perAccount ? account : null,
      from && from.consumedPoints >= LOGIN_LIMITS.perAddress ? from : null,
    ].filter((r): r is RateLimiterRes => r !== null);
    if (blocked.length) throw new TooManyRequests(Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000));
  }

  async failed(email: string, address: string): Promise<void> {
    // consume() rejects once the points are spent: that is the state check() reads, not an error here.
    await Promise.all([
      this.perAccount.consume(email.toLowerCase()).catch(rejectedOnlyWhenSpent),
      this.perAddress.consume(address).catch(rejectedOnlyWhenSpent),
    ]);
  }

  async succeeded(email: string): Promise<void> {
    await this.perAccount.delete(email.toLowerCase());
  }
}

function rejectedOnlyWhenSpent(reason: unknown): void {
  if (!(reason instanceof RateLimiterRes)) throw reason;
}
