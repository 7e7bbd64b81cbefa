import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { PASSWORD_MIN_LENGTH } from '@hms/shared';

/** What the server's password policy asks for, said once for every new-password field. */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters; not a commonly used password, and not containing your email address.`;

/** The repeat field: equal to its sibling `other`. */
export function sameAs(other: string): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const sibling = control.parent?.get(other);
    if (!sibling || !control.value) return null;
    return control.value === sibling.value ? null : { mismatch: 'The two passwords do not match.' };
  };
}
