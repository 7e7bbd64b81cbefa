import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasPermission } from '@hms/shared';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors';
import type { AuthUser } from './auth-user';
import { AUTH_REQUIREMENT, type AuthRequirement } from './auth-requirement';

/** Checks the caller's role against the route's roles and the shared permission map. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]);
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!user) throw new UnauthenticatedError('unauthenticated', 'Authentication required');
    if (!requirement) throw new ForbiddenError('forbidden', 'This route is not open to anyone');
    // The claim is in the access token: no lookup. The next token after the change drops it.
    if (user.mustChangePassword && !requirement.whilePasswordChangeRequired) {
      throw new ForbiddenError('password_change_required', 'Change your password before using the application');
    }
    if (requirement.roles.length > 0 && !requirement.roles.includes(user.role)) {
      throw new ForbiddenError('forbidden_role', 'Your role may not use this route');
    }
    for (const permission of requirement.permissions) {
      if (!hasPermission(user.role, permission)) {
        throw new ForbiddenError('forbidden_permission', `Missing permission ${permission}`);
      }
    }
    if (requirement.anyPermission.length > 0 && !requirement.anyPermission.some((p) => hasPermission(user.role, p))) {
      throw new ForbiddenError(
        'forbidden_permission',
        `Missing one of the permissions ${requirement.anyPermission.join(', ')}`,
      );
    }
    return true;
  }
}
