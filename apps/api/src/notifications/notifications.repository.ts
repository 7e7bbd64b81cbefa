import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WaitlistOfferMailInput } from './templates';

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

/** The columns of an appointment email row, as PostgreSQL names them. */
export interface AppointmentMailRaw {
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

/** An appointment email row from its raw columns. */
export function toAppointmentMailRow(r: AppointmentMailRaw): AppointmentMailRow {
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

  /** What a waitlist offer's email needs; null once the offer is gone. */
  async waitlistOffer(id: string): Promise<(WaitlistOfferMailInput & { patientEmail: string; status: string }) | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT o.starts_at, o.ends_at, o.expires_at, o.status,
              p.full_name AS patient_name, pu.email AS patient_email,
              d.full_name AS doctor_name, s.name AS specialization
         FROM waitlist_offers o
         JOIN patients p ON p.id = o.patient_id
         JOIN users pu ON pu.id = p.user_id
         JOIN doctors d ON d.id = o.doctor_id
         JOIN specializations s ON s.id = d.specialization_id
        WHERE o.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      patientName: String(r.patient_name),
      patientEmail: String(r.patient_email),
      doctorName: String(r.doctor_name),
      specialization: String(r.specialization),
      startsAt: new Date(r.starts_at as string),
      endsAt: new Date(r.ends_at as string),
      expiresAt: new Date(r.expires_at as string),
      status: String(r.status),
    };
  }

  async appointment(id: string): Promise<AppointmentMailRow | null> {
    const rows: AppointmentMailRaw[] = await this.dataSource.query(`${SELECT} WHERE a.id = $1`, [id]);
    return rows[0] ? toAppointmentMailRow(rows[0]) : null;
  }

  /** An active account's address and display name (patient or doctor name, else the email). */
  async accountRecipient(userId: string): Promise<{ email: string; name: string } | null> {
    const rows: { email: string; name: string | null }[] = await this.dataSource.query(
      `SELECT u.email, coalesce(p.full_name, d.full_name) AS name FROM users u
       LEFT JOIN patients p ON p.user_id = u.id LEFT JOIN doctors d ON d.user_id = u.id
       WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return rows[0] ? { email: rows[0].email, name: rows[0].name ?? rows[0].email } : null;
  }
}
