import { RuleViolationError } from '../common/errors/domain-errors';
import { clinicToday } from '../common/time/clinic-time';

/**
 * 422 `date_of_birth_in_future` when a date of birth (YYYY-MM-DD) is after
 * today in the clinic's time zone. Every path that writes one asks this.
 */
export function assertDateOfBirthNotInFuture(
  dateOfBirth: string | null | undefined,
  timeZone: string,
  now: Date = new Date(),
): void {
  if (dateOfBirth && dateOfBirth > clinicToday(timeZone, now)) {
    throw new RuleViolationError('date_of_birth_in_future', 'The date of birth cannot be in the future', [
      { field: 'dateOfBirth', message: 'dateOfBirth must not be after today' },
    ]);
  }
}
