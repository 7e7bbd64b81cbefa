/**
 * Clinic calendar arithmetic with Intl only: clinic dates (YYYY-MM-DD) and
 * wall-clock times (HH:mm) in an IANA time zone, and the instants they name.
 * Pure functions, shared by the API and the web app; correct across
 * daylight-saving changes.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at `instant`, read through Intl (seconds resolution). */
function wallClockByIntl(instant: Date, timeZone: string): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type in w) w[p.type as keyof WallClock] = Number(p.value);
  }
  if (w.hour === 24) w.hour = 0;
  return w;
}

/** The offset from UTC at `t` (epoch ms), read through Intl. */
function offsetByIntl(t: number, timeZone: string): number {
  const w = wallClockByIntl(new Date(t), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(t / 1000) * 1000;
}

/**
 * Offsets are remembered per zone and quarter hour (UTC). No zone changes its
 * offset twice within a quarter hour, so one whose first and last second
 * agree has that offset throughout; one that disagrees holds a change and is
 * not remembered: each instant in it is read through Intl. Intl's
 * formatToParts costs microseconds and allocates, and slot arithmetic asks
 * for offsets dozens of times per request.
 */
const OFFSET_SPAN_MS = 15 * 60_000;
const OFFSETS_KEPT_PER_ZONE = 100_000;
const offsets = new Map<string, Map<number, number>>();

/** Offset of `timeZone` from UTC at `t` (epoch ms), in milliseconds (east positive). */
function offsetOf(t: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const span = Math.floor(t / OFFSET_SPAN_MS);
  let offset = zone.get(span);
  if (offset === undefined) {
    const first = offsetByIntl(span * OFFSET_SPAN_MS, timeZone);
    const last = offsetByIntl((span + 1) * OFFSET_SPAN_MS - 1000, timeZone);
    offset = first === last ? first : Number.NaN;
    if (zone.size >= OFFSETS_KEPT_PER_ZONE) zone.clear();
    zone.set(span, offset);
  }
  return Number.isNaN(offset) ? offsetByIntl(t, timeZone) : offset;
}

/** The wall clock in `timeZone` at `instant`. */
function wallClockAt(instant: Date, timeZone: string): WallClock {
  const t = instant.getTime();
  const local = new Date(Math.floor(t / 1000) * 1000 + offsetOf(t, timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
export function offsetAt(instant: Date, timeZone: string): number {
  return offsetOf(instant.getTime(), timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** True for a real calendar date written YYYY-MM-DD. */
export function isClinicDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Minutes since midnight of an HH:mm wall-clock time. */
export function minutesOfDay(time: string): number {
  const m = TIME_RE.exec(time);
  if (!m) throw new Error(`not a wall-clock time: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function parseDate(date: string): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`not a clinic date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The clinic date (YYYY-MM-DD) of an instant. */
export function clinicDateOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The clinic wall-clock time (HH:mm) of an instant. */
export function clinicTimeOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** Today's clinic date. */
export function clinicToday(timeZone: string, now: Date = new Date()): string {
  return clinicDateOf(now, timeZone);
}

/** Calendar arithmetic on clinic dates (no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const [ay, am, ad] = parseDate(a);
  const [by, bm, bd] = parseDate(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / DAY_MS);
}

/** ISO day of week: 1 = Monday .. 7 = Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = parseDate(date);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/**
 * The instant at which the clinic's wall clock reads `date` `time`, or null
 * when that wall-clock time does not exist on that date (skipped by a
 * daylight-saving change). An ambiguous time (repeated when clocks go back)
 * resolves to its first occurrence.
 */
export function clinicInstant(date: string, time: string, timeZone: string): Date | null {
  const [y, mo, d] = parseDate(date);
  const minutes = minutesOfDay(time);
  const local = Date.UTC(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60);
  const before = offsetAt(new Date(local - DAY_MS), timeZone);
  const after = offsetAt(new Date(local + DAY_MS), timeZone);
  const candidates = [...new Set([local - before, local - after, local - offsetAt(new Date(local), timeZone)])]
    .filter((t) => {
      const w = wallClockAt(new Date(t), timeZone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) === local;
    })
    .sort((a, b) => a - b);
  return candidates.length > 0 ? new Date(candidates[0]) : null;
}

/** The first instant of a clinic date (its midnight, or the end of a gap that swallowed midnight). */
export function startOfClinicDay(date: string, timeZone: string): Date {
  const exact = clinicInstant(date, '00:00', timeZone);
  if (exact) return exact;
  const [y, mo, d] = parseDate(date);
  const local = Date.UTC(y, mo - 1, d);
  return new Date(local - offsetAt(new Date(local - DAY_MS), timeZone));
}

export interface InstantRange {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** [start, end) of clinic dates `from`..`to` inclusive. */
export function clinicDatesRange(from: string, to: string, timeZone: string): InstantRange {
  return { start: startOfClinicDay(from, timeZone), end: startOfClinicDay(addDays(to, 1), timeZone) };
}

/** [start, end) of one clinic day. */
export function clinicDayRange(date: string, timeZone: string): InstantRange {
  return clinicDatesRange(date, date, timeZone);
}

/** Monday of the clinic week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** [start, end) of the clinic week (Monday 00:00 to the next Monday 00:00) containing `date`. */
export function clinicWeekRange(date: string, timeZone: string): InstantRange {
  const monday = mondayOf(date);
  return clinicDatesRange(monday, addDays(monday, 6), timeZone);
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a calendar month 'YYYY-MM'. */
export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** 'YYYY-MM' shifted by `months` (negative goes back). */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}`;
}

/** The clinic month 'YYYY-MM' before the one containing `instant`. */
export function previousClinicMonth(instant: Date, timeZone: string): string {
  return addMonths(clinicDateOf(instant, timeZone).slice(0, 7), -1);
}

/** [start, end) of the clinic month containing `date` ('YYYY-MM-DD'), or of the month 'YYYY-MM'. */
export function clinicMonthRange(date: string, timeZone: string): InstantRange {
  const [y, m] = parseDate(isMonth(date) ? `${date}-01` : date);
  const first = `${pad(y, 4)}-${pad(m)}-01`;
  const next = m === 12 ? `${pad(y + 1, 4)}-01-01` : `${pad(y, 4)}-${pad(m + 1)}-01`;
  return { start: startOfClinicDay(first, timeZone), end: startOfClinicDay(next, timeZone) };
}
