import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { isRole } from '@hms/shared';
import { JsonWebTokenError, TokenExpiredError, verify, type JwtPayload } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { bearerToken, type AccessTokenAuthenticator } from '../common/auth/access-token';
import type { AccessTokenClaims, AuthUser } from '../common/auth/auth-user';
import { UnauthenticatedError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JWT_AUDIENCE, JWT_ISSUER } from './token.service';
import { UserStatusService } from './user-status.service';

/** Verified tokens kept at most (their claims, until they expire); the oldest half goes when full. */
const VERIFIED_TOKENS_MAX = 10_000;

const unauthenticated = (reason = 'Authentication required') => new UnauthenticatedError('unauthenticated', reason);

/**
 * Verifies bearer access tokens and refuses those of deactivated accounts.
 * `authenticateBearer` (what JwtAuthGuard calls) verifies a token's signature,
 * issuer and audience once and keeps its claims until the token expires: the
 * same bytes verify the same way, and expiry is checked on every request.
 * The account and session checks (`validate`) run on every request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') implements AccessTokenAuthenticator {
  private readonly verified = new Map<string, { claims: AccessTokenClaims; exp: number }>();
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly status: UserStatusService,
  ) {
    const key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: jsonwebtoken otherwise tries to parse a text secret as a PEM key on every request.
      secretOrKey: key,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
    this.key = key;
  }

  async authenticateBearer(authorization: string | string[] | undefined): Promise<AuthUser> {
    const token = bearerToken(authorization);
    if (!token) throw unauthenticated();
    return this.validate(this.verifyToken(token));
  }

  private verifyToken(token: string): AccessTokenClaims {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (nowSeconds < known.exp) return known.claims;
      this.verified.delete(token);
      throw unauthenticated('The access token has expired');
    }
    let payload: JwtPayload;
    try {
      payload = verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      }) as JwtPayload;
    } catch (error) {
      if (error instanceof TokenExpiredError) throw unauthenticated('The access token has expired');
      if (error instanceof JsonWebTokenError || error instanceof SyntaxError) throw unauthenticated();
      throw error;
    }
    if (typeof payload !== 'object' || payload === null) throw unauthenticated();
    const claims = payload as unknown as AccessTokenClaims;
    // Only tokens that say when they expire and carry no not-before are kept.
    if (typeof payload.exp === 'number' && payload.nbf === undefined) {
      if (this.verified.size >= VERIFIED_TOKENS_MAX) {
        let drop = VERIFIED_TOKENS_MAX / 2;
        for (const old of this.verified.keys()) {
          if (drop-- <= 0) break;
          this.verified.delete(old);
        }
      }
      this.verified.set(token, { claims, exp: payload.exp });
    }
    return claims;
  }

  async validate(claims: AccessTokenClaims): Promise<AuthUser> {
    if (typeof claims.sub !== 'string' || !isRole(claims.role)) {
      throw new UnauthenticatedError('invalid_token', 'The access token is malformed');
    }
    if (!(await this.status.isActive(claims.sub))) {
      throw new UnauthenticatedError('account_inactive', 'This account is deactivated or no longer exists');
    }
    if (typeof claims.sid === 'string' && !(await this.status.isSessionOpen(claims.sid))) {
      throw new UnauthenticatedError('session_ended', 'This session has ended; sign in again');
    }
    return {
      userId: claims.sub,
      email: claims.email,
      role: claims.role,
      profileId: claims.pid ?? null,
      sessionId: claims.sid ?? null,
      mustChangePassword: claims.mcp === true,
    };
  }
}
