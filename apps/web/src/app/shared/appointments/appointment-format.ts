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
