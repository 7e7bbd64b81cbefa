import type { ValidatorFn } from '@angular/forms';

export const DATE_OF_BIRTH_IN_FUTURE = 'The date of birth cannot be in the future.';

/**
 * Refuses a date of birth (YYYY-MM-DD) after `today()` (the clinic's date),
 * as the API does with `date_of_birth_in_future`. Empty passes.
 */
export function dateOfBirthValidator(today: () => string): ValidatorFn {
  return (control) => {
    const value: unknown = control.value;
    return typeof value === 'string' && value !== '' && value > today()
      ? { dateOfBirthInFuture: DATE_OF_BIRTH_IN_FUTURE }
      : null;
  };
}
