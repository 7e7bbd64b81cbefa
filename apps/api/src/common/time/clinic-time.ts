/**
 * The clinic calendar functions the API uses; they live in libs/shared, shared with the web app.
 * The day bounds and today's date are remembered per process: the zone's rules do not change
 * while it runs, and every request asks about the same few dates (each of them costs several
 * Intl calls otherwise).
 */
import {
  addDays,
  clinicToday as sharedClinicToday,
  isoWeekday,
  startOfClinicDay as sharedStartOfClinicDay,
  type InstantRange,
} from '@hms/shared';

export {
  addDays,
  addMonths,
  clinicDateOf,
  clinicInstant,
  clinicMonthRange,
  clinicTimeOf,
  daysBetween,
  isClinicDate,
  isMonth,
  isoWeekday,
  minutesOfDay,
  offsetAt,
  previousClinicMonth,
} from '@hms/shared';

const DAY_STARTS_MAX = 4_096;
const dayStarts = new Map<string, number>();

/** The first instant of a clinic date (its midnight, or the end of a gap that swallowed midnight). */
export function startOfClinicDay(date: string, timeZone: string): Date {
  const key = `${timeZone}|${date}`;
  let ms = dayStarts.get(key);
  if (ms === undefined) {
    ms = sharedStartOfClinicDay(date, timeZone).getTime();
    if (dayStarts.size >= DAY_STARTS_MAX) dayStarts.clear();
    dayStarts.set(key, ms);
  }
  return new Date(ms);
}

/** [start, end) of clinic dates `from`..`to` inclusive. */
export function clinicDatesRange(from: string, to: string, timeZone: string): InstantRange {
  return { start: startOfClinicDay(from, timeZone), end: startOfClinicDay(addDays(to, 1), timeZone) };
}

/** [start, end) of one clinic day. */
export function clinicDayRange(date: string, timeZone: string): InstantRange {
  return clinicDatesRange(date, date, timeZone);
}

/** [start, end) of the clinic week (Monday 00:00 to the next Monday 00:00) containing `date`. */
export function clinicWeekRange(date: string, timeZone: string): InstantRange {
  const monday = addDays(date, 1 - isoWeekday(date));
  return clinicDatesRange(monday, addDays(monday, 6), timeZone);
}

/** The last clinic date asked for, with its [start, end): `now` inside it needs no Intl call. */
let today: { timeZone: string; date: string; start: number; end: number } | null = null;

/** Today's clinic date. */
export function clinicToday(timeZone: string, now: Date = new Date()): string {
  const t = now.getTime();
  if (today && today.timeZone === timeZone && today.start <= t && t < today.end) return today.date;
  const date = sharedClinicToday(timeZone, now);
  const range = clinicDayRange(date, timeZone);
  if (range.start.getTime() <= t && t < range.end.getTime()) {
    today = { timeZone, date, start: range.start.getTime(), end: range.end.getTime() };
  }
  return date;
}
