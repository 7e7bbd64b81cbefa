/**
 * Pure slot arithmetic: windows are cut into slots of `slotMinutes` real
 * minutes from their start instant, so a window on a daylight-saving day
 * holds exactly the minutes that really pass.
 */

const MINUTE_MS = 60_000;

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
  const taken = [...booked].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const nowMs = now.getTime();
  const all = windows
    .flatMap((w) => slotsOfWindow(w))
    .filter((s) => {
      const t = s.startsAt.getTime();
      return t > nowMs && t >= range.from.getTime() && t < range.to.getTime();
    })
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());

  // One sweep: appointments are sorted by start, slots too.
  const result: ComputedSlot[] = [];
  let first = 0;
  for (const slot of all) {
    const s = slot.startsAt.getTime();
    const e = slot.endsAt.getTime();
    while (first < taken.length && taken[first].endsAt.getTime() <= s) first += 1;
    let available = true;
    for (let i = first; i < taken.length && taken[i].startsAt.getTime() < e; i += 1) {
      if (taken[i].endsAt.getTime() > s) {
        available = false;
        break;
      }
    }
    result.push({ startsAt: slot.startsAt, endsAt: slot.endsAt, available });
  }
  return result;
}
