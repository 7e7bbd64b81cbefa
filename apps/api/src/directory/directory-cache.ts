/** Cache keys of the directory (DESIGN.md "Caching"). One place builds them, so reads and invalidations agree. */
export const DIRECTORY_CACHE_KEYS = {
  /** Specializations with their active doctor counts (patient browse, patient dashboard). */
  specializations: 'directory:specializations',
  /** Every active doctor as patients see them, sorted by name (the unsearched patient browse list). */
  activeDoctors: 'directory:doctors:public:all',
  /** Active doctors of one specialization as patients see them, sorted by name. */
  activeDoctorsOf: (specializationId: string) => `directory:doctors:public:spec:${specializationId}`,
} as const;

/** Escapes LIKE wildcards so a search term matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
