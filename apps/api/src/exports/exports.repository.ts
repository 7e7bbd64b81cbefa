import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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

  /** Serialises one user's export requests until the caller's transaction ends. */
  async lockRequester(em: EntityManager, userId: string): Promise<void> {
    await em.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  }

  /** The user's exports: queued or running (created since `activeSince`), and requested since `daySince`. */
  async usage(
    em: EntityManager,
    userId: string,
    kind: string,
    since: { activeSince: Date; daySince: Date },
  ): Promise<{ active: number; today: number; oldestToday: Date | null }> {
    const rows: { active: string; today: string; oldest: Date | null }[] = await em.query(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'running') AND created_at > $3) AS active,
              count(*) FILTER (WHERE created_at > $4) AS today,
              min(created_at) FILTER (WHERE created_at > $4) AS oldest
       FROM jobs WHERE requested_by = $1 AND kind = $2`,
      [userId, kind, since.activeSince, since.daySince],
    );
    const row = rows[0];
    return {
      active: Number(row?.active ?? 0),
      today: Number(row?.today ?? 0),
      oldestToday: row?.oldest ? new Date(row.oldest) : null,
    };
  }

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
