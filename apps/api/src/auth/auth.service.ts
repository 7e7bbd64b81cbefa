import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DataSource, EntityManager } from 'typeorm';
import type { AccessTokenClaims, AuthUser } from '../common/auth/auth-user';
import { DomainEvents } from '../common/events/domain-events';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { assertDateOfBirthNotInFuture } from '../directory/date-of-birth';
import { APP_CONFIG } from '../config/config.module';
import { DirectoryService } from '../directory/directory.service';
import { AuthTokensDto, MeDto, RegisterDto, SessionDto, UserDto } from './dto/auth.dto';
import type { SessionEntity } from './entities/session.entity';
import type { UserEntity } from './entities/user.entity';
import { LoginAttemptsService } from './login-attempts.service';
import { assertPasswordAllowed } from './password-policy';
import { PasswordService } from './password.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { hashToken, IssuedTokens, TokenService } from './token.service';
import { UserStatusService } from './user-status.service';
import { UsersRepository } from './users.repository';

export interface SignedIn {
  body: AuthTokensDto;
  tokens: IssuedTokens;
}

/** Who is signing in or refreshing: recorded on the session. */
export interface ClientInfo {
  userAgent: string;
  ip: string;
}

export const NO_CLIENT: ClientInfo = { userAgent: '', ip: '' };

export function toUserDto(
  user: Pick<UserEntity, 'id' | 'email' | 'role' | 'active'> & { mustChangePassword?: boolean },
): UserDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    active: user.active,
    mustChangePassword: user.mustChangePassword ?? false,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } })?.driverError?.code === '23505';
}

/** A refresh that fails after its transaction rolled back: the session is ended outside it. */
class EndSession extends Error {
  constructor(
    readonly sessionId: string,
    readonly answer: Error,
  ) {
    super(answer.message);
  }
}

