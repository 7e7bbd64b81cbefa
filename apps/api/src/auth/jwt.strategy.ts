import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { isRole } from '@hms/shared';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AccessTokenClaims, AuthUser } from '../common/auth/auth-user';
import { UnauthenticatedError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JWT_AUDIENCE, JWT_ISSUER } from './token.service';
import { UserStatusService } from './user-status.service';

/** Verifies bearer access tokens and refuses those of deactivated accounts. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly status: UserStatusService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: jsonwebtoken otherwise tries to parse a text secret as a PEM key on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
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
