import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { UnauthenticatedError } from '../errors/domain-errors';

/** Authenticates the bearer token through the passport `jwt` strategy. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  override handleRequest<TUser>(err: unknown, user: TUser | false, info: unknown, _context: ExecutionContext): TUser {
    if (err instanceof Error && !(err instanceof UnauthenticatedError)) throw err;
    if (err || !user) {
      const reason =
        info instanceof Error && info.name === 'TokenExpiredError'
          ? 'The access token has expired'
          : 'Authentication required';
      throw err instanceof UnauthenticatedError ? err : new UnauthenticatedError('unauthenticated', reason);
    }
    return user;
  }
}
