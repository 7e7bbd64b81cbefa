import type { CancelledBy } from '@hms/shared';
import type { EntityManager } from 'typeorm';
import type { AppointmentMailRow } from './notifications.repository';

/**
 * What an appointment notice renders, captured in the writing transaction and
 * stored in the outbox payload: the email tells what was true when the change
 * was made, never what the row says when the mail job runs.
 */
export interface AppointmentSnapshot {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  sequence: number;
  reason: string;
  cancelledBy: CancelledBy | null;
  cancellationReason: string | null;
  patientName: string;
  patientEmail: string;
  doctorName: string;
  specialization: string;
}

/** The outbox payload of an appointment notice. */
export interface AppointmentNoticePayload {
  snapshot: AppointmentSnapshot;
  /** Reschedules: the start before the move. */
  previousStartsAt?: string;
  /** Set when the front desk acted for the patient. */
  by?: 'desk';
}

interface SnapshotRow {
  id: string;
  status: string;
  starts_at: Date;
  ends_at: Date;
  sequence: number;
  reason: string;
  cancelled_by: CancelledBy | null;
  cancellation_reason: string | null;
  patient_name: string;
  patient_email: string;
  doctor_name: string;
  specialization: string;
}

/** Reads the snapshots of the given appointments inside the caller's transaction (one statement). */
export async function readSnapshots(
  em: EntityManager,
  ids: readonly string[],
): Promise<Map<string, AppointmentSnapshot>> {
  if (ids.length === 0) return new Map();
  const rows: SnapshotRow[] = await em.query(
    `SELECT a.id, a.status, a.starts_at, a.ends_at, a.sequence, a.reason, a.cancelled_by, a.cancellation_reason,
            p.full_name AS patient_name, pu.email AS patient_email, d.full_name AS doctor_name, s.name AS specialization
       FROM appointments a
       JOIN patients p ON p.id = a.patient_id
       JOIN users pu ON pu.id = p.user_id
       JOIN doctors d ON d.id = a.doctor_id
       JOIN specializations s ON s.id = d.specialization_id
      WHERE a.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        status: r.status,
        startsAt: new Date(r.starts_at).toISOString(),
        endsAt: new Date(r.ends_at).toISOString(),
        sequence: Number(r.sequence),
        reason: r.reason,
        cancelledBy: r.cancelled_by,
        cancellationReason: r.cancellation_reason,
        patientName: r.patient_name,
        patientEmail: r.patient_email,
        doctorName: r.doctor_name,
        specialization: r.specialization,
      },
    ]),
  );
}

/** The snapshot in the shape the templates render. */
export function mailRowOf(s: AppointmentSnapshot): AppointmentMailRow {
  return {
    id: s.id,
    startsAt: new Date(s.startsAt),
    endsAt: new Date(s.endsAt),
    status: s.status,
    reason: s.reason,
    sequence: s.sequence,
    patientName: s.patientName,
    patientEmail: s.patientEmail,
    doctorName: s.doctorName,
    doctorEmail: '',
    specialization: s.specialization,
  };
}

/** A stored payload's snapshot, or null for a message written before snapshots existed. */
export function snapshotOf(payload: Record<string, unknown>): AppointmentSnapshot | null {
  const s = payload.snapshot as AppointmentSnapshot | undefined;
  return s && typeof s === 'object' && typeof s.sequence === 'number' && typeof s.startsAt === 'string' ? s : null;
}
