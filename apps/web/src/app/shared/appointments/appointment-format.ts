import type { Appointment } from '@hms/api-client';

/** The specialization's name, whether the API sends it as an object or as a plain name. */
export function specializationName(doctor: Appointment['doctor'] | null | undefined): string {
  const spec: unknown = doctor?.specialization;
  if (typeof spec === 'string') return spec;
  if (spec && typeof spec === 'object' && 'name' in spec) return String((spec as { name: unknown }).name);
  return '';
}

/** Sorts appointments by start, soonest first (or latest first). */
export function byStart<T extends { startsAt: string }>(list: readonly T[], latestFirst = false): T[] {
  const sign = latestFirst ? -1 : 1;
  return [...list].sort((a, b) => sign * (Date.parse(a.startsAt) - Date.parse(b.startsAt)));
}

/** A patient's visits split by time: what is still ahead, what is over, and what was called off. */
export interface VisitsByTime<T> {
  /** Booked or checked in and not yet ended: soonest first. */
  upcoming: T[];
  /** Ended (or completed, or missed): latest first. */
  past: T[];
  /** Cancelled, whenever it was to be: latest first. */
  cancelled: T[];
}

/**
 * Splits visits by their end (`endsAt` vs `now`), not by their status alone:
 * a visit is upcoming only while it is still ahead and still on; a cancelled
 * one is never upcoming.
 */
export function splitByTime<T extends Pick<Appointment, 'startsAt' | 'endsAt' | 'status'>>(
  list: readonly T[],
  now: number = Date.now(),
): VisitsByTime<T> {
  const upcoming: T[] = [];
  const past: T[] = [];
  const cancelled: T[] = [];
  for (const a of list) {
    if (a.status === 'cancelled') cancelled.push(a);
    else if ((a.status === 'booked' || a.status === 'checked_in') && Date.parse(a.endsAt) > now) upcoming.push(a);
    else past.push(a);
  }
  return { upcoming: byStart(upcoming), past: byStart(past, true), cancelled: byStart(cancelled, true) };
}

/** True when someone other than the patient called the visit off (the patient is told why and may book again). */
export function cancelledByClinic(a: Pick<Appointment, 'status' | 'cancelledBy'>): boolean {
  return a.status === 'cancelled' && !!a.cancelledBy && a.cancelledBy !== 'patient';
}
