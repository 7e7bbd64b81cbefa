import type { AuditAction } from '@hms/shared';

/** Plain words for audit actions, as the patient reads them ("Dr Jones opened your visit history"). */
const PATIENT_WORDS: Readonly<Record<string, string>> = {
  'patient.history.read': 'opened your visit history',
  'patient.details.read': 'opened your patient record',
  'treatment.read': 'read the treatment notes of a visit',
  'treatment.revisions.read': 'read the earlier versions of a visit’s treatment notes',
  'treatment.created': 'recorded the treatment of a visit',
  'treatment.updated': 'changed the treatment notes of a visit',
  'patient.updated': 'updated your profile',
  'export.requested': 'requested an export of your records',
  'export.downloaded': 'downloaded an export of your records',
  'user.deactivated': 'switched off your account',
  'user.reactivated': 'switched your account back on',
  'desk.patient.read': 'looked up your details at the front desk',
  'desk.patient.registered': 'registered you at the front desk',
  'desk.appointment.booked': 'booked an appointment for you',
  'desk.appointment.rescheduled': 'moved an appointment for you',
  'desk.appointment.cancelled': 'cancelled an appointment for you',
  'desk.appointment.checked_in': 'checked you in',
};

export function describeForPatient(action: string): string {
  return PATIENT_WORDS[action] ?? action.replace(/[._]/g, ' ');
}

/** Short labels for the admin’s audit page, one per action. */
export const ACTION_LABELS: Readonly<Record<AuditAction, string>> & Readonly<Record<string, string | undefined>> = {
  'patient.history.read': 'Patient history read',
  'patient.details.read': 'Patient details read',
  'treatment.read': 'Treatment read',
  'treatment.revisions.read': 'Treatment revisions read',
  'export.downloaded': 'Export downloaded',
  'treatment.created': 'Treatment recorded',
  'treatment.updated': 'Treatment edited',
  'patient.updated': 'Patient edited',
  'export.requested': 'Export requested',
  'user.deactivated': 'User deactivated',
  'user.reactivated': 'User reactivated',
  'doctor.created': 'Doctor created',
  'doctor.removed': 'Doctor removed',
  'auth.login.success': 'Sign-in',
  'auth.login.failure': 'Sign-in failed',
  'auth.lockout': 'Sign-in locked out',
  'auth.password.changed': 'Password changed',
  'auth.password.reset': 'Password reset',
  'auth.session.ended': 'Session ended',
  'staff.invited': 'Staff member invited',
  'desk.patient.registered': 'Patient registered at the desk',
  'desk.patient.read': 'Patient read at the desk',
  'desk.appointment.booked': 'Booked by the desk',
  'desk.appointment.rescheduled': 'Moved by the desk',
  'desk.appointment.cancelled': 'Cancelled by the desk',
  'desk.appointment.checked_in': 'Checked in by the desk',
};
