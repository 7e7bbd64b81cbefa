import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { activeDoctorSql } from '../directory/active-doctor';

export interface ReportDoctor {
  id: string;
  fullName: string;
  email: string;
}

/** Read-side queries of the monthly reports. */
@Injectable()
export class ReportingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active doctors (login active, not removed), in id order. */
  async activeDoctors(): Promise<ReportDoctor[]> {
    const rows: { id: string; full_name: string; email: string }[] = await this.dataSource.query(
      `SELECT d.id, d.full_name, u.email FROM doctors d JOIN users u ON u.id = d.user_id
       WHERE ${activeDoctorSql('d', 'u')} ORDER BY d.id`,
    );
    return rows.map((r) => ({ id: r.id, fullName: r.full_name, email: r.email }));
  }

  async doctor(id: string): Promise<ReportDoctor | null> {
    const rows: { id: string; full_name: string; email: string }[] = await this.dataSource.query(
      `SELECT d.id, d.full_name, u.email FROM doctors d JOIN users u ON u.id = d.user_id WHERE d.id = $1`,
      [id],
    );
    return rows[0] ? { id: rows[0].id, fullName: rows[0].full_name, email: rows[0].email } : null;
  }

  async countsByStatus(doctorId: string, from: Date, to: Date): Promise<Record<string, number>> {
    const rows: { status: string; n: string }[] = await this.dataSource.query(
      `SELECT status, count(*) AS n FROM appointments
       WHERE doctor_id = $1 AND starts_at >= $2 AND starts_at < $3 GROUP BY status`,
      [doctorId, from, to],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Distinct patients with a completed appointment in the period. */
  async patientsSeen(doctorId: string, from: Date, to: Date): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(DISTINCT patient_id) AS n FROM appointments
       WHERE doctor_id = $1 AND starts_at >= $2 AND starts_at < $3 AND status = 'completed'`,
      [doctorId, from, to],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Most frequent diagnoses (trimmed, case-insensitive), with counts. */
  async topDiagnoses(
    doctorId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{ diagnosis: string; count: number }[]> {
    const rows: { diagnosis: string; n: string }[] = await this.dataSource.query(
      `SELECT min(btrim(t.diagnosis)) AS diagnosis, count(*) AS n
       FROM treatments t JOIN appointments a ON a.id = t.appointment_id
       WHERE a.doctor_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status = 'completed'
       GROUP BY lower(btrim(t.diagnosis))
       ORDER BY n DESC, diagnosis
       LIMIT $4`,
      [doctorId, from, to, limit],
    );
    return rows.map((r) => ({ diagnosis: r.diagnosis, count: Number(r.n) }));
  }
}
