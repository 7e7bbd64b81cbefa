import type { Role } from '@hms/shared';

/** The authenticated caller, as every service receives it. */
export interface AuthUser {
  userId: string;
  email: string;
  role: Role;
  /** The caller's doctor id (role doctor) or patient id (role patient); null for admins. */
  profileId: string | null;
  /** The sign-in (session) the access token was issued for. */
  sessionId?: string | null;
  /** The account must change its password before using anything but a few auth routes. */
  mustChangePassword?: boolean;
}

/** Claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  role: Role;
  pid: string | null;
  /** Session id. */
  sid?: string;
  /** Present and true while the account must change its password. */
  mcp?: boolean;
}
