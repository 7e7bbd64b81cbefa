/** Enumerations of the domain that the API and the web app both speak. */
export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that occupy their slot (the database's overlap constraints cover exactly these). */
export const SLOT_OCCUPYING_STATUSES = ['booked', 'checked_in'] as const satisfies readonly AppointmentStatus[];

/** Moves of an appointment's status. */
export const APPOINTMENT_ACTIONS = ['check_in', 'complete', 'cancel', 'no_show'] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

/**
 * The one table of status moves: for each action, the statuses it may start
 * from and the status it leads to. The API enforces it; the web app reads it
 * to show only the buttons that can work.
 */
export const APPOINTMENT_TRANSITIONS: Readonly<
  Record<AppointmentAction, { from: readonly AppointmentStatus[]; to: AppointmentStatus }>
> = {
  check_in: { from: ['booked'], to: 'checked_in' },
  complete: { from: ['booked', 'checked_in'], to: 'completed' },
  cancel: { from: ['booked'], to: 'cancelled' },
  no_show: { from: ['booked', 'checked_in'], to: 'no_show' },
};

/** True when `action` may move an appointment that is `status`. */
export function canTransition(status: AppointmentStatus, action: AppointmentAction): boolean {
  return APPOINTMENT_TRANSITIONS[action].from.includes(status);
}

/** Who cancelled an appointment. */
export const CANCELLED_BY = ['patient', 'doctor', 'admin', 'desk', 'system'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

export const WAITLIST_STATUSES = ['waiting', 'offered', 'booked', 'expired', 'cancelled'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const BUFFER_MINUTES_MAX = 120;
export const MIN_NOTICE_MINUTES_MAX = 20160;

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

/**
 * Share of visits the patient missed: no-shows over the visits that came due
 * (completed, checked in or no-show; cancelled ones never came due). 0..1,
 * rounded to three places; 0 when none came due.
 */
export function noShowRate(counts: { noShow: number; completed: number; checkedIn: number }): number {
  const due = counts.noShow + counts.completed + counts.checkedIn;
  return due === 0 ? 0 : Math.round((counts.noShow / due) * 1000) / 1000;
}
