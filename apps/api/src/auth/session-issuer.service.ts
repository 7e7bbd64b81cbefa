import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AccessTokenClaims } from '../common/auth/auth-user';
import { NotFoundError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DirectoryService } from '../directory/directory.service';
import { AuthTokensDto, UserDto } from './dto/auth.dto';
import type { SessionEntity } from './entities/session.entity';
import type { UserEntity } from './entities/user.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsRepository } from './sessions.repository';
import { IssuedTokens, TokenService } from './token.service';
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

/** An account and the profile (patient or doctor) its tokens name. */
export interface Subject {
  user: UserEntity;
  profileId: string | null;
}

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

/**
 * Opens sessions and issues their token pairs. A session is one sign-in: its
 * refresh tokens form a family that rotation extends, and none outlives the
 * session's absolute end (REFRESH_TOKEN_TTL_DAYS after the sign-in).
 */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: TokenService,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The account and its profile id, or null when the account no longer exists. */
  async subject(userId: string): Promise<Subject | null> {
    const user = await this.users.findById(userId);
    if (!user) return null;
    return { user, profileId: await this.directory.profileIdOf(user.id, user.role) };
  }

  /** Opens a session for an authenticated account. */
  async signIn(user: UserEntity, client: ClientInfo): Promise<SignedIn> {
    return this.start({ user, profileId: await this.directory.profileIdOf(user.id, user.role) }, client);
  }

  /** Opens a session (one transaction with its first refresh token) and issues the pair. */
  start({ user, profileId }: Subject, client: ClientInfo): Promise<SignedIn> {
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
      return this.issue({ user, profileId }, session, em);
    });
  }

  /**
   * Opens a session for already authenticated claims (seeding and test
   * fixtures sign accounts in without spending a password hash).
   */
  async openSession(claims: AccessTokenClaims, client: ClientInfo = NO_CLIENT): Promise<IssuedTokens> {
    const user = await this.users.findById(claims.sub);
    if (!user) throw new NotFoundError('User');
    return (await this.start({ user, profileId: claims.pid }, client)).tokens;
  }

  /** A new token pair for the session, written in the caller's transaction. */
  async issue({ user, profileId }: Subject, session: SessionEntity, em: EntityManager): Promise<SignedIn> {
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
