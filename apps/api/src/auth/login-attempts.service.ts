import { Inject, Injectable } from '@nestjs/common';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitStore } from './rate-limit.store';

/** Failed sign-ins of one account are counted over this window. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

/** Limits failed sign-ins per account, whatever address they come from. */
@Injectable()
export class LoginAttemptsService {
  constructor(
    private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(email: string): string {
    return `login-fail:${email.toLowerCase()}`;
  }

  async assertAllowed(email: string): Promise<void> {
    const { count, ttlMs } = await this.store.peek(this.key(email));
    if (count >= this.config.loginFailuresPerAccount) {
      throw new TooManyRequestsError(
        'too_many_failed_logins',
        'Too many failed sign-ins for this account; try again later',
        Math.max(1, Math.ceil(ttlMs / 1000)),
      );
    }
  }

  async recordFailure(email: string): Promise<void> {
    await this.store.hit(this.key(email), LOGIN_FAILURE_WINDOW_MS);
  }

  async reset(email: string): Promise<void> {
    await this.store.reset(this.key(email));
  }
}
