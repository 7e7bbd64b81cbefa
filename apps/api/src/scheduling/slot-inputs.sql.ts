import type { AvailabilityInputs } from './availability.repository';

/** An instant column as epoch milliseconds, the unit of the slot arithmetic (slots.ts). */
export const epochMs = (column: string) => `(extract(epoch FROM ${column}) * 1000)::bigint`;

/** The doctor's standing as the select-list item `active` (null: no such doctor), for one doctor `doctor`. */
export function doctorActiveColumn(doctor: string): string {
  return `(SELECT u.active AND d.removed_at IS NULL FROM doctors d JOIN users u ON u.id = d.user_id WHERE d.id = ${doctor}) AS active`;
}

/**
 * The slot rule's inputs as select-list items, for the doctor `doctor` (an SQL
 * expression) on the clinic dates `from`..`to` (SQL date expressions): the
 * weekly template, the dates' own windows and the time off around them (a day
 * either side, for visits crossing midnight). One text for availability, the
 * doctor lists' next free times and booking, so they cannot read the rule's
 * inputs differently.
 */
export function slotRuleColumns(doctor: string, from: string, to: string): string {
  return `
  (SELECT json_build_object('weekly', s.weekly, 'slotMinutes', s.slot_minutes, 'bufferMinutes', s.buffer_minutes,
                            'minNoticeMinutes', s.min_notice_minutes)
     FROM doctor_schedules s WHERE s.doctor_id = ${doctor}) AS schedule,
  (SELECT coalesce(json_agg(json_build_object('date', w.date::text, 'startTime', w.start_time, 'endTime', w.end_time,
                                              'slotMinutes', w.slot_minutes) ORDER BY w.starts_at), '[]')
     FROM availability_windows w WHERE w.doctor_id = ${doctor} AND w.date BETWEEN ${from} AND ${to}) AS windows,
  (SELECT coalesce(json_agg(json_build_object('start', ${epochMs('t.starts_at')}, 'end', ${epochMs('t.ends_at')})
                            ORDER BY t.starts_at), '[]')
     FROM time_off t WHERE t.doctor_id = ${doctor} AND t.date BETWEEN ${from} - 1 AND ${to} + 1) AS time_off`;
}

/**
 * What occupies the doctor's slots in [start, end) as a select-list item
 * `occupied`: booked or checked-in appointments and open offers, found through
 * the exclusion constraints' GiST indexes, whose predicates it repeats.
 */
export function occupiedColumn(doctor: string, start: string, end: string): string {
  const range = `tstzrange(${start}::timestamptz, ${end}::timestamptz)`;
  return `
  (SELECT coalesce(json_agg(json_build_object('start', ${epochMs('o.starts_at')}, 'end', ${epochMs('o.ends_at')})), '[]')
     FROM (SELECT a.starts_at, a.ends_at FROM appointments a
            WHERE a.doctor_id = ${doctor} AND a.status IN ('booked', 'checked_in')
              AND tstzrange(a.starts_at, a.ends_at) && ${range}
           UNION ALL
           SELECT f.starts_at, f.ends_at FROM waitlist_offers f
            WHERE f.doctor_id = ${doctor} AND f.status = 'open'
              AND tstzrange(f.starts_at, f.ends_at) && ${range}) o) AS occupied`;
}

const json = <T>(value: unknown, empty: T): T =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? empty)) as T;

/** A boolean column as the driver answers it (PGlite may answer 't'/'f'). */
export const flag = (value: unknown): boolean => value === true || value === 't';

/** The slot rule's inputs without occupancy: what a booking checks its slot against. */
export type SlotRuleInputs = Omit<AvailabilityInputs, 'occupied'>;

/** The standing and slot-rule inputs of a row that selected `active` (doctorActiveColumn) and slotRuleColumns. */
export function slotRuleInputs(row: Record<string, unknown>): SlotRuleInputs {
  return {
    active: row.active === null || row.active === undefined ? null : flag(row.active),
    schedule: json<AvailabilityInputs['schedule']>(row.schedule, null),
    windows: json<AvailabilityInputs['windows']>(row.windows, []),
    timeOff: json<AvailabilityInputs['timeOff']>(row.time_off, []),
  };
}

/** The `occupied` column of occupiedColumn. */
export const occupiedOf = (row: Record<string, unknown>): AvailabilityInputs['occupied'] =>
  json<AvailabilityInputs['occupied']>(row.occupied, []);
