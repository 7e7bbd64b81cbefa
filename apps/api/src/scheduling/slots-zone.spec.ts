import { addDays, clinicInstant, minutesOfDay } from '../common/time/clinic-time';
import { slotsOfWallWindow, zoneDayOffset, type Interval, type WallWindow } from './slots';

/** The per-slot rule every slot used before offsets were computed once per date. */
function reference(window: WallWindow, bufferMinutes: number, timeZone: string): Interval[] {
  const start = minutesOfDay(window.startTime);
  const end = window.endTime === '24:00' ? 24 * 60 : minutesOfDay(window.endTime);
  const slots: Interval[] = [];
  for (let m = start; m + window.slotMinutes <= end; m += window.slotMinutes + bufferMinutes) {
    const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const startsAt = clinicInstant(window.date, hhmm, timeZone);
    if (startsAt) slots.push({ startsAt, endsAt: new Date(startsAt.getTime() + window.slotMinutes * 60_000) });
  }
  return slots;
}

const iso = (slots: Interval[]) => slots.map((s) => `${s.startsAt.toISOString()}/${s.endsAt.toISOString()}`);

describe('slots of a wall-clock window with the date offset computed once', () => {
  // Zones with one-hour, half-hour and southern-hemisphere changes, one that skipped a whole day
  // (Apia, 2011-12-30), and zones without changes.
  const cases: [string, string, number][] = [
    ['Europe/Berlin', '2026-03-20', 20],
    ['Europe/Berlin', '2026-10-20', 12],
    ['America/New_York', '2027-03-10', 8],
    ['America/New_York', '2027-11-03', 8],
    ['Australia/Lord_Howe', '2027-04-01', 6],
    ['Australia/Lord_Howe', '2026-10-01', 6],
    ['America/Santiago', '2027-04-01', 8],
    ['Pacific/Apia', '2011-12-27', 6],
    ['Asia/Kolkata', '2026-06-01', 3],
    ['UTC', '2026-12-01', 3],
  ];

  it.each(cases)('%s from %s for %i days gives exactly the per-slot answer', (zone, from, days) => {
    for (let i = 0; i < days; i += 1) {
      const date = addDays(from, i);
      for (const [startTime, endTime, slotMinutes, buffer] of [
        ['00:00', '24:00', 15, 0],
        ['00:30', '04:00', 25, 5],
        ['01:00', '03:30', 20, 0],
        ['22:00', '24:00', 30, 10],
      ] as const) {
        const window = { date, startTime, endTime, slotMinutes };
        expect(iso(slotsOfWallWindow(window, buffer, zone))).toEqual(iso(reference(window, buffer, zone)));
      }
    }
  });

  it('leaves dates near an offset change to the exact rule', () => {
    expect(zoneDayOffset('2027-03-14', 'America/New_York')).toBeNull();
    expect(zoneDayOffset('2027-03-13', 'America/New_York')).toBeNull();
    expect(zoneDayOffset('2027-03-20', 'America/New_York')).toBe(-4 * 3600_000);
    expect(zoneDayOffset('2011-12-30', 'Pacific/Apia')).toBeNull();
    expect(zoneDayOffset('2026-12-07', 'UTC')).toBe(0);
  });
});
