/**
 * The one rule for "this doctor takes patients": their login is active and
 * they were not removed. Every query and mapping of the API that asks it uses
 * one of the two forms below.
 */

/** The rule as SQL over a doctor row (alias `doctor`) joined to its user row (alias `user`). */
export function activeDoctorSql(doctor = 'd', user = 'u'): string {
  return `(${user}.active AND ${doctor}.removed_at IS NULL)`;
}

/** The rule over a doctor loaded with its user. */
export function isActiveDoctor(doctor: { user?: { active: boolean }; removedAt: Date | null }): boolean {
  if (!doctor.user) throw new Error('isActiveDoctor needs the user loaded');
  return doctor.user.active && doctor.removedAt === null;
}
