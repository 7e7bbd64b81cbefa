/**
 * Pure slot arithmetic, the one rule for which times of a doctor are
 * bookable. A day's working windows (the weekly template's windows of that
 * weekday plus that date's own windows) are wall-clock times in the clinic
 * zone; slot starts step through the wall clock by slotMinutes +
 * bufferMinutes, a start the clocks skip (spring forward) is left out and one
 * they repeat (fall back) is offered once, at its first occurrence. Each slot
 * lasts slotMinutes real minutes. Time off removes every slot it touches.
 */
import { clinicInstant, minutesOfDay, offsetAt } from '../common/time/clinic-time';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Bounded memo of zoneDayOffset: a clinic asks about the same few dates over and over. */
const dayOffsets = new Map<string, number | null>();
const DAY_OFFSETS_MAX = 4_096;

/**
 * The UTC offset (ms, east positive) that holds throughout a clinic date and
 * the day on either side of it, or null when the offset changes anywhere in
 * those three days (a daylight-saving or other transition nearby). When it is
 * a number, `clinicInstant(date, t, zone)` is exactly `date t` (read as UTC)
 * minus that offset for every wall-clock time t of the date: every instant
 * clinicInstant consults lies in those three days. Three Intl calls per date
 * instead of about six per slot.
 */
export function zoneDayOffset(date: string, timeZone: string): number | null {
  const key = `${timeZone}|${date}`;
  const known = dayOffsets.get(key);
  if (known !== undefined) return known;
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const before = offsetAt(new Date(midnight - DAY_MS), timeZone);
  const middle = offsetAt(new Date(midnight + DAY_MS / 2), timeZone);
  const after = offsetAt(new Date(midnight + 2 * DAY_MS), timeZone);
  const offset = before === middle && middle === after ? before : null;
  if (dayOffsets.size >= DAY_OFFSETS_MAX) dayOffsets.clear();
  dayOffsets.set(key, offset);
  return offset;
}

