import { Inject, Injectable, Logger } from '@nestjs/common';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { UnitOfWork } from '../common/events/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitStore } from './rate-limit.store';

/** Failed sign-ins of one account from one address are counted over this window. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** Refreshes of one session are counted over this window. */
export const REFRESH_WINDOW_MS = 60_000;

/**
 * Sign-in failures counted per account AND client address: past
 * LOGIN_FAILURES_PER_ACCOUNT that address is refused for that account until
 * the window ends, while the owner signing in from anywhere else is not
 * affected, so nobody can lock someone else out. There is deliberately no
 * account-wide ceiling across addresses: it would hand that lock back to
 * anyone who knows an email. The owner is emailed once per lockout window.
 * Also limits refreshes per session (refresh-token family).
 */
@Injectable()
export class LoginAttemptsService {
  private readonly logger = new Logger(LoginAttemptsService.name);

  constructor(
    private readonly store: RateLimitStore,
    private readonly unit: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(email: string, address: string): string {
    return `login-fail:${email.toLowerCase()}:${address}`;
  }

  async assertAllowed(email: string, address: string): Promise<void> {
    const { count, ttlMs } = await this.store.peek(this.key(email, address));
    if (count >= this.config.loginFailuresPerAccount) {
      throw new TooManyRequestsError(
        'too_many_failed_logins',
        'Too many failed sign-ins for this account from this network address',
        ttlMs / 1000,
      );
    }
  }

  /**
   * Counts a failure; the one that reaches the limit emails the account's owner
   * (once per lockout window). True when this failure locked the address out.
   */
  async recordFailure(email: string, address: string, account: { id: string } | null): Promise<boolean> {
    const { count, ttlMs } = await this.store.hit(this.key(email, address), LOGIN_FAILURE_WINDOW_MS);
    if (count !== this.config.loginFailuresPerAccount) return false;
    if (!account) return true;
    const mail = await this.store.hit(`lockout-mail:${account.id}`, LOGIN_FAILURE_WINDOW_MS);
    if (mail.count !== 1) return true;
    const window = Math.floor(Date.now() / LOGIN_FAILURE_WINDOW_MS);
    const until = new Date(Date.now() + ttlMs).toISOString();
    try {
      await this.unit.run(async ({ record }) =>
        record('account.locked', { userId: account.id, address, until, window }),
      );
    } catch (error) {
      this.logger.warn(`Lockout notice not recorded: ${(error as Error).message}`);
    }
    return true;
  }

  async reset(email: string, address: string): Promise<void> {
    await this.store.reset(this.key(email, address));
  }

  /** At most REFRESH_RATE_LIMIT refreshes a minute per session, whatever address they come from. */
  async assertRefreshAllowed(familyId: string): Promise<void> {
    const { count, ttlMs } = await this.store.hit(`refresh:${familyId}`, REFRESH_WINDOW_MS);
    if (count > this.config.refreshRateLimit) {
      throw new TooManyRequestsError('too_many_refreshes', 'This session is refreshing too often', ttlMs / 1000);
    }
  }
}
