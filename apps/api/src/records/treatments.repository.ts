import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TreatmentEntity } from './entities/treatment.entity';

export interface TreatmentInput {
  diagnosis: string;
  prescription?: string;
  notes?: string;
}

export interface TreatmentRevisionRow {
  version: number;
  diagnosis: string;
  prescription: string;
  notes: string;
  editedById: string;
  editedByName: string;
  editedAt: Date;
}

/**
 * Records the treatment row's current text as a revision. The author is the
 * appointment's doctor (the only one who may write it).
 */
const SNAPSHOT = `INSERT INTO treatment_revisions (treatment_id, version, diagnosis, prescription, notes, edited_by, edited_at)
  SELECT t.id, t.version, t.diagnosis, t.prescription, t.notes, d.user_id, t.updated_at
    FROM treatments t
    JOIN appointments a ON a.id = t.appointment_id
    JOIN doctors d ON d.id = a.doctor_id
   WHERE t.id = $1`;

/**
 * Keeps the current text of a treatment written without its revision (loaded
 * straight into the database) before an edit replaces it.
 */
const KEEP_UNRECORDED = `INSERT INTO treatment_revisions (treatment_id, version, diagnosis, prescription, notes, edited_by, edited_at)
  SELECT t.id, t.version, t.diagnosis, t.prescription, t.notes, d.user_id, t.updated_at
    FROM treatments t
    JOIN appointments a ON a.id = t.appointment_id
    JOIN doctors d ON d.id = a.doctor_id
   WHERE t.appointment_id = $1
     AND NOT EXISTS (SELECT 1 FROM treatment_revisions r WHERE r.treatment_id = t.id AND r.version = t.version)`;

/** The only I/O on treatments and their revisions; always inside the caller's transaction. */
@Injectable()
export class TreatmentsRepository {
  /** Inserts version 1 and its revision. */
  async insert(em: EntityManager, appointmentId: string, input: TreatmentInput): Promise<void> {
    const result = await em
      .getRepository(TreatmentEntity)
      .createQueryBuilder()
      .insert()
      .values({
        appointmentId,
        diagnosis: input.diagnosis,
        prescription: input.prescription ?? '',
        notes: input.notes ?? '',
      })
      .returning(['id'])
      .execute();
    await em.query(SNAPSHOT, [(result.raw as { id: string }[])[0].id]);
  }

  /**
   * Writes the new text as the next version (the UPDATE row-locks the
   * treatment, so concurrent edits get consecutive versions) and appends its
   * revision. False when the appointment has no treatment.
   */
  async update(em: EntityManager, appointmentId: string, input: TreatmentInput): Promise<boolean> {
    await em.query(KEEP_UNRECORDED, [appointmentId]);
    const rows: { id: string }[][] | { id: string }[] = await em.query(
      `UPDATE treatments
          SET diagnosis = $2, prescription = $3, notes = $4, version = version + 1, updated_at = now()
        WHERE appointment_id = $1
        RETURNING id`,
      [appointmentId, input.diagnosis, input.prescription ?? '', input.notes ?? ''],
    );
    const updated = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[];
    if (updated.length === 0) return false;
    await em.query(SNAPSHOT, [updated[0].id]);
    return true;
  }

  /**
   * Every version of the appointment's treatment, oldest first; empty when it
   * has none. A current text without its revision row (loaded straight into
   * the database) is listed as its version, by the appointment's doctor.
   */
  async revisions(em: EntityManager, appointmentId: string): Promise<TreatmentRevisionRow[]> {
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT v.version, v.diagnosis, v.prescription, v.notes, v.edited_by, v.edited_at,
              coalesce(d.full_name, u.email) AS edited_by_name
         FROM (SELECT r.version, r.diagnosis, r.prescription, r.notes, r.edited_by, r.edited_at
                 FROM treatment_revisions r
                 JOIN treatments t ON t.id = r.treatment_id
                WHERE t.appointment_id = $1
               UNION ALL
               SELECT t.version, t.diagnosis, t.prescription, t.notes, ad.user_id, t.updated_at
                 FROM treatments t
                 JOIN appointments a ON a.id = t.appointment_id
                 JOIN doctors ad ON ad.id = a.doctor_id
                WHERE t.appointment_id = $1
                  AND NOT EXISTS (SELECT 1 FROM treatment_revisions r WHERE r.treatment_id = t.id AND r.version = t.version)
              ) v
         JOIN users u ON u.id = v.edited_by
         LEFT JOIN doctors d ON d.user_id = v.edited_by
        ORDER BY v.version`,
      [appointmentId],
    );
    return rows.map((r) => ({
      version: Number(r.version),
      diagnosis: String(r.diagnosis),
      prescription: String(r.prescription),
      notes: String(r.notes),
      editedById: String(r.edited_by),
      editedByName: String(r.edited_by_name),
      editedAt: new Date(r.edited_at as string | Date),
    }));
  }
}
