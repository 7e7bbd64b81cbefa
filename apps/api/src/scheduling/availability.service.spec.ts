import { QueryFailedError, type DataSource } from 'typeorm';
import { UnitOfWork } from '../common/events/unit-of-work';
import { ConflictError, NotFoundError, RuleViolationError } from '../common/errors/domain-errors';
import type { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import type { AppointmentsRepository } from './appointments.repository';
import type { AvailabilityRepository, NewWindow } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { addDays, clinicInstant, clinicToday } from '../common/time/clinic-time';
import type { AvailabilityWindowEntity } from './entities/availability-window.entity';

const TZ = 'Europe/Berlin';

/** The next clinic date (within a year) on which Berlin's clocks jump from 02:00 to 03:00. */
function nextSpringForward(): string {
  let date = clinicToday(TZ);
  for (let i = 0; i < 370; i += 1, date = addDays(date, 1)) {
    if (clinicInstant(date, '02:30', TZ) === null) return date;
  }
  throw new Error('no daylight-saving change within a year');
}

function exclusionError(constraint: string): QueryFailedError {
  return new QueryFailedError(
    'INSERT',
    [],
    Object.assign(new Error('conflicting key value'), { code: '23P01', constraint }),
  );
}

describe('AvailabilityService', () => {
  const txEm = { transaction: 'the unit of work' };
  let inserted: NewWindow[];
  let existing: AvailabilityWindowEntity[];
  let insertError: Error | null;
  let bookedInside: boolean;
  let published: unknown[];
  let deleted: string[];
  let service: AvailabilityService;

  beforeEach(() => {
    inserted = [];
    existing = [];
    insertError = null;
    bookedInside = false;
    published = [];
    deleted = [];
    const windows = {
      insert: async (w: NewWindow, em: unknown) => {
        if (insertError) throw insertError;
        if (em !== txEm) throw new Error('window written outside the unit of work');
        inserted.push(w);
        return { id: 'w1', ...w } as AvailabilityWindowEntity;
      },
      overlapping: async () => existing,
      lockOwned: async (_em: unknown, id: string, doctorId: string) =>
        existing.find((w) => w.id === id && w.doctorId === doctorId) ?? null,
      delete: async (_em: unknown, id: string) => {
        deleted.push(id);
      },
    } as unknown as AvailabilityRepository;
    const appointments = { hasBookedWithin: async () => bookedInside } as unknown as AppointmentsRepository;
    const dataSource = {
      transaction: async (fn: (em: unknown) => Promise<unknown>) => fn(txEm),
    } as unknown as DataSource;
    const events = {
      flush: async () => undefined,
      dispatch: async (recorded: { name: string; payload: unknown }[]) => {
        published.push(...recorded.map(({ name, payload }) => ({ name, payload })));
      },
    } as unknown as DomainEvents;
    const config = { clinicTimezone: TZ, bookingHorizonDays: 365 } as AppConfig;
    service = new AvailabilityService(windows, appointments, new UnitOfWork(dataSource, events), config);
  });

  it('stores the real instants of a window on a spring-forward day (two real hours for 01:00-04:00)', async () => {
    const date = nextSpringForward();
    const w = await service.publish('d1', { date, startTime: '01:00', endTime: '04:00', slotMinutes: 60 });
    expect((Date.parse(w.endsAt) - Date.parse(w.startsAt)) / 60_000).toBe(120);
    expect(inserted[0]).toMatchObject({ slotMinutes: 60 });
    expect(published).toEqual([{ name: 'availability.changed', payload: { doctorId: 'd1' } }]);
  });

  it('checks that slots divide the real length, not the wall-clock length, on a daylight-saving day', async () => {
    const date = nextSpringForward();
    // 180 wall-clock minutes but 120 real ones: 90-minute slots do not fit.
    await expect(
      service.publish('d1', { date, startTime: '01:00', endTime: '04:00', slotMinutes: 90 }),
    ).rejects.toMatchObject({ code: 'slot_does_not_divide_window', status: 422 });
    expect(inserted).toHaveLength(0);
  });

  it('rejects a wall-clock time that does not exist that day with 422 naming the field', async () => {
    const date = nextSpringForward();
    const error = await service
      .publish('d1', { date, startTime: '02:30', endTime: '05:00', slotMinutes: 30 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleViolationError);
    expect(error).toMatchObject({ code: 'nonexistent_time', errors: [{ field: 'startTime' }] });
  });

  it('rejects a date before today or after the horizon', async () => {
    const today = clinicToday(TZ);
    await expect(
      service.publish('d1', { date: addDays(today, -1), startTime: '09:00', endTime: '10:00' }),
    ).rejects.toMatchObject({ code: 'date_outside_horizon' });
    await expect(
      service.publish('d1', { date: addDays(today, 366), startTime: '09:00', endTime: '10:00' }),
    ).rejects.toMatchObject({ code: 'date_outside_horizon' });
  });

  it('turns the exclusion constraint into a 409 naming the window it clashes with', async () => {
    insertError = exclusionError('EXC_availability_windows_overlap');
    existing = [
      {
        id: 'w0',
        doctorId: 'd1',
        date: '2026-12-01',
        startTime: '08:00',
        endTime: '10:00',
      } as AvailabilityWindowEntity,
    ];
    const error = await service
      .publish('d1', { date: addDays(clinicToday(TZ), 1), startTime: '09:00', endTime: '11:00' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain('08:00–10:00 on 2026-12-01');
    expect(published).toHaveLength(0);
  });

  it('lets other database errors through unchanged', async () => {
    insertError = new Error('connection lost');
    await expect(
      service.publish('d1', { date: addDays(clinicToday(TZ), 1), startTime: '09:00', endTime: '11:00' }),
    ).rejects.toThrow('connection lost');
  });

  describe('remove', () => {
    beforeEach(() => {
      existing = [{ id: 'w1', doctorId: 'd1', startsAt: new Date(), endsAt: new Date() } as AvailabilityWindowEntity];
    });

    it("answers not found for another doctor's window", async () => {
      await expect(service.remove('d2', 'w1')).rejects.toBeInstanceOf(NotFoundError);
      expect(deleted).toHaveLength(0);
    });

    it('refuses while a booked appointment lies inside', async () => {
      bookedInside = true;
      await expect(service.remove('d1', 'w1')).rejects.toMatchObject({ code: 'window_has_bookings', status: 409 });
      expect(deleted).toHaveLength(0);
    });

    it('deletes an own free window and tells listeners', async () => {
      await service.remove('d1', 'w1');
      expect(deleted).toEqual(['w1']);
      expect(published).toEqual([{ name: 'availability.changed', payload: { doctorId: 'd1' } }]);
    });
  });
});
