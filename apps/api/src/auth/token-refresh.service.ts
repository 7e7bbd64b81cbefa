import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ForbiddenError, UnauthenticatedError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LoginAttemptsService } from './login-attempts.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { ClientInfo, NO_CLIENT, SessionIssuer, SignedIn } from './session-issuer.service';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { hashToken } from './token.service';

/** A refresh that fails after its transaction rolled back: the session is ended outside it. */
class EndSession extends Error {
  constructor(
    readonly sessionId: string,
    readonly answer: Error,
  ) {
    super(answer.message);
  }
}

/** Refresh-token rotation. */
@Injectable()
export class TokenRefreshService {
  private readonly logger = new Logger(TokenRefreshService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly attempts: LoginAttemptsService,
    private readonly issuer: SessionIssuer,
    private readonly sessionEnds: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Exchanges a refresh token for a new pair. Each token works once; using an
   * already exchanged token ends its whole session (theft detection). Marking
   * the old token used and issuing the new one commit together, so a failure
   * in between leaves the old token usable instead of signing the user out.
   */
  async refresh(refreshToken: string | undefined, client: ClientInfo = NO_CLIENT): Promise<SignedIn> {
    if (!refreshToken) throw new UnauthenticatedError('refresh_token_missing', 'No refresh token was sent');
    const invalid = () => new UnauthenticatedError('refresh_token_invalid', 'The refresh token is not valid');
    const found = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (!found || found.revokedAt) throw invalid();
    await this.attempts.assertRefreshAllowed(found.familyId);
    // Read before the transaction: the embedded database serves one connection at a time.
    const subject = await this.issuer.subject(found.userId);
    if (!subject) throw invalid();
    try {
      return await this.dataSource.transaction(async (em) => {
        const session = await this.sessions.lock(found.familyId, em);
        if (!session || session.revokedAt) throw invalid();
        if (!(await this.refreshTokens.claimForRotation(found.id, em))) {
          this.logger.warn({ userId: found.userId, sessionId: session.id }, 'Refresh token reused; ending its session');
          throw new EndSession(
            session.id,
            new UnauthenticatedError('refresh_token_reused', 'The refresh token was already used'),
          );
        }
        const now = Date.now();
        if (session.expiresAt.getTime() <= now || found.expiresAt.getTime() <= now) {
          throw new EndSession(
            session.id,
            new UnauthenticatedError('session_expired', 'The session has reached its maximum length; sign in again'),
          );
        }
        if (session.lastUsedAt.getTime() + this.config.sessionIdleMinutes * 60_000 <= now) {
          throw new EndSession(
            session.id,
            new UnauthenticatedError('session_idle', 'The session ended after a period of inactivity; sign in again'),
          );
        }
        if (!subject.user.active) {
          throw new EndSession(session.id, new ForbiddenError('account_inactive', 'This account is deactivated'));
        }
        await this.sessions.touch(session.id, client.ip || session.ip, em);
        return this.issuer.issue(subject, session, em);
      });
    } catch (error) {
      if (error instanceof EndSession) {
        await this.sessionEnds.endSession(
          error.sessionId,
          found.userId,
          error.answer instanceof DomainError ? error.answer.code : 'ended',
        );
        throw error.answer;
      }
      throw error;
    }
  }
}
