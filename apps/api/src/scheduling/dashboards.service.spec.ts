import { CACHE_KEYS } from '../common/cache/cache-keys';
import { CacheService } from '../common/cache/cache.service';
import { mapCache } from '../../../../test/support/map-cache';
import { DomainEvents } from '../common/events/domain-events';
import type { UnitOfWork } from '../common/events/unit-of-work';
import { stateFact, unitOver } from '../../../../test/support/unit-of-work';
import type { AppConfig } from '../config/app-config';
import type { SpecializationsService } from '../directory/specializations.service';
import type { AppointmentsRepository, DoctorCounts } from './appointments.repository';
import { DashboardsService } from './dashboards.service';

describe('DashboardsService', () => {
  let counts: DoctorCounts;
  let loads: number;
  let cache: CacheService;
  let events: DomainEvents;
  let unit: UnitOfWork;
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
    cache = new CacheService(mapCache());
    events = new DomainEvents();
    unit = unitOver(events);
    const appointments = {
      doctorCounts: async () => {
        loads += 1;
        return { ...counts };
      },
      patientOverview: async () => ({ upcoming: [], past: 0 }),
    } as unknown as AppointmentsRepository;
    const specializations = { listWithActiveDoctorCounts: async () => [] } as unknown as SpecializationsService;
    service = new DashboardsService(appointments, specializations, cache, events, {
      clinicTimezone: 'Europe/Berlin',
    } as AppConfig);
    service.onModuleInit();
  });

  it('serves the doctor dashboard from the cache under a key holding the doctor id', async () => {
    expect(await service.forDoctor('doc-1')).toEqual(counts);
    expect(await service.forDoctor('doc-1')).toEqual(counts);
    expect(loads).toBe(1);
    expect(await cache.peek(CACHE_KEYS.doctorDashboard('doc-1'))).toEqual(counts);
  });

  it.each(['appointment.booked', 'appointment.cancelled', 'appointment.completed', 'treatment.updated'] as const)(
    'drops the doctor and patient dashboards on %s',
    async (name) => {
      await service.forDoctor('doc-1');
      await service.forPatient('pat-1');
      await stateFact(unit, name, { appointmentId: 'a', doctorId: 'doc-1', patientId: 'pat-1' });
      expect(await cache.peek(CACHE_KEYS.doctorDashboard('doc-1'))).toBeUndefined();
      expect(await cache.peek(CACHE_KEYS.patientDashboard('pat-1'))).toBeUndefined();
      counts.upcoming = 9;
      expect((await service.forDoctor('doc-1')).upcoming).toBe(9);
    },
  );

  it("keeps other users' dashboards when one appointment changes", async () => {
    await service.forDoctor('doc-2');
    await stateFact(unit, 'appointment.rescheduled', {
      appointmentId: 'a',
      doctorId: 'doc-1',
      patientId: 'pat-1',
      previousStartsAt: '2026-01-01T00:00:00Z',
    });
    expect(await cache.peek(CACHE_KEYS.doctorDashboard('doc-2'))).toEqual(counts);
  });

  it('drops the doctor and every withdrawn patient dashboard on a deactivation stated once', async () => {
    await service.forDoctor('doc-1');
    await service.forPatient('pat-1');
    await service.forPatient('pat-2');
    await stateFact(unit, 'doctor.changed', {
      doctorId: 'doc-1',
      specializationIds: ['s'],
      deactivated: true,
      withdrawn: [
        { appointmentId: 'a1', patientId: 'pat-1' },
        { appointmentId: 'a2', patientId: 'pat-2' },
      ],
    });
    expect(await cache.peek(CACHE_KEYS.doctorDashboard('doc-1'))).toBeUndefined();
    expect(await cache.peek(CACHE_KEYS.patientDashboard('pat-1'))).toBeUndefined();
    expect(await cache.peek(CACHE_KEYS.patientDashboard('pat-2'))).toBeUndefined();
  });
});
