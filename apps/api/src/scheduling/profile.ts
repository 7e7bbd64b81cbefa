import type { AuthUser } from '../common/auth/auth-user';
import { ForbiddenError } from '../common/errors/domain-errors';

/** The caller's doctor or patient id; a doctor or patient account without a profile may do nothing here. */
export function profileOf(user: AuthUser): string {
  if (!user.profileId) throw new ForbiddenError('no_profile', 'This account has no doctor or patient profile');
  return user.profileId;
}
