import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-errors';
import type { AuthUser } from './auth-user';
import { AUTH_REQUIREMENT, PUBLIC_ROUTE, type AuthRequirement } from './auth.decorator';
import { DenyByDefaultGuard } from './deny-by-default.guard';
import { PermissionGuard } from './permission.guard';

function context(meta: Record<string, unknown>, user?: AuthUser): ExecutionContext {
  const handler = () => undefined;
  for (const [key, value] of Object.entries(meta)) Reflect.defineMetadata(key, value, handler);
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => ({ user }) }),
  } as unknown as ExecutionContext;
}

const patient: AuthUser = { userId: 'u1', email: 'p@x', role: 'patient', profileId: 'p1' };
const admin: AuthUser = { userId: 'u2', email: 'a@x', role: 'admin', profileId: null };
const requirement = (r: Partial<AuthRequirement>): AuthRequirement => ({
  roles: [],
  permissions: [],
  anyPermission: [],
  whilePasswordChangeRequired: false,
  ...r,
});

describe('PermissionGuard', () => {
  const guard = new PermissionGuard(new Reflector());

  it('admits a role listed on the route', () => {
    expect(guard.canActivate(context({ [AUTH_REQUIREMENT]: requirement({ roles: ['admin'] }) }, admin))).toBe(true);
  });

  it('refuses another role with 403', () => {
    expect(() =>
      guard.canActivate(context({ [AUTH_REQUIREMENT]: requirement({ roles: ['admin'] }) }, patient)),
    ).toThrow(ForbiddenError);
  });

  it('checks permissions against the shared role map', () => {
    const ctx = (user: AuthUser) =>
      context({ [AUTH_REQUIREMENT]: requirement({ permissions: ['appointments:book'] }) }, user);
    expect(guard.canActivate(ctx(patient))).toBe(true);
    expect(() => guard.canActivate(ctx(admin))).toThrow(ForbiddenError);
  });

  it('admits a role holding any one of the listed permissions and refuses a role holding none', () => {
    const doctor: AuthUser = { userId: 'u3', email: 'd@x', role: 'doctor', profileId: 'd1' };
    const ctx = (user: AuthUser) =>
      context(
        { [AUTH_REQUIREMENT]: requirement({ anyPermission: ['exports:create-own', 'exports:create-any'] }) },
        user,
      );
    expect(guard.canActivate(ctx(patient))).toBe(true);
    expect(guard.canActivate(ctx(admin))).toBe(true);
    expect(() => guard.canActivate(ctx(doctor))).toThrow(expect.objectContaining({ code: 'forbidden_permission' }));
  });

  it('no route decides access by role alone: every @Auth names permissions of the shared map', () => {
    const root = join(__dirname, '../..');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
    expect(files.length).toBeGreaterThan(10);
    const byRole = files.filter((f) => /@Auth\(\{[^)]*\broles\s*:/.test(readFileSync(join(root, f), 'utf8')));
    expect(byRole).toEqual([]);
  });

  it('refuses an account that must change its password, except on routes that allow it', () => {
    const pending: AuthUser = { ...patient, mustChangePassword: true };
    expect(() => guard.canActivate(context({ [AUTH_REQUIREMENT]: requirement({}) }, pending))).toThrow(
      expect.objectContaining({ code: 'password_change_required' }),
    );
    expect(
      guard.canActivate(context({ [AUTH_REQUIREMENT]: requirement({ whilePasswordChangeRequired: true }) }, pending)),
    ).toBe(true);
  });

  it('refuses without an authenticated user', () => {
    expect(() => guard.canActivate(context({ [AUTH_REQUIREMENT]: requirement({}) }))).toThrow(UnauthenticatedError);
  });
});

describe('DenyByDefaultGuard', () => {
  const guard = new DenyByDefaultGuard(new Reflector());

  it('closes a route that declares no access rule', () => {
    expect(() => guard.canActivate(context({}))).toThrow(ForbiddenError);
  });

  it('opens public routes and routes wearing @Auth', () => {
    expect(guard.canActivate(context({ [PUBLIC_ROUTE]: true }))).toBe(true);
    expect(guard.canActivate(context({ [AUTH_REQUIREMENT]: requirement({}) }))).toBe(true);
  });
});
