/** Cache keys of the directory (DESIGN.md "Caching"). One place builds them, so reads and invalidations agree. */
export const DIRECTORY_CACHE_KEYS = {
  /** Specializations with their active doctor counts (patient browse, patient dashboard). */
  specializations: 'directory:specializations',
  /** Every active doctor, sorted by name (the unsearched patient browse list). */
  activeDoctors: 'directory:doctors:active:all',
  /** Active doctors of one specialization, sorted by name. */
  activeDoctorsOf: (specializationId: string) => `directory:doctors:active:spec:${specializationId}`,
} as const;

/** Escapes LIKE wildcards so a search term matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
