/** Roles of a signed-in user. Shared by the API and the web app. */
export const ROLES = ['admin', 'doctor', 'patient', 'receptionist'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Permission names. The API guards routes with them and the web app shows
 * routes and buttons with them; both read the one map below.
 */
export const PERMISSIONS = [
  'admin:dashboard',
  'specializations:manage',
  'doctors:manage',
  'patients:manage',
  'appointments:read-all',
  'jobs:run',
  'queues:inspect',
  'doctor:dashboard',
  'availability:manage',
  'appointments:read-own-doctor',
  'appointments:complete',
  'treatments:write',
  'doctor-patients:read',
  'patient:dashboard',
  'profile:manage',
  'doctors:browse',
  'appointments:book',
  'treatments:read-own',
  'exports:create-own',
  'exports:create-any',
  'audit:read',
  'access-log:read',
  'appointments:check-in',
  'appointments:cancel-any',
  'appointments:cancel-own-doctor',
  'waitlist:join',
  'staff:manage',
  'desk:use',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [
    'admin:dashboard',
    'specializations:manage',
    'doctors:manage',
    'patients:manage',
    'appointments:read-all',
    'jobs:run',
    'queues:inspect',
    'exports:create-any',
    'audit:read',
    'appointments:check-in',
    'appointments:cancel-any',
    'staff:manage',
    'desk:use',
  ],
  doctor: [
    'doctor:dashboard',
    'availability:manage',
    'appointments:read-own-doctor',
    'appointments:complete',
    'appointments:cancel-own-doctor',
    'treatments:write',
    'doctor-patients:read',
    'appointments:check-in',
  ],
  patient: [
    'patient:dashboard',
    'profile:manage',
    'doctors:browse',
    'appointments:book',
    'treatments:read-own',
    'exports:create-own',
    'access-log:read',
    'waitlist:join',
  ],
  /** The front desk: books, moves, cancels and checks in for patients; never reads clinical text. */
  receptionist: ['desk:use'],
};

export function hasPermission(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
