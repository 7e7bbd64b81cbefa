import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
 * deactivated or removed from service, inside the caller's unit of work. The
 * caller has locked the doctor's row first (the one lock order: doctor, then
 * appointments) and states the withdrawal once, in 'doctor.changed', from
 * which every patient's notice is written.
 */
@Injectable()
export class DoctorWithdrawalService {
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
    return rows.map((r) => ({
      id: r.id,
      doctorId: r.doctor_id,
      patientId: r.patient_id,
      sequence: Number(r.sequence),
    }));
  }
}
