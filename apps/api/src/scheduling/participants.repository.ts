import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Booking-time reads of the doctor's and patient's standing. The doctor's row
 * is share-locked inside a booking transaction, so a concurrent deactivation
 * (which locks it for update before cancelling future appointments) either
 * sees the new booking or makes the booking see the doctor inactive.
 */
@Injectable()
export class ParticipantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * null: no such doctor; otherwise whether they are active (login active and not removed).
   * With `lock`, the doctor's row is share-locked first and the standing read by a second
   * statement: under READ COMMITTED that statement sees whatever a deactivation that held
   * the row committed while we waited (a single SELECT ... FOR SHARE would re-check only
   * the locked row, not the joined user).
   */
  async doctorActive(
    doctorId: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<boolean | null> {
    if (lock) await em.query('SELECT id FROM doctors WHERE id = $1 FOR SHARE', [doctorId]);
    const rows: { active: boolean | string }[] = await em.query(
      `SELECT (u.active AND d.removed_at IS NULL) AS active
         FROM doctors d JOIN users u ON u.id = d.user_id
        WHERE d.id = $1`,
      [doctorId],
    );
    if (rows.length === 0) return null;
    return rows[0].active === true || rows[0].active === 't';
  }

  /** null: no such patient; otherwise whether their account is active. */
  async patientActive(patientId: string, em: EntityManager = this.dataSource.manager): Promise<boolean | null> {
    const rows: { active: boolean | string }[] = await em.query(
      `SELECT u.active FROM patients p JOIN users u ON u.id = p.user_id WHERE p.id = $1`,
      [patientId],
    );
    if (rows.length === 0) return null;
    return rows[0].active === true || rows[0].active === 't';
  }
}
