export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Every action the audit trail records. Reads and changes of a patient's
 * record carry the patient; security events may not.
 */
export const AUDIT_ACTIONS = [
  // reads of a patient's record by someone else
  'patient.history.read',
  'patient.details.read',
  'treatment.read',
  'treatment.revisions.read',
  'export.downloaded',
  // changes to a patient's record
  'treatment.created',
  'treatment.updated',
  'patient.updated',
  // security events
  'export.requested',
  'user.deactivated',
  'user.reactivated',
  'doctor.created',
  'doctor.removed',
  'auth.login.success',
  'auth.login.failure',
  'auth.lockout',
  'auth.password.changed',
  'auth.password.reset',
  'auth.session.ended',
  'staff.invited',
  // the front desk acting for a patient
  'desk.patient.registered',
  'desk.patient.read',
  'desk.appointment.booked',
  'desk.appointment.rescheduled',
  'desk.appointment.cancelled',
  'desk.appointment.checked_in',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an event is about: `{ type, id }` (a patient, an appointment's treatment, an export job, a user). */
export const AUDIT_RESOURCE_TYPES = [
  'patient',
  'appointment',
  'treatment',
  'export',
  'user',
  'doctor',
  'session',
] as const;
export type AuditResourceType = (typeof AUDIT_RESOURCE_TYPES)[number];
