import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toAppointmentMailRow, type AppointmentMailRaw, type AppointmentMailRow } from './notifications.repository';

/** A booked appointment a reminder may go to, with what the email needs. */
export interface ReminderRow extends AppointmentMailRow {
  patientActive: boolean;
}

export interface ReminderPage {
  /** Booked appointments starting in (notBefore, to) and at or after `from`. */
  from: Date;
  to: Date;
  /** Appointments starting at or before this instant have started: never reminded. */
  notBefore: Date;
  /** Keyset cursor: the last row of the previous page. */
  after: { startsAt: Date; id: string } | null;
  limit: number;
  /** Leave out appointments whose reminder for their current sequence is already marked sent. */
  unsentOnly: boolean;
}

interface RawRow extends AppointmentMailRaw {
  patient_active: boolean;
}

/**
 * Reads the appointments due for a reminder in keyset pages ordered by
 * (starts_at, id). The page is cut on appointments alone and joined
 * afterwards, so each page costs the same however deep it is.
 */
@Injectable()
export class RemindersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(q: ReminderPage): Promise<ReminderRow[]> {
    // The notification key below is jobKeys.reminder(id, sequence): `reminder:<id>:<sequence>`.
    // LATERAL ... OFFSET 0 keeps the lookups per row (by primary key).
    const rows: RawRow[] = await this.dataSource.query(
      `WITH a AS (
         SELECT ap.id, ap.starts_at, ap.ends_at, ap.status, ap.reason, ap.sequence, ap.patient_id, ap.doctor_id
         FROM appointments ap
         WHERE ap.status = 'booked' AND ap.starts_at >= $1 AND ap.starts_at < $2 AND ap.starts_at > $3
           AND ($4::timestamptz IS NULL OR (ap.starts_at, ap.id) > ($4::timestamptz, $5::uuid))
           AND (NOT $7::boolean OR NOT EXISTS (
             SELECT 1 FROM notification_log n
             WHERE n.key = 'reminder:' || ap.id::text || ':' || ap.sequence::text AND n.state = 'sent'))
         ORDER BY ap.starts_at, ap.id
         LIMIT $6
       )
       SELECT a.id, a.starts_at, a.ends_at, a.status, a.reason, a.sequence,
              pp.full_name AS patient_name, pp.email AS patient_email, pp.active AS patient_active,
              dd.full_name AS doctor_name, dd.email AS doctor_email, dd.specialization
       FROM a
       CROSS JOIN LATERAL (
         SELECT p.full_name, u.email, u.active FROM patients p JOIN users u ON u.id = p.user_id
         WHERE p.id = a.patient_id OFFSET 0
       ) pp
       CROSS JOIN LATERAL (
         SELECT d.full_name, u.email, s.name AS specialization FROM doctors d
         JOIN users u ON u.id = d.user_id JOIN specializations s ON s.id = d.specialization_id
         WHERE d.id = a.doctor_id OFFSET 0
       ) dd
       ORDER BY a.starts_at, a.id`,
      [q.from, q.to, q.notBefore, q.after?.startsAt ?? null, q.after?.id ?? null, q.limit, q.unsentOnly],
    );
    return rows.map((r) => ({ ...toAppointmentMailRow(r), patientActive: r.patient_active }));
  }
}
