import { Validators } from '@angular/forms';

/** Field limits the API enforces, mirrored so the form says so before the round trip. */
export const FULL_NAME_MAX = 120;
export const PHONE_PATTERN = /^\+?[0-9 ()-]{5,32}$/;

export const fullNameValidators = [Validators.required, Validators.maxLength(FULL_NAME_MAX)];
export const phoneValidators = [Validators.pattern(PHONE_PATTERN)];