export interface WindowSpan {
  startsAt: Date;
  endsAt: Date;
  slotMinutes: number;
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

export interface ComputedSlot {
  startsAt: Date;
  endsAt: Date;
  available: boolean;
}

/** Real minutes between the window's start and end. */
export function windowMinutes(window: Interval): number {
  return (window.endsAt.getTime() - window.startsAt.getTime()) / MINUTE_MS;
}

/** Every slot of a window, in order. */
export function slotsOfWindow(window: WindowSpan): Interval[] {
  const step = window.slotMinutes * MINUTE_MS;
  const end = window.endsAt.getTime();
  const slots: Interval[] = [];
  for (let t = window.startsAt.getTime(); t + step <= end; t += step) {
    slots.push({ startsAt: new Date(t), endsAt: new Date(t + step) });
  }
  return slots;
}

/**
 * The slot of `windows` that starts exactly at `startsAt`, or why there is none:
 * 'outside' (no window covers the instant) or 'unaligned' (inside a window, not on a slot start).
 */
export function findSlot<W extends WindowSpan>(
  windows: W[],
  startsAt: Date,
): { window: W; slot: Interval } | 'outside' | 'unaligned' {
  const t = startsAt.getTime();
  const window = windows.find((w) => w.startsAt.getTime() <= t && t < w.endsAt.getTime());
  if (!window) return 'outside';
  const step = window.slotMinutes * MINUTE_MS;
  const offset = t - window.startsAt.getTime();
  if (offset % step !== 0 || t + step > window.endsAt.getTime()) return 'unaligned';
  return { window, slot: { startsAt: startsAt, endsAt: new Date(t + step) } };
}

/**
 * Slots of `windows` that start at or after `from` and before `to`, minus
 * those already started at `now` (never offered), each marked available
 * unless a booked appointment overlaps it. Sorted by start.
 */
export function computeSlots(
  windows: WindowSpan[],
  booked: Interval[],
  now: Date,
  range: { from: Date; to: Date },
): ComputedSlot[] {
  return computeSlotsOf(
    windows.flatMap((w) => slotsOfWindow(w)),
    booked,
    now,
    range,
  );
}

/** A working window on one clinic date, as wall-clock times in the clinic zone. */
export interface WallWindow {
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** An interval as epoch milliseconds [start, end): the slot arithmetic's own form, no Date per slot. */
export interface Span {
  start: number;
  end: number;
}

const toInterval = (s: Span): Interval => ({ startsAt: new Date(s.start), endsAt: new Date(s.end) });
const toSpan = (i: Interval): Span => ({ start: i.startsAt.getTime(), end: i.endsAt.getTime() });

/**
 * Slots of one wall-clock window: starts at startTime, startTime + slot +
 * buffer, …, each ending (in wall-clock terms) by endTime; starts that do not
 * exist that day are skipped, repeated ones resolve to their first occurrence.
 */
export function slotsOfWallWindow(window: WallWindow, bufferMinutes: number, timeZone: string): Interval[] {
  return spansOfWallWindow(window, bufferMinutes, timeZone).map(toInterval);
}

/** slotsOfWallWindow as spans. */
export function spansOfWallWindow(window: WallWindow, bufferMinutes: number, timeZone: string): Span[] {
  const start = minutesOfDay(window.startTime);
  const end = window.endTime === '24:00' ? 24 * 60 : minutesOfDay(window.endTime);
  const step = window.slotMinutes + bufferMinutes;
  const length = window.slotMinutes * MINUTE_MS;
  const slots: Span[] = [];
  // The date's offset, computed once: every slot is then plain arithmetic (DST dates take the exact path).
  const offset = zoneDayOffset(window.date, timeZone);
  const midnight = Date.parse(`${window.date}T00:00:00Z`);
  for (let m = start; m + window.slotMinutes <= end; m += step) {
    let startsAt: number;
    if (offset !== null && m < 24 * 60) {
      startsAt = midnight + m * MINUTE_MS - offset;
    } else {
      const exact = clinicInstant(window.date, hhmm(m), timeZone);
      if (!exact) continue;
      startsAt = exact.getTime();
    }
    slots.push({ start: startsAt, end: startsAt + length });
  }
  return slots;
}

/** What decides the candidate slots of a doctor over some dates. */
export interface SlotPlan {
  /** Template windows materialised on each date, plus the dates' own windows. */
  windows: WallWindow[];
  bufferMinutes: number;
  /** Time off: no slot that overlaps one of these is offered. */
  timeOff: Interval[];
  timeZone: string;
}

/** A SlotPlan whose time off is in spans. */
export type SpanPlan = Omit<SlotPlan, 'timeOff'> & { timeOff: Span[] };

const overlaps = (a: Interval, b: Interval) =>
  a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();

/**
 * Every candidate slot of a plan, sorted by start: the slots of all windows,
 * a slot overlapping an earlier kept one dropped (a date window that overlaps
 * the template adds only what the template lacks), minus those touching time off.
 */
export function candidateSlots(plan: SlotPlan): Interval[] {
  return candidateSpans({ ...plan, timeOff: plan.timeOff.map(toSpan) }).map(toInterval);
}

/** candidateSlots in spans. */
export function candidateSpans(plan: SpanPlan): Span[] {
  const all: Span[] = [];
  for (const w of plan.windows) {
    for (const slot of spansOfWallWindow(w, plan.bufferMinutes, plan.timeZone)) all.push(slot);
  }
  all.sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Span[] = [];
  let lastEnd = -Infinity;
  for (const slot of all) {
    if (slot.start < lastEnd) continue;
    if (plan.timeOff.some((off) => off.start < slot.end && slot.start < off.end)) continue;
    kept.push(slot);
    lastEnd = slot.end;
  }
  return kept;
}

/** Why an instant is not a slot start of a plan. */
export type SlotRefusal = 'outside' | 'unaligned' | 'time_off';

/** The candidate slot starting exactly at `startsAt`, or why there is none. */
export function findPlannedSlot(plan: SlotPlan, startsAt: Date): Interval | SlotRefusal {
  const t = startsAt.getTime();
  const slot = candidateSlots(plan).find((s) => s.startsAt.getTime() === t);
  if (slot) return slot;
  const point = { startsAt, endsAt: new Date(t + 1) };
  if (plan.timeOff.some((off) => overlaps(off, point))) return 'time_off';
  // A slot that time off removes (it overlaps the time off somewhere, not only at its start).
  if (plan.timeOff.length > 0 && candidateSlots({ ...plan, timeOff: [] }).some((s) => s.startsAt.getTime() === t)) {
    return 'time_off';
  }
  const inside = plan.windows.some((w) => {
    const from = clinicInstant(w.date, w.startTime, plan.timeZone);
    const to = clinicInstant(w.date, w.endTime, plan.timeZone);
    return from !== null && to !== null && from.getTime() <= t && t < to.getTime();
  });
  return inside ? 'unaligned' : 'outside';
}

/**
 * Candidate slots inside `range` that start later than `earliest` (now plus
 * the minimum notice), each marked available unless an occupied interval
 * (a booked or checked-in appointment, a held offer) overlaps it.
 */
export function markSlots(
  candidates: Interval[],
  occupied: Interval[],
  earliest: Date,
  range: { from: Date; to: Date },
): ComputedSlot[] {
  return computeSlotsOf(candidates, occupied, earliest, range);
}

function computeSlotsOf(
  candidates: Interval[],
  booked: Interval[],
  now: Date,
  range: { from: Date; to: Date },
): ComputedSlot[] {
  return markSpans(candidates.map(toSpan), booked.map(toSpan), now.getTime(), {
    from: range.from.getTime(),
    to: range.to.getTime(),
  }).map((s) => ({ startsAt: new Date(s.start), endsAt: new Date(s.end), available: s.available }));
}

/** markSlots in spans and epoch milliseconds. */
export function markSpans(
  candidates: Span[],
  occupied: Span[],
  earliest: number,
  range: { from: number; to: number },
): (Span & { available: boolean })[] {
  const taken = [...occupied].sort((a, b) => a.start - b.start);
  const all = candidates
    .filter((s) => s.start > earliest && s.start >= range.from && s.start < range.to)
    .sort((a, b) => a.start - b.start);
  // One sweep: appointments are sorted by start, slots too.
  const result: (Span & { available: boolean })[] = [];
  let first = 0;
  for (const slot of all) {
    while (first < taken.length && taken[first].end <= slot.start) first += 1;
    let available = true;
    for (let i = first; i < taken.length && taken[i].start < slot.end; i += 1) {
      if (taken[i].end > slot.start) {
        available = false;
        break;
      }
    }
    result.push({ start: slot.start, end: slot.end, available });
  }
  return result;
}
