import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxService } from '../notifications/outbox.service';

/** Why appointments cancelled by a doctor's withdrawal were cancelled (carried to the patient's mail). */
export const DOCTOR_UNAVAILABLE = 'doctor_unavailable';

export interface WithdrawnAppointment {
  id: string;
  doctorId: string;
  patientId: string;
  sequence: number;
}

interface ReturnedRow {
  id: string;
  doctor_id: string;
  patient_id: string;
  sequence: number;
}

/**
 * Cancels a doctor's future booked appointments when the doctor is
 * deactivated or removed from service, inside the caller's transaction, and
 * records one outbox message per cancelled appointment so every patient is told.
 */
@Injectable()
export class DoctorWithdrawalService {
  constructor(private readonly outbox: OutboxService) {}

  async cancelFutureAppointments(em: EntityManager, doctorId: string): Promise<WithdrawnAppointment[]> {
    const raw: unknown = await em.query(
      `UPDATE appointments
          SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'system',
              cancellation_reason = $2, sequence = sequence + 1, updated_at = now()
        WHERE doctor_id = $1 AND status = 'booked' AND starts_at > now()
        RETURNING id, doctor_id, patient_id, sequence`,
      [doctorId, DOCTOR_UNAVAILABLE],
    );
    // TypeORM answers an UPDATE ... RETURNING as [rows, affectedCount].
    const rows = (Array.isArray(raw) && Array.isArray(raw[0]) ? raw[0] : raw) as ReturnedRow[];
    const cancelled = rows.map((r) => ({
      id: r.id,
      doctorId: r.doctor_id,
      patientId: r.patient_id,
      sequence: Number(r.sequence),
    }));
    for (const a of cancelled) {
      await this.outbox.record(em, {
        kind: 'appointment.cancelled',
        aggregateId: a.id,
        dedupeKey: `appointment.cancelled:${a.id}:${a.sequence}`,
        payload: { reason: DOCTOR_UNAVAILABLE },
      });
    }
    return cancelled;
  }
}
