import type { Permission, Role } from '@hms/shared';

/**
 * What @Auth and @Public record on a route, read by the guards. Kept apart
 * from the decorators, which apply the guards, so neither imports the other.
 */
export const AUTH_REQUIREMENT = 'hms:auth';
export const PUBLIC_ROUTE = 'hms:public';

export interface AuthRequirement {
  roles: Role[];
  /** Every one of these is required. */
  permissions: Permission[];
  /** At least one of these is required (a route serving several scopes, e.g. own and any). */
  anyPermission: Permission[];
  /**
   * Open to an account that must change its password first (mustChangePassword):
   * every other route answers 403 password_change_required until it does.
   */
  whilePasswordChangeRequired: boolean;
}
