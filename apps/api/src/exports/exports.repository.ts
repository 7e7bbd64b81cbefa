import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ExportRow {
  id: string;
  startsAt: Date;
  status: string;
  doctor: string;
  specialization: string;
  diagnosis: string | null;
  prescription: string | null;
  notes: string | null;
}

/** Read-side queries of the treatments export. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async patientExists(patientId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM patients WHERE id = $1', [patientId]);
    return rows.length > 0;
  }

  async count(patientId: string | null): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      'SELECT count(*) AS n FROM appointments WHERE ($1::uuid IS NULL OR patient_id = $1::uuid)',
      [patientId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** One keyset page of appointments (with their treatment, if any), ordered by (starts_at, id). */
  async page(
    patientId: string | null,
    after: { startsAt: Date; id: string } | null,
    limit: number,
  ): Promise<ExportRow[]> {
    const rows: {
      id: string;
      starts_at: Date;
      status: string;
      doctor: string;
      specialization: string;
      diagnosis: string | null;
      prescription: string | null;
      notes: string | null;
    }[] = await this.dataSource.query(
      `SELECT a.id, a.starts_at, a.status, d.full_name AS doctor, s.name AS specialization,
              t.diagnosis, t.prescription, t.notes
       FROM appointments a
       JOIN doctors d ON d.id = a.doctor_id
       JOIN specializations s ON s.id = d.specialization_id
       LEFT JOIN treatments t ON t.appointment_id = a.id
       WHERE ($1::uuid IS NULL OR a.patient_id = $1::uuid)
         AND ($2::timestamptz IS NULL OR (a.starts_at, a.id) > ($2::timestamptz, $3::uuid))
       ORDER BY a.starts_at, a.id
       LIMIT $4`,
      [patientId, after?.startsAt ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      startsAt: new Date(r.starts_at),
      status: r.status,
      doctor: r.doctor,
      specialization: r.specialization,
      diagnosis: r.diagnosis,
      prescription: r.prescription,
      notes: r.notes,
    }));
  }

  /** Whom to email: the requester's address and display name. */
  async recipient(userId: string): Promise<{ email: string; name: string } | null> {
    const rows: { email: string; name: string | null }[] = await this.dataSource.query(
      `SELECT u.email, coalesce(p.full_name, d.full_name) AS name FROM users u
       LEFT JOIN patients p ON p.user_id = u.id LEFT JOIN doctors d ON d.user_id = u.id
       WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return rows[0] ? { email: rows[0].email, name: rows[0].name ?? rows[0].email } : null;
  }
}
