import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-problems.decorator';
import type { AuthUser } from './auth-user';
import { AUTH_REQUIREMENT, PUBLIC_ROUTE, type AuthRequirement } from './auth-requirement';
import { JwtAuthGuard } from './jwt-auth.guard';
import { PermissionGuard } from './permission.guard';

export { AUTH_REQUIREMENT, PUBLIC_ROUTE, type AuthRequirement };

/**
 * The one decorator every protected route wears: authentication (JWT), the
 * role/permission check and the OpenAPI security entry, applied together.
 * `@Auth()` admits any signed-in user; `@Auth({ roles: ['doctor'] })` or
 * `@Auth({ permissions: ['doctors:manage'] })` (all of them) or
 * `@Auth({ anyPermission: ['exports:create-own', 'exports:create-any'] })`
 * (one of them) narrows it; prefer permissions to roles, so the shared map
 * (libs/shared/src/roles.ts) stays the one place that says who may do what. Every route
 * answers 403 password_change_required to an account that must change its
 * password, unless it declares `whilePasswordChangeRequired: true`.
 */
export function Auth(requirement: Partial<AuthRequirement> = {}) {
  const value: AuthRequirement = {
    roles: requirement.roles ?? [],
    permissions: requirement.permissions ?? [],
    anyPermission: requirement.anyPermission ?? [],
    whilePasswordChangeRequired: requirement.whilePasswordChangeRequired ?? false,
  };
  const narrowed = value.roles.length > 0 || value.permissions.length > 0 || value.anyPermission.length > 0;
  return applyDecorators(
    SetMetadata(AUTH_REQUIREMENT, value),
    UseGuards(JwtAuthGuard, PermissionGuard),
    ApiBearerAuth('bearer'),
    narrowed || !value.whilePasswordChangeRequired ? ApiProblems(401, 403) : ApiProblems(401),
  );
}

/** Marks a route that anyone may call. Every other route must wear @Auth. */
export function Public() {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/** The authenticated caller of this request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user) throw new Error('CurrentUser used on a route without @Auth');
  return request.user;
});