/**
 * Sign-in, sessions and refresh-token rotation. A session is one sign-in: its
 * refresh tokens form a family that rotation extends. It ends when revoked,
 * after SESSION_IDLE_MINUTES without a refresh, and at the latest
 * REFRESH_TOKEN_TTL_DAYS after the sign-in (rotation never moves that end).
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly sessions: SessionsRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly attempts: LoginAttemptsService,
    private readonly status: UserStatusService,
    private readonly directory: DirectoryService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a patient account and its profile in one transaction, then signs it in. */
  async register(input: RegisterDto, client: ClientInfo = NO_CLIENT): Promise<SignedIn> {
    assertPasswordAllowed(input.password, input.email, 'password');
    assertDateOfBirthNotInFuture(input.dateOfBirth, this.config.clinicTimezone);
    const passwordHash = await this.passwords.hash(input.password);
    let user: UserEntity;
    let patientId: string;
    try {
      ({ user, patientId } = await this.dataSource.transaction(async (em) => {
        const created = await this.users.create({ email: input.email, passwordHash, role: 'patient' }, em);
        const id = await this.directory.createPatient(
          {
            userId: created.id,
            fullName: input.fullName,
            dateOfBirth: input.dateOfBirth ?? null,
            phone: input.phone ?? null,
          },
          em,
        );
        return { user: created, patientId: id };
      }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('email_taken', 'An account with this email already exists');
      throw error;
    }
    await this.events.publish('patient.changed', { patientId });
    return this.startSession(user, patientId, client);
  }

  /** Signs in; failures are counted per account and client address. */
  async login(email: string, password: string, client: ClientInfo = NO_CLIENT): Promise<SignedIn> {
    const address = client.ip;
    await this.attempts.assertAllowed(email, address);
    const user = await this.users.findByEmail(email);
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok) {
      const lockedOut = await this.attempts.recordFailure(email, address, user);
      const who = { actorId: user?.id ?? null, role: user?.role ?? null, email };
      await this.audit.security('auth.login.failure', { ...who, outcome: 'failure' });
      if (lockedOut) await this.audit.security('auth.lockout', { ...who, outcome: 'denied' });
      throw new UnauthenticatedError('invalid_credentials', 'Wrong email or password');
    }
    await this.attempts.reset(email, address);
    if (!user.active) {
      await this.audit.security('auth.login.failure', {
        actorId: user.id,
        role: user.role,
        outcome: 'denied',
        details: { reason: 'account_inactive' },
      });
      throw new ForbiddenError('account_inactive', 'This account is deactivated');
    }
    await this.users.touchLastLogin(user.id);
    await this.audit.security('auth.login.success', { actorId: user.id, role: user.role });
    return this.startSession(user, await this.directory.profileIdOf(user.id, user.role), client);
  }

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
    const user = await this.users.findById(found.userId);
    if (!user) throw invalid();
    // Read before the transaction: the embedded database serves one connection at a time.
    const profileId = await this.directory.profileIdOf(user.id, user.role);
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
        if (!user.active) {
          throw new EndSession(session.id, new ForbiddenError('account_inactive', 'This account is deactivated'));
        }
        await this.sessions.touch(session.id, client.ip || session.ip, em);
        return this.issue(user, profileId, session, em);
      });
    } catch (error) {
      if (error instanceof EndSession) {
        await this.endSession(
          error.sessionId,
          found.userId,
          error.answer instanceof DomainError ? error.answer.code : 'ended',
        );
        throw error.answer;
      }
      throw error;
    }
  }

  /**
   * Signs out whoever holds the refresh token: its session ends. Needs no
   * access token; an unknown, expired or already revoked token is a no-op.
   */
  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const row = await this.refreshTokens.findByHash(hashToken(refreshToken));
    if (row) await this.endSession(row.familyId, row.userId, 'signed_out');
  }

  async me(caller: AuthUser): Promise<MeDto> {
    const user = await this.users.findById(caller.userId);
    if (!user) throw new UnauthenticatedError('account_missing', 'This account no longer exists');
    return { user: toUserDto(user), profile: await this.directory.profileOf(user.id, user.role) };
  }

  /** The caller's live sessions, most recently used first. */
  async listSessions(caller: AuthUser): Promise<SessionDto[]> {
    const rows = await this.sessions.live(caller.userId, this.idleSince());
    return rows.map((s) => this.toSessionDto(s, caller));
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

  /**
   * Opens a session for already authenticated claims (seeding and test
   * fixtures sign accounts in without spending a password hash).
   */
  async openSession(claims: AccessTokenClaims, client: ClientInfo = NO_CLIENT): Promise<IssuedTokens> {
    const user = await this.users.findById(claims.sub);
    if (!user) throw new NotFoundError('User');
    return (await this.startSession(user, claims.pid, client)).tokens;
  }

  private idleSince(): Date {
    return new Date(Date.now() - this.config.sessionIdleMinutes * 60_000);
  }

  private toSessionDto(s: SessionEntity, caller: AuthUser): SessionDto {
    return {
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      userAgent: s.userAgent,
      ip: s.ip,
      current: s.id === caller.sessionId,
    };
  }

  private startSession(user: UserEntity, profileId: string | null, client: ClientInfo): Promise<SignedIn> {
    return this.dataSource.transaction(async (em) => {
      const session = await this.sessions.insert(
        {
          id: randomUUID(),
          userId: user.id,
          expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 24 * 3600_000),
          userAgent: client.userAgent.slice(0, 512),
          ip: client.ip.slice(0, 64),
        },
        em,
      );
      return this.issue(user, profileId, session, em);
    });
  }

  /** A new token pair for the session; the refresh token never outlives the session's absolute end. */
  private async issue(
    user: UserEntity,
    profileId: string | null,
    session: SessionEntity,
    em: EntityManager,
  ): Promise<SignedIn> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      email: user.email,
      role: user.role,
      pid: profileId,
      sid: session.id,
    };
    if (user.mustChangePassword) claims.mcp = true;
    const refresh = this.tokens.newRefreshToken();
    await this.refreshTokens.insert(
      { userId: user.id, familyId: session.id, tokenHash: refresh.hash, expiresAt: session.expiresAt },
      em,
    );
    const tokens: IssuedTokens = {
      accessToken: await this.tokens.accessToken(claims),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken: refresh.token,
    };
    return {
      tokens,
      body: {
        accessToken: tokens.accessToken,
        expiresIn: tokens.expiresIn,
        refreshToken: tokens.refreshToken,
        user: toUserDto(user),
      },
    };
  }
}
