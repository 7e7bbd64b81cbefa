import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedWrite, type PreparedRead } from '../database/prepared-query';
import type { AppointmentDto } from './dto/appointment.dto';

/** What the booking statement is asked to write (the slot rules already checked). */
export interface BookingStatementInput {
  doctorId: string;
  patientId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  /** The Idempotency-Key and the request's hash, when the request carries a key. */
  key?: { key: string; requestHash: string };
  /** True when no weekly template slot covers the time: one of the date's own windows must, share-locked. */
  needsWindow: boolean;
  /** MAX_UPCOMING_BOOKINGS. */
  cap: number;
  by?: 'desk';
}

/**
 * Why a booking wrote nothing, as its statement saw on its snapshot (before
 * any lock): an occupied start, the standings, the window. The rest is
 * refused by the trigger or a constraint.
 */
export type BookingRefusal =
  | 'doctor_not_found'
  | 'doctor_inactive'
  | 'patient_inactive'
  | 'outside_availability'
  | 'patient_overlap'
  | 'slot_taken';

export type BookingStatementOutcome =
  | { kind: 'booked'; appointment: AppointmentDto }
  | { kind: 'refused'; refusal: BookingRefusal }
  /** The key was used before: its request hash and stored answer (null when another attempt holds it). */
  | { kind: 'key_used'; requestHash: string | null; stored: AppointmentDto | null };

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const OCCUPYING = `status IN ('booked', 'checked_in')`;
const AT_START = `tstzrange(a.starts_at, a.ends_at) && tstzrange($4::timestamptz, $4::timestamptz + interval '1 millisecond')`;

/**
 * A booking in one statement: the Idempotency-Key claim with the answer it
 * replays, the appointment row, the outbox message with the snapshot its
 * notice renders, and the answer row. On its snapshot, without locks, the
 * statement refuses a used key, a start already occupied (by the patient's
 * own visit, or by another booking or held offer of the doctor: a sure
 * overlap, answered without a write), the doctor's and the patient's
 * standing from the rows the answer names, and a slot outside the template
 * without the date window it needs (share-locked). Everything else is decided
 * once, where concurrent writes cannot slip past it: the row's trigger locks
 * the doctor and the patient (doctor first) and re-checks held offers, the
 * doctor's and patient's standing, time off and the booking cap (migration
 * BookingTriggerOneRecheck1796000910000), and the exclusion constraints
 * decide overlaps; their errors are mapped by BookingService. The doctor and
 * the patient are joined on the parameters themselves, not on `input`'s
 * columns: the pool's generic plan of this statement then filters the doctors
 * by the id (by their key, once the table outgrows a few pages) instead of
 * hashing every doctor to join them to `input`.
 */
