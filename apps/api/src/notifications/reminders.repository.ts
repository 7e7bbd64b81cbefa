import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppointmentMailFields } from './appointment-mail';

/** A booked appointment whose reminder was claimed, with exactly what the email needs. */
export type ReminderRow = AppointmentMailFields;

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

/** One page read and its reminders claimed, in one statement. */
export interface ClaimedReminderPage {
  /** Appointments the page covered (the keyset cursor advances past the last one). */
  size: number;
  /** The last appointment of the page, for the next page's cursor; null on an empty page. */
  last: { startsAt: Date; id: string } | null;
  /** Appointments whose patient can be reminded (active account). */
  deliverable: number;
  /** Claimed by this call: send these, then mark them. */
  claimed: ReminderRow[];
  /** Deliverable but held by another attempt that has not marked them yet. */
  inFlight: number;
}

/** A page row as PostgreSQL returns it: the email's fields only on claimed rows. */
interface RawRow {
  id: string;
  /** Epoch milliseconds: numbers parse without the driver's date parsing, and a page holds no more than it needs. */
  starts_at: number;
  ends_at: number | null;
  reason: string | null;
  sequence: number;
  patient_name: string | null;
  patient_email: string | null;
  doctor_name: string | null;
  specialization: string | null;
  patient_active: boolean;
  claimed: boolean;
  in_flight: boolean;
}

/**
 * The page of booked appointments due for a reminder, cut on appointments
 * alone and joined afterwards (so each page costs the same however deep it
 * is; LATERAL ... OFFSET 0 keeps the lookups per row, by primary key), and the
 * claim of each deliverable reminder in the notification log under
 * `reminder:<id>:<sequence>` (jobKeys.reminder): new keys are inserted as
 * 'sending', a failed key or a 'sending' one whose lease ran out is taken
 * over, a sent one never. Claimed rows carry what the email needs; the
 * others come back as bare flags for the counts.
 */
const CLAIM_PAGE = `
WITH page AS (
  SELECT ap.id, ap.starts_at, ap.ends_at, ap.reason, ap.sequence, ap.patient_id, ap.doctor_id,
         'reminder:' || ap.id::text || ':' || ap.sequence::text AS key
  FROM appointments ap
  WHERE ap.status = 'booked' AND ap.starts_at >= $1 AND ap.starts_at < $2 AND ap.starts_at > $3
    AND ($4::timestamptz IS NULL OR (ap.starts_at, ap.id) > ($4::timestamptz, $5::uuid))
    AND (NOT $7::boolean OR NOT EXISTS (
      SELECT 1 FROM notification_log n
      WHERE n.key = 'reminder:' || ap.id::text || ':' || ap.sequence::text AND n.state = 'sent'))
  ORDER BY ap.starts_at, ap.id
  LIMIT $6
), rows AS MATERIALIZED (
  SELECT a.id, a.key, a.starts_at, a.ends_at, a.reason, a.sequence,
         p.full_name AS patient_name, pu.email AS patient_email, pu.active AS patient_active,
         d.full_name AS doctor_name, s.name AS specialization
  FROM page a
  JOIN patients p ON p.id = a.patient_id
  JOIN users pu ON pu.id = p.user_id
  JOIN doctors d ON d.id = a.doctor_id
  JOIN specializations s ON s.id = d.specialization_id
), claimed AS (
  INSERT INTO notification_log (key, kind)
  SELECT key, $8 FROM rows WHERE patient_active
  ON CONFLICT (key) DO UPDATE
    SET state = 'sending', attempts = notification_log.attempts + 1, claimed_at = now(), last_error = NULL
    WHERE notification_log.state = 'failed'
       OR (notification_log.state = 'sending' AND notification_log.claimed_at < now() - make_interval(secs => $9))
  RETURNING key
)
SELECT r.id, floor(extract(epoch FROM r.starts_at) * 1000)::float8 AS starts_at, r.patient_active,
       c.key IS NOT NULL AS claimed,
       (c.key IS NULL AND r.patient_active AND coalesce(n.state = 'sending', false)) AS in_flight,
       CASE WHEN c.key IS NOT NULL THEN floor(extract(epoch FROM r.ends_at) * 1000)::float8 END AS ends_at,
       CASE WHEN c.key IS NOT NULL THEN r.reason END AS reason,
       r.sequence,
       CASE WHEN c.key IS NOT NULL THEN r.patient_name END AS patient_name,
       CASE WHEN c.key IS NOT NULL THEN r.patient_email END AS patient_email,
       CASE WHEN c.key IS NOT NULL THEN r.doctor_name END AS doctor_name,
       CASE WHEN c.key IS NOT NULL THEN r.specialization END AS specialization
FROM rows r
LEFT JOIN claimed c ON c.key = r.key
LEFT JOIN LATERAL (
  SELECT n.state FROM notification_log n WHERE n.key = r.key AND c.key IS NULL OFFSET 0
) n ON true
ORDER BY r.starts_at, r.id`;

@Injectable()
export class RemindersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Reads one page and claims its reminders in one round trip. A key another
   * attempt holds counts as in flight; one already sent, or claimed by a
   * concurrent attempt after this statement's snapshot, as skipped (that
   * attempt sends it).
   */
  async claimPage(q: ReminderPage, kind: string, leaseMs: number): Promise<ClaimedReminderPage> {
    const rows: RawRow[] = await this.dataSource.query(CLAIM_PAGE, [
      q.from,
      q.to,
      q.notBefore,
      q.after?.startsAt ?? null,
      q.after?.id ?? null,
      q.limit,
      q.unsentOnly,
      kind,
      leaseMs / 1000,
    ]);
    const page: ClaimedReminderPage = { size: rows.length, last: null, deliverable: 0, claimed: [], inFlight: 0 };
    for (const r of rows) {
      if (r.patient_active) page.deliverable += 1;
      if (r.in_flight) page.inFlight += 1;
      // Only the fields the email uses, taken as the driver parsed them (no copies): a page is held
      // while it is sent, so what it holds is what a run's memory grows by.
      if (r.claimed)
        page.claimed.push({
          id: r.id,
          startsAt: new Date(r.starts_at),
          endsAt: new Date(r.ends_at as number),
          reason: r.reason ?? '',
          sequence: Number(r.sequence),
          patientName: r.patient_name ?? '',
          patientEmail: r.patient_email ?? '',
          doctorName: r.doctor_name ?? '',
          specialization: r.specialization ?? '',
        });
    }
    const last = rows[rows.length - 1];
    if (last) page.last = { startsAt: new Date(last.starts_at), id: last.id };
    return page;
  }
}
