import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TooManyRequestsError } from '../common/errors/domain-errors';
import { ApiProblems } from '../common/http/api-problems.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitStore } from './rate-limit.store';

/** The per-address budget of the credential routes is counted over this window. */
export const ADDRESS_RATE_WINDOW_MS = 60_000;

/**
 * Per client address (`request.ip`, which honours only TRUST_PROXY's hops),
 * at most AUTH_RATE_LIMIT requests a minute across every route wearing
 * `@AddressRateLimit()`: sign-in, registration, password forgot/reset. One
 * budget for all of them, so guessing cannot move from one route to another.
 * Refreshing a session does not spend it (that is limited per session).
 */
@Injectable()
export class AddressRateLimitGuard implements CanActivate {
  constructor(
    private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const { count, ttlMs } = await this.store.hit(`auth-ip:${request.ip}`, ADDRESS_RATE_WINDOW_MS);
    if (count > this.config.authRateLimit) {
      throw new TooManyRequestsError(
        'too_many_requests',
        'Too many sign-in requests from this network address',
        Math.max(1, ttlMs / 1000),
      );
    }
    return true;
  }
}

/** Guards a credential route against guessing: the per-address limit, and its 429 in the OpenAPI document. */
export function AddressRateLimit() {
  return applyDecorators(UseGuards(AddressRateLimitGuard), ApiProblems(429));
}
