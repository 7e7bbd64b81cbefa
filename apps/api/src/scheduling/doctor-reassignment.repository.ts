import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A booked future visit of a doctor, with the patient's contact details (who to call). */
export interface AffectedVisitRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  patientId: string;
  patientName: string;
  email: string | null;
  phone: string | null;
}

export interface DoctorStandingRow {
  id: string;
  fullName: string;
  specializationId: string;
  specializationName: string;
  active: boolean;
}

/**
 * Reads for a doctor's deactivation preview and for moving a visit to a
 * colleague. The visit predicate is the one DoctorWithdrawalService cancels
 * with (booked and starting after now), so the preview lists exactly what a
 * deactivation would cancel at that moment.
 */
@Injectable()
export class DoctorReassignmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async doctor(doctorId: string, em: EntityManager = this.dataSource.manager): Promise<DoctorStandingRow | null> {
    const rows: {
      id: string;
      full_name: string;
      specialization_id: string;
      specialization_name: string;
      active: boolean | string;
    }[] = await em.query(
      `SELECT d.id, d.full_name, d.specialization_id, s.name AS specialization_name,
              (u.active AND d.removed_at IS NULL) AS active
         FROM doctors d
         JOIN users u ON u.id = d.user_id
         JOIN specializations s ON s.id = d.specialization_id
        WHERE d.id = $1`,
      [doctorId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      fullName: r.full_name,
      specializationId: r.specialization_id,
      specializationName: r.specialization_name,
      active: r.active === true || r.active === 't',
    };
  }

  /** The doctor's booked visits that start after now, soonest first. Walk-ins without an email show none. */
  async bookedFutureVisits(doctorId: string): Promise<AffectedVisitRow[]> {
    const rows: {
      id: string;
      starts_at: Date;
      ends_at: Date;
      patient_id: string;
      full_name: string;
      email: string | null;
      phone: string | null;
    }[] = await this.dataSource.query(
      `SELECT a.id, a.starts_at, a.ends_at, p.id AS patient_id, p.full_name, p.phone,
              CASE WHEN u.email LIKE '%@no-login.invalid' THEN NULL ELSE u.email END AS email
         FROM appointments a
         JOIN patients p ON p.id = a.patient_id
         JOIN users u ON u.id = p.user_id
        WHERE a.doctor_id = $1 AND a.status = 'booked' AND a.starts_at > now()
        ORDER BY a.starts_at, a.id`,
      [doctorId],
    );
    return rows.map((r) => ({
      id: r.id,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      patientId: r.patient_id,
      patientName: r.full_name,
      email: r.email,
      phone: r.phone,
    }));
  }

  /** Active colleagues in the doctor's department, by name. */
  async activeColleagues(doctorId: string, specializationId: string): Promise<{ id: string; fullName: string }[]> {
    const rows: { id: string; full_name: string }[] = await this.dataSource.query(
      `SELECT d.id, d.full_name
         FROM doctors d JOIN users u ON u.id = d.user_id
        WHERE d.specialization_id = $1 AND d.id <> $2 AND u.active AND d.removed_at IS NULL
        ORDER BY d.full_name, d.id`,
      [specializationId, doctorId],
    );
    return rows.map((r) => ({ id: r.id, fullName: r.full_name }));
  }
}
