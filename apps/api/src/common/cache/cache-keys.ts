import type { CacheKey } from './cache.service';

/**
 * Every cached read of the API (DESIGN.md "Caching"), built in one place so
 * reads and invalidations agree. A namespace is what one invalidation
 * retires; data of one user is namespaced by that user.
 */
export const CACHE_KEYS = {
  /** Specializations with their active doctor counts (patient browse, patient dashboard, admin list). */
  specializations: { namespace: 'directory:specializations' },
  /** Every active doctor as patients see them, sorted by name (the unsearched patient browse list). */
  activeDoctors: { namespace: 'directory:doctors:all' },
  /** Active doctors of one specialization as patients see them, sorted by name. */
  activeDoctorsOf: (specializationId: string): CacheKey => ({
    namespace: `directory:doctors:spec:${specializationId}`,
  }),
  doctorDashboard: (doctorId: string): CacheKey => ({ namespace: `dashboard:doctor:${doctorId}` }),
  patientDashboard: (patientId: string): CacheKey => ({ namespace: `dashboard:patient:${patientId}` }),
  adminDashboard: { namespace: 'dashboard:admin' },
  /** A doctor's first free slot start, for the patients' doctor list. */
  nextFree: (doctorId: string): CacheKey => ({ namespace: `next-free:${doctorId}` }),
  /** A doctor's standing and slot-rule inputs (template, windows, time off), which bookings check against. */
  slotRules: (doctorId: string): CacheKey => ({ namespace: `slot-rules:${doctorId}` }),
} satisfies Record<string, CacheKey | ((id: string) => CacheKey)>;
