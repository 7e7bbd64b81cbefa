import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a patient-facing appointment email needs, read in one query. */
export interface AppointmentMailRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  reason: string;
  sequence: number;
  patientName: string;
  patientEmail: string;
  doctorName: string;
  doctorEmail: string;
  specialization: string;
}

interface RawRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  reason: string;
  sequence: number;
  patient_name: string;
  patient_email: string;
  doctor_name: string;
  doctor_email: string;
  specialization: string;
}

const SELECT = `
  SELECT a.id, a.starts_at, a.ends_at, a.status, a.reason, a.sequence,
         p.full_name AS patient_name, pu.email AS patient_email,
         d.full_name AS doctor_name, du.email AS doctor_email, s.name AS specialization
  FROM appointments a
  JOIN patients p ON p.id = a.patient_id
  JOIN users pu ON pu.id = p.user_id
  JOIN doctors d ON d.id = a.doctor_id
  JOIN users du ON du.id = d.user_id
  JOIN specializations s ON s.id = d.specialization_id`;

function toRow(r: RawRow): AppointmentMailRow {
  return {
    id: r.id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    status: r.status,
    reason: r.reason,
    sequence: Number(r.sequence),
    patientName: r.patient_name,
    patientEmail: r.patient_email,
    doctorName: r.doctor_name,
    doctorEmail: r.doctor_email,
    specialization: r.specialization,
  };
}

/** Read-side queries of the notification jobs. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async appointment(id: string): Promise<AppointmentMailRow | null> {
    const rows: RawRow[] = await this.dataSource.query(`${SELECT} WHERE a.id = $1`, [id]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * One keyset page of the booked appointments starting in [from, to) whose
   * patient account is active, ordered by (starts_at, id).
   */
  async bookedBetween(
    from: Date,
    to: Date,
    after: { startsAt: Date; id: string } | null,
    limit: number,
  ): Promise<AppointmentMailRow[]> {
    const rows: RawRow[] = await this.dataSource.query(
      `${SELECT}
       WHERE a.status = 'booked' AND a.starts_at >= $1 AND a.starts_at < $2 AND pu.active
         AND ($3::timestamptz IS NULL OR (a.starts_at, a.id) > ($3::timestamptz, $4::uuid))
       ORDER BY a.starts_at, a.id
       LIMIT $5`,
      [from, to, after?.startsAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toRow);
  }
}
