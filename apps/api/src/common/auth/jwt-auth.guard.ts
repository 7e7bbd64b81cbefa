import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ACCESS_TOKEN_AUTHENTICATOR, type AccessTokenAuthenticator } from './access-token';
import type { AuthUser } from './auth-user';

/**
 * Authenticates the bearer access token (see JwtStrategy.authenticateBearer) and
 * sets `request.user`. Called directly rather than through passport: the
 * answers are the same (401 `unauthenticated` "Authentication required" or
 * "The access token has expired", or the strategy's own 401s), without
 * passport's per-request wrapping.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private authenticator: AccessTokenAuthenticator | null = null;

  constructor(private readonly moduleRef: ModuleRef) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined>; user?: AuthUser }>();
    this.authenticator ??= this.moduleRef.get<AccessTokenAuthenticator>(ACCESS_TOKEN_AUTHENTICATOR, { strict: false });
    request.user = await this.authenticator.authenticateBearer(request.headers.authorization);
    return true;
  }
}
