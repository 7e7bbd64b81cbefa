/** Retry policies per job, as named constants (exponential backoff from the base delay). */
/** Enough attempts (1+2+…+256 s of backoff) for a retry to outlive a dead worker's send lease. */
export const MAIL_ATTEMPTS = 10;
export const MAIL_BACKOFF_MS = 1_000;
/** Reminder fan-out: enough attempts that a retry outlives a dead worker's send lease. */
export const REMINDERS_ATTEMPTS = 10;
export const REMINDERS_BACKOFF_MS = 1_000;
export const REPORT_ATTEMPTS = 8;
export const REPORT_BACKOFF_MS = 2_000;
export const EXPORT_ATTEMPTS = 8;
export const EXPORT_BACKOFF_MS = 2_000;
export const PURGE_ATTEMPTS = 5;
export const PURGE_BACKOFF_MS = 60_000;

/** Deterministic queue job ids and notification keys, derived from business keys. */
export const jobKeys = {
  dailyReminders: (date: string) => `daily-reminders:${date}`,
  monthlyReports: (month: string) => `monthly-reports:${month}`,
  doctorReport: (doctorId: string, month: string) => `monthly-report:${doctorId}:${month}`,
  export: (jobId: string) => `export:${jobId}`,
  dailyPurge: (date: string) => `daily-purge:${date}`,
  /** One reminder per appointment and sequence: a rescheduled visit (new sequence) is reminded again. */
  reminder: (appointmentId: string, sequence: number) => `reminder:${appointmentId}:${sequence}`,
  reminderSweep: (minute: string) => `reminder-sweep:${minute}`,
};
