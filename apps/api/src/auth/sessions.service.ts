import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { NotFoundError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SessionDto } from './dto/auth.dto';
import type { SessionEntity } from './entities/session.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { hashToken } from './token.service';
import { UserStatusService } from './user-status.service';

/**
 * Open sessions: listing them and ending them. A session ends when revoked,
 * after SESSION_IDLE_MINUTES without a refresh, and at the latest
 * REFRESH_TOKEN_TTL_DAYS after the sign-in.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly audit: AuditService,
    private readonly status: UserStatusService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Signs out whoever holds the refresh token: its session ends. Needs no
   * access token; an unknown, expired or already revoked token is a no-op.
   */
  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const row = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (row) await this.endSession(row.familyId, row.userId, 'signed_out');
  }

  /** The caller's live sessions, most recently used first. */
  async listSessions(caller: AuthUser): Promise<SessionDto[]> {
    const idleSince = new Date(Date.now() - this.config.sessionIdleMinutes * 60_000);
    const rows = await this.sessions.live(caller.userId, idleSince);
    return rows.map((s) => toSessionDto(s, caller));
  }

  /** Ends one of the caller's sessions; someone else's (or an unknown) id is 404. */
  async revokeSession(caller: AuthUser, sessionId: string): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    if (!session || session.userId !== caller.userId) throw new NotFoundError('Session');
    await this.endSession(session.id, caller.userId, 'ended_by_user');
  }

  /** Ends every session of the caller but the one making the request. */
  async revokeOtherSessions(caller: AuthUser): Promise<void> {
    await this.endSessionsOf(caller.userId, caller.sessionId ?? null);
  }

  /**
   * Ends one session: its refresh tokens stop working now, its access tokens
   * within seconds. Ending an open session is audited as `auth.session.ended` with the reason.
   */
  async endSession(sessionId: string, userId: string, reason: string, em?: EntityManager): Promise<void> {
    if (await this.sessions.revoke(sessionId, em)) {
      await this.audit.security(
        'auth.session.ended',
        { actorId: userId, resource: { type: 'session', id: sessionId }, details: { reason } },
        em,
      );
    }
    this.status.forgetSession(sessionId);
  }

  /** Ends every session of a user, but `keep` when given. */
  async endSessionsOf(userId: string, keep: string | null, em?: EntityManager): Promise<void> {
    const ended = await this.sessions.revokeAllOfUser(userId, keep, em);
    if (ended.length > 0) {
      await this.audit.security('auth.session.ended', { actorId: userId, details: { sessions: ended.length } }, em);
    }
    for (const id of ended) this.status.forgetSession(id);
  }

  /** Cuts a user off: sessions ended now, access tokens refused within seconds. */
  async revokeAllSessions(userId: string): Promise<void> {
    await this.endSessionsOf(userId, null);
    this.status.forget(userId);
  }
}

function toSessionDto(s: SessionEntity, caller: AuthUser): SessionDto {
  return {
    id: s.id,
    createdAt: s.createdAt.toISOString(),
    lastUsedAt: s.lastUsedAt.toISOString(),
    userAgent: s.userAgent,
    ip: s.ip,
    current: s.id === caller.sessionId,
  };
}
