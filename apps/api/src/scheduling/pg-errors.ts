import { QueryFailedError } from 'typeorm';

interface DriverError {
  code?: string;
  constraint?: string;
}

/** The constraint named by a PostgreSQL exclusion violation (SQLSTATE 23P01), or null for any other error. */
export function exclusionViolation(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = error.driverError as DriverError | undefined;
  if (driver?.code !== '23P01') return null;
  return driver.constraint ?? '';
}

/** True for a unique violation (SQLSTATE 23505) of the named constraint or index. */
export function uniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as DriverError | undefined;
  return driver?.code === '23505' && (constraint === undefined || driver.constraint === constraint);
}

export const DOCTOR_OVERLAP = 'EXC_appointments_doctor_overlap';
export const PATIENT_OVERLAP = 'EXC_appointments_patient_overlap';
export const WINDOW_OVERLAP = 'EXC_availability_windows_overlap';
