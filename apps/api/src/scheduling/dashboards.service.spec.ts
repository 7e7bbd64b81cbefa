import type { CacheService } from '../common/cache/cache.service';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import type { AppointmentsRepository, DoctorCounts } from './appointments.repository';
import type { DashboardRepository } from './dashboard.repository';
import { dashboardKeys, DashboardsService } from './dashboards.service';

/** A map-backed cache with the CacheService surface the dashboards use. */
class MapCache {
  readonly store = new Map<string, unknown>();
  async get<T>(key: string): Promise<T | undefined> {
    return this.store.get(key) as T | undefined;
  }
  async set<T>(key: string, value: T): Promise<void> {
    this.store.set(key, value);
  }
  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.store.delete(k);
  }
}

describe('DashboardsService', () => {
  let counts: DoctorCounts;
  let loads: number;
  let cache: MapCache;
  let events: DomainEvents;
  let service: DashboardsService;

  beforeEach(() => {
    counts = {
      today: 1,
      thisWeek: 2,
      upcoming: 3,
      patients: 4,
      completedThisMonth: 5,
      noShowsThisMonth: 1,
      noShowRateThisMonth: 0.167,
    };
    loads = 0;
    cache = new MapCache();
    events = new DomainEvents();
    const appointments = {
      doctorCounts: async () => {
        loads += 1;
        return { ...counts };
      },
      patientOverview: async () => ({ upcoming: [], past: 0 }),
    } as unknown as AppointmentsRepository;
    const dashboards = { specializationsWithDoctorCount: async () => [] } as unknown as DashboardRepository;
    service = new DashboardsService(appointments, dashboards, cache as unknown as CacheService, events, {
      clinicTimezone: 'Europe/Berlin',
    } as AppConfig);
    service.onModuleInit();
  });

  it('serves the doctor dashboard from the cache under a key holding the doctor id', async () => {
    expect(await service.forDoctor('doc-1')).toEqual(counts);
    expect(await service.forDoctor('doc-1')).toEqual(counts);
    expect(loads).toBe(1);
    expect(cache.store.has(dashboardKeys.doctor('doc-1'))).toBe(true);
  });

  it.each(['appointment.booked', 'appointment.cancelled', 'appointment.completed', 'treatment.updated'] as const)(
    'drops the doctor and patient dashboards on %s',
    async (name) => {
      await service.forDoctor('doc-1');
      await service.forPatient('pat-1');
      await events.publish(name, { appointmentId: 'a', doctorId: 'doc-1', patientId: 'pat-1' });
      expect(cache.store.has(dashboardKeys.doctor('doc-1'))).toBe(false);
      expect(cache.store.has(dashboardKeys.patient('pat-1'))).toBe(false);
      counts.upcoming = 9;
      expect((await service.forDoctor('doc-1')).upcoming).toBe(9);
    },
  );

  it("keeps other users' dashboards when one appointment changes", async () => {
    await service.forDoctor('doc-2');
    await events.publish('appointment.rescheduled', {
      appointmentId: 'a',
      doctorId: 'doc-1',
      patientId: 'pat-1',
      previousStartsAt: '2026-01-01T00:00:00Z',
    });
    expect(cache.store.has(dashboardKeys.doctor('doc-2'))).toBe(true);
  });

  it('drops the doctor and every withdrawn patient dashboard on a deactivation stated once', async () => {
    await service.forDoctor('doc-1');
    await service.forPatient('pat-1');
    await service.forPatient('pat-2');
    await events.publish('doctor.changed', {
      doctorId: 'doc-1',
      specializationIds: ['s'],
      deactivated: true,
      withdrawn: [
        { appointmentId: 'a1', patientId: 'pat-1' },
        { appointmentId: 'a2', patientId: 'pat-2' },
      ],
    });
    expect(cache.store.has(dashboardKeys.doctor('doc-1'))).toBe(false);
    expect(cache.store.has(dashboardKeys.patient('pat-1'))).toBe(false);
    expect(cache.store.has(dashboardKeys.patient('pat-2'))).toBe(false);
  });
});
