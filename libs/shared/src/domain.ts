/** Enumerations of the domain that the API and the web app both speak. */
export const APPOINTMENT_STATUSES = ['booked', 'completed', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_KINDS = ['daily-reminders', 'monthly-reports', 'treatments-export', 'mail', 'daily-purge'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const DOCTOR_APPOINTMENT_SCOPES = ['today', 'week', 'upcoming', 'past'] as const;
export type DoctorAppointmentScope = (typeof DOCTOR_APPOINTMENT_SCOPES)[number];

export const PATIENT_APPOINTMENT_SCOPES = ['upcoming', 'past'] as const;
export type PatientAppointmentScope = (typeof PATIENT_APPOINTMENT_SCOPES)[number];

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
export const PASSWORD_MIN_LENGTH = 8;
export const SLOT_MINUTES_MIN = 5;
export const SLOT_MINUTES_MAX = 240;
export const SLOT_MINUTES_DEFAULT = 30;

/** RFC 9457 problem details as the API answers them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
}
