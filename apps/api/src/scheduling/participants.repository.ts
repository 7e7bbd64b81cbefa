import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { activeDoctorSql } from '../directory/active-doctor';

/**
 * Booking-time reads of the doctor's and patient's standing.
 *
 * Inside a booking or reschedule the doctor's row and then the patient's row
 * are locked (always in that order). This serialises the bookings of one
 * doctor and of one patient, which matters twice: a concurrent deactivation
 * (which locks the doctor row before cancelling future appointments) either
 * sees the new booking or makes the booking see the doctor inactive; and two
 * in-flight inserts never wait on each other's uncommitted rows in the
 * exclusion constraints, which PostgreSQL would otherwise resolve as a
 * deadlock after deadlock_timeout (1 s). The constraints still decide who
 * wins; the locks only make the losers fail at once.
 */
@Injectable()
export class ParticipantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * null: no such doctor; otherwise whether they are active (login active and not removed).
   * With `lock`, the doctor's row is locked first and the standing read by a second
   * statement: under READ COMMITTED that statement sees whatever a deactivation that held
   * the row committed while we waited (a single SELECT ... FOR SHARE would re-check only
   * the locked row, not the joined user).
   */
  async doctorActive(
    doctorId: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<boolean | null> {
    if (lock) await em.query('SELECT id FROM doctors WHERE id = $1 FOR NO KEY UPDATE', [doctorId]);
    const rows: { active: boolean | string }[] = await em.query(
      `SELECT ${activeDoctorSql('d', 'u')} AS active
         FROM doctors d JOIN users u ON u.id = d.user_id
        WHERE d.id = $1`,
      [doctorId],
    );
    if (rows.length === 0) return null;
    return rows[0].active === true || rows[0].active === 't';
  }

  /** null: no such patient; otherwise whether their account is active. With `lock`, the patient's row is locked first. */
  async patientActive(
    patientId: string,
    em: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<boolean | null> {
    if (lock) await em.query('SELECT id FROM patients WHERE id = $1 FOR NO KEY UPDATE', [patientId]);
    const rows: { active: boolean | string }[] = await em.query(
      `SELECT u.active FROM patients p JOIN users u ON u.id = p.user_id WHERE p.id = $1`,
      [patientId],
    );
    if (rows.length === 0) return null;
    return rows[0].active === true || rows[0].active === 't';
  }
}
