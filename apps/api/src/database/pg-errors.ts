import { QueryFailedError } from 'typeorm';

/**
 * Reading PostgreSQL errors, in one place: the SQLSTATE codes a service turns
 * into a domain error (a taken name, a slot overlap, a row still referred to).
 * Errors not named here reach the problem filter, which maps the rest.
 */

interface DriverError {
  code?: string;
  constraint?: string;
}

/** The driver's error under a TypeORM query failure, or undefined for any other error. */
function driverError(error: unknown): DriverError | undefined {
  return error instanceof QueryFailedError ? (error.driverError as DriverError | undefined) : undefined;
}

/** The constraint named by a PostgreSQL exclusion violation (SQLSTATE 23P01), or null for any other error. */
export function exclusionViolation(error: unknown): string | null {
  const driver = driverError(error);
  if (driver?.code !== '23P01') return null;
  return driver.constraint ?? '';
}

/** True for a unique violation (SQLSTATE 23505), of the named constraint or index when one is given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driver = driverError(error);
  return driver?.code === '23505' && (constraint === undefined || driver.constraint === constraint);
}

/** True for a foreign key violation (SQLSTATE 23503): the row is still referred to, or refers to nothing. */
export function isForeignKeyViolation(error: unknown): boolean {
  return driverError(error)?.code === '23503';
}

export const DOCTOR_OVERLAP = 'EXC_appointments_doctor_overlap';
export const PATIENT_OVERLAP = 'EXC_appointments_patient_overlap';

/** The constraint named by a PostgreSQL check violation (SQLSTATE 23514, also raised by triggers), or null for any other error. */
export function checkViolation(error: unknown): string | null {
  const driver = driverError(error);
  if (driver?.code !== '23514') return null;
  return driver.constraint ?? '';
}