const BOOK: PreparedRead = {
  name: 'booking.book',
  text: `
WITH input AS (
  SELECT $1::uuid AS id, $2::uuid AS doctor_id, $3::uuid AS patient_id, $4::timestamptz AS starts_at,
         $5::timestamptz AS ends_at, $6::varchar AS reason, $7::varchar AS key, $8::varchar AS request_hash,
         $9::boolean AS needs_window, $10::int AS cap, $11::varchar AS by,
         set_config('hms.booking_checks', 'on', true) AS checks, set_config('hms.booking_cap', $10::text, true) AS cap_set
),
used AS (
  SELECT k.request_hash, k.response_body FROM booking_idempotency_keys k, input i
   WHERE i.key IS NOT NULL AND k.patient_id = i.patient_id AND k.key = i.key
),
covering AS (
  SELECT w.id FROM availability_windows w, input i
   WHERE i.needs_window AND w.doctor_id = i.doctor_id AND w.starts_at <= i.starts_at AND w.ends_at >= i.ends_at
     FOR SHARE OF w
),
facts AS (
  SELECT i.*, d.full_name AS doctor_name, s.name AS specialization, (du.active AND d.removed_at IS NULL) AS doctor_active,
         p.full_name AS patient_name, pu.email AS patient_email, pu.active AS patient_active
    FROM input i
    LEFT JOIN doctors d ON d.id = $2::uuid
    LEFT JOIN users du ON du.id = d.user_id
    LEFT JOIN specializations s ON s.id = d.specialization_id
    LEFT JOIN patients p ON p.id = $3::uuid
    LEFT JOIN users pu ON pu.id = p.user_id
),
decision AS (
  SELECT f.*, CASE
    WHEN EXISTS (SELECT 1 FROM used) THEN 'key_used'
    WHEN EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = $3 AND a.${OCCUPYING} AND ${AT_START})
      THEN 'patient_overlap'
    WHEN EXISTS (SELECT 1 FROM appointments a WHERE a.doctor_id = $2 AND a.${OCCUPYING} AND ${AT_START})
      OR EXISTS (SELECT 1 FROM waitlist_offers a
                  WHERE a.doctor_id = $2 AND a.status = 'open' AND a.patient_id <> $3 AND ${AT_START})
      THEN 'slot_taken'
    WHEN f.doctor_active IS NULL THEN 'doctor_not_found'
    WHEN NOT f.doctor_active THEN 'doctor_inactive'
    WHEN f.patient_active IS NOT TRUE THEN 'patient_inactive'
    WHEN f.needs_window AND NOT EXISTS (SELECT 1 FROM covering) THEN 'outside_availability'
  END AS refusal
  FROM facts f
),
answer AS (
  SELECT d.*, json_build_object(
           'id', d.id,
           'doctor', json_build_object('id', d.doctor_id, 'fullName', d.doctor_name, 'specialization', d.specialization),
           'patient', json_build_object('id', d.patient_id, 'fullName', d.patient_name),
           'startsAt', ${ISO('d.starts_at')}, 'endsAt', ${ISO('d.ends_at')}, 'status', 'booked', 'reason', d.reason,
           'treatment', NULL, 'createdAt', ${ISO('now()')}) AS dto
    FROM decision d WHERE d.refusal IS NULL
),
claim AS (
  INSERT INTO booking_idempotency_keys (patient_id, key, request_hash, status_code, response_body)
  SELECT patient_id, key, request_hash, 201, dto::jsonb FROM answer WHERE key IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING key
),
booked AS (
  INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status, reason)
  SELECT id, doctor_id, patient_id, starts_at, ends_at, 'booked', reason FROM answer
   WHERE key IS NULL OR EXISTS (SELECT 1 FROM claim)
  RETURNING id, sequence
),
outbox AS (
  INSERT INTO outbox_messages (kind, aggregate_id, dedupe_key, payload)
  SELECT 'appointment.booked', x.id, 'appointment.booked:' || x.id || ':' || b.sequence,
         jsonb_build_object('snapshot', jsonb_build_object(
           'id', x.id, 'status', 'booked', 'startsAt', ${ISO('x.starts_at')}, 'endsAt', ${ISO('x.ends_at')},
           'sequence', b.sequence, 'reason', x.reason, 'cancelledBy', NULL, 'cancellationReason', NULL,
           'patientName', x.patient_name, 'patientEmail', x.patient_email, 'doctorName', x.doctor_name,
           'specialization', x.specialization))
         || CASE WHEN x.by IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('by', x.by) END
    FROM answer x JOIN booked b ON b.id = x.id
  ON CONFLICT DO NOTHING
  RETURNING id
)
SELECT d.refusal, x.dto, (SELECT count(*) FROM booked)::int AS booked,
       (SELECT request_hash FROM used) AS used_hash, (SELECT response_body FROM used) AS used_body
  FROM decision d LEFT JOIN answer x ON true`,
};

interface BookRow {
  refusal: BookingRefusal | 'key_used' | null;
  dto: AppointmentDto | string | null;
  booked: number;
  used_hash: string | null;
  used_body: AppointmentDto | string | null;
}

const parsed = <T>(value: T | string | null): T | null =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value ?? null);

/** The write of a booking as one statement (see BOOK); violations of the trigger and constraints are thrown. */
@Injectable()
export class BookingStatement {
  constructor(private readonly dataSource: DataSource) {}

  async book(input: BookingStatementInput): Promise<BookingStatementOutcome> {
    const rows = await preparedWrite<BookRow>(this.dataSource, BOOK, [
      randomUUID(),
      input.doctorId,
      input.patientId,
      input.startsAt,
      input.endsAt,
      input.reason,
      input.key?.key ?? null,
      input.key?.requestHash ?? null,
      input.needsWindow,
      input.cap,
      input.by ?? null,
    ]);
    const row = rows[0];
    if (row.refusal === 'key_used') {
      return { kind: 'key_used', requestHash: row.used_hash, stored: parsed(row.used_body) };
    }
    if (row.refusal !== null) return { kind: 'refused', refusal: row.refusal };
    // Not written without a refusal: another attempt claimed the key after this statement's snapshot.
    if (row.booked !== 1) return { kind: 'key_used', requestHash: null, stored: null };
    return { kind: 'booked', appointment: parsed(row.dto) as AppointmentDto };
  }
}
