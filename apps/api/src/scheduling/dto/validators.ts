import { applyDecorators } from '@nestjs/common';
import { Matches, ValidateBy } from 'class-validator';
import { isClinicDate } from '../../common/time/clinic-time';

/** A real calendar date written YYYY-MM-DD. */
export function IsClinicDate() {
  return applyDecorators(
    ValidateBy({
      name: 'isClinicDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isClinicDate(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a date YYYY-MM-DD`,
      },
    }),
  );
}

/** A wall-clock time HH:mm (00:00 to 23:59). */
export function IsWallTime() {
  return Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: '$property must be a time HH:mm (00:00 to 23:59)' });
}

/** An instant: ISO 8601 date-time with Z or an offset. */
export function IsInstant() {
  return Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: '$property must be an ISO 8601 date-time with Z or an offset, e.g. 2026-03-02T09:30:00Z',
  });
}
