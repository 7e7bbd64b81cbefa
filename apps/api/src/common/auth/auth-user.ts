import type { Role } from '@hms/shared';

/** The authenticated caller, as every service receives it. */
export interface AuthUser {
  userId: string;
  email: string;
  role: Role;
  /** The caller's doctor id (role doctor) or patient id (role patient); null for admins. */
  profileId: string | null;
}

/** Claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  pid: string | null;
}
