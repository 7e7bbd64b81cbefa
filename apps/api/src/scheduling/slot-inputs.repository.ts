import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AvailabilityInputs } from './availability.repository';

/** The slot inputs of one doctor among many (see SlotInputsRepository.ofDoctors). */
export interface DoctorSlotInputs extends AvailabilityInputs {
  doctorId: string;
}

const MS = (column: string) => `(extract(epoch FROM ${column}) * 1000)::bigint`;

/**
 * The availability inputs (standing, template, date windows, time off, what
 * occupies slots) of many doctors in one statement: the same selections as
 * the single doctor's availability statement, one row per doctor. Occupied
 * intervals are found through the exclusion constraints' GiST indexes.
 */
const SLOT_INPUTS_OF_DOCTORS_SQL = `
SELECT d.id AS doctor_id,
  (u.active AND d.removed_at IS NULL) AS active,
  (SELECT json_build_object('weekly', s.weekly, 'slotMinutes', s.slot_minutes, 'bufferMinutes', s.buffer_minutes,
                            'minNoticeMinutes', s.min_notice_minutes)
     FROM doctor_schedules s WHERE s.doctor_id = d.id) AS schedule,
  (SELECT coalesce(json_agg(json_build_object('date', w.date::text, 'startTime', w.start_time, 'endTime', w.end_time,
                                              'slotMinutes', w.slot_minutes) ORDER BY w.starts_at), '[]')
     FROM availability_windows w WHERE w.doctor_id = d.id AND w.date BETWEEN $2::date AND $3::date) AS windows,
  (SELECT coalesce(json_agg(json_build_object('start', ${MS('t.starts_at')}, 'end', ${MS('t.ends_at')})
                            ORDER BY t.starts_at), '[]')
     FROM time_off t WHERE t.doctor_id = d.id AND t.date BETWEEN $2::date - 1 AND $3::date + 1) AS time_off,
  (SELECT coalesce(json_agg(json_build_object('start', ${MS('o.starts_at')}, 'end', ${MS('o.ends_at')})), '[]')
     FROM (SELECT a.starts_at, a.ends_at FROM appointments a
            WHERE a.doctor_id = d.id AND a.status IN ('booked', 'checked_in')
              AND tstzrange(a.starts_at, a.ends_at) && tstzrange($4::timestamptz, $5::timestamptz)
           UNION ALL
           SELECT f.starts_at, f.ends_at FROM waitlist_offers f
            WHERE f.doctor_id = d.id AND f.status = 'open'
              AND tstzrange(f.starts_at, f.ends_at) && tstzrange($4::timestamptz, $5::timestamptz)) o) AS occupied
FROM doctors d JOIN users u ON u.id = d.user_id
WHERE d.id = ANY($1::uuid[])`;

/** Read-only, set-based slot inputs for lists that show many doctors at once. */
@Injectable()
export class SlotInputsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The inputs of each known doctor in `doctorIds` (unknown ids are absent), in one round trip. */
  async ofDoctors(
    doctorIds: readonly string[],
    dates: { from: string; to: string },
    span: { start: Date; end: Date },
  ): Promise<DoctorSlotInputs[]> {
    if (doctorIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await this.dataSource.query(SLOT_INPUTS_OF_DOCTORS_SQL, [
      doctorIds,
      dates.from,
      dates.to,
      span.start,
      span.end,
    ]);
    const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
    return rows.map((row) => ({
      doctorId: String(row.doctor_id),
      active: row.active === true || row.active === 't',
      schedule: json<AvailabilityInputs['schedule']>(row.schedule ?? null),
      windows: json<AvailabilityInputs['windows']>(row.windows ?? '[]'),
      timeOff: json<AvailabilityInputs['timeOff']>(row.time_off ?? '[]'),
      occupied: json<AvailabilityInputs['occupied']>(row.occupied ?? '[]'),
    }));
  }
}
