import type { AuthUser } from './auth-user';

/**
 * What authenticates a request's bearer access token (provided by the auth
 * module under ACCESS_TOKEN_AUTHENTICATOR, used by JwtAuthGuard): answers the
 * caller, or throws UnauthenticatedError.
 */
export interface AccessTokenAuthenticator {
  authenticateBearer(authorization: string | string[] | undefined): Promise<AuthUser>;
}

export const ACCESS_TOKEN_AUTHENTICATOR = Symbol('ACCESS_TOKEN_AUTHENTICATOR');

/**
 * The token of an `Authorization: Bearer <token>` header, read as the
 * passport-jwt extractor reads it (first two words, scheme case-insensitive).
 */
export function bearerToken(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  const matches = /(\S+)\s+(\S+)/.exec(authorization);
  return matches && matches[1].toLowerCase() === 'bearer' ? matches[2] : null;
}
