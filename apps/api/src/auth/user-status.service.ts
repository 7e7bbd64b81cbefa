import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEvents } from '../common/events/domain-events';
import { SessionsRepository } from './sessions.repository';
import { UsersRepository } from './users.repository';

/**
 * Answers "is this account still active" for every authenticated request.
 * The answer is kept in memory for a few seconds (USER_STATUS_CACHE_SECONDS),
 * and dropped at once in this process when the account is deactivated: a
 * deactivated user's tokens stop working within that many seconds everywhere.
 * The same holds for the session an access token belongs to: once it is
 * ended (sign-out, password change, "sign out other sessions"), its access
 * tokens stop working too.
 */
@Injectable()
export class UserStatusService implements OnModuleInit {
  private readonly cache = new Map<string, { active: boolean; until: number }>();
  private readonly sessionCache = new Map<string, { open: boolean; until: number }>();

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on('user.deactivated', ({ userId }) => this.forget(userId));
  }

  async isActive(userId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now) return hit.active;
    const active = (await this.users.activeFlag(userId)) ?? false;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(userId, { active, until: now + this.config.userStatusCacheSeconds * 1000 });
    return active;
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  /** Whether the session an access token belongs to is still open (same caching as the active flag). */
  async isSessionOpen(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.sessionCache.get(sessionId);
    if (hit && hit.until > now) return hit.open;
    const open = await this.sessions.isOpen(sessionId);
    if (this.sessionCache.size > 50_000) this.sessionCache.clear();
    this.sessionCache.set(sessionId, { open, until: now + this.config.userStatusCacheSeconds * 1000 });
    return open;
  }

  forgetSession(sessionId: string): void {
    this.sessionCache.delete(sessionId);
  }
}
