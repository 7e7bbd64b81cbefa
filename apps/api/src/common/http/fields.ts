import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MIN_LENGTH } from '@hms/shared';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength, MinLength } from 'class-validator';

/** Trims strings; leaves anything else for the validators to reject. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Trims and lower-cases strings (emails are stored lower-case). */
export const lowerTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** An account email: trimmed, lower-cased, at most 254 characters. */
export function EmailField(example: string) {
  return applyDecorators(
    ApiProperty({ example, format: 'email', maxLength: 254 }),
    Transform(lowerTrim),
    IsEmail({}, { message: 'email must be an email address' }),
    MaxLength(254),
  );
}

/**
 * A new password: PASSWORD_MIN_LENGTH to 128 characters. The services apply
 * the rest of the password policy (common passwords, the email's local part).
 */
export function NewPasswordField(name = 'password') {
  return applyDecorators(
    ApiProperty({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: 128,
      description: 'Not a commonly used password, and not containing the local part of the email',
    }),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, { message: `${name} must be at least ${PASSWORD_MIN_LENGTH} characters` }),
    MaxLength(128),
  );
}

/** A person's full name: trimmed, 1 to 120 characters. */
export function FullNameField(example: string) {
  return applyDecorators(
    ApiProperty({ example, minLength: 1, maxLength: 120 }),
    Transform(trim),
    IsString(),
    Length(1, 120),
  );
}
