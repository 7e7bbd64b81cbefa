import { createHash, createHmac, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '../common/auth/auth-user';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const JWT_ISSUER = 'hms';
export const JWT_AUDIENCE = 'hms-api';

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The secret of a password link (reset or invitation), derived from the
 * link's id with the server's signing secret. Only its hash is stored, and
 * the mail job derives it again when it writes the email, so the secret
 * itself is never written anywhere (not even to the outbox).
 */
export function deriveAccountToken(secret: string, tokenId: string): string {
  return createHmac('sha256', secret).update(`password-link:${tokenId}`).digest('base64url');
}

/** Signs short-lived access tokens and makes random refresh tokens (stored hashed by the caller). */
@Injectable()
export class TokenService {
  private readonly signingKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.signingKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  accessToken(claims: AccessTokenClaims): Promise<string> {
    return this.jwt.signAsync(claims, {
      privateKey: this.signingKey as unknown as string,
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  get accessTokenTtlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashToken(token) };
  }

  accountToken(tokenId: string): string {
    return deriveAccountToken(this.config.jwtSecret, tokenId);
  }
}
