import {
  addDays,
  clinicDateOf,
  clinicInstant,
  clinicMonthRange,
  clinicTimeOf,
  clinicToday,
  clinicWeekRange,
  daysBetween,
  isClinicDate,
  isoWeekday,
  startOfClinicDay,
  addMonths,
  isMonth,
  offsetAt,
  previousClinicMonth,
} from '@hms/shared';

/** The wall clock and offset at an instant as Intl reads them, independently of the library. */
const intlFormats = new Map<string, Intl.DateTimeFormat>();
function byIntl(instant: Date, timeZone: string): { date: string; time: string; offset: number } {
  let format = intlFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    intlFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const f = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const hour = f('hour') % 24;
  const local = Date.UTC(f('year'), f('month') - 1, f('day'), hour, f('minute'), f('second'));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${pad(f('year'), 4)}-${pad(f('month'))}-${pad(f('day'))}`,
    time: `${pad(hour)}:${pad(f('minute'))}`,
    offset: local - Math.floor(instant.getTime() / 1000) * 1000,
  };
}

/** The clinic calendar of libs/shared, used by the API and the web app alike. */
describe('clinic time', () => {
  it('reads the calendar date in the clinic time zone, not UTC', () => {
    const instant = new Date('2026-03-14T22:30:00Z');
    expect(clinicDateOf(instant, 'UTC')).toBe('2026-03-14');
    expect(clinicDateOf(instant, 'Europe/Berlin')).toBe('2026-03-14');
    expect(clinicDateOf(instant, 'Asia/Tokyo')).toBe('2026-03-15');
    expect(clinicDateOf(instant, 'America/Los_Angeles')).toBe('2026-03-14');
    expect(clinicDateOf(new Date('2026-03-15T05:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-14');
  });

  it('reads the same wall clock and offset as Intl around every offset change, odd offsets and half-hour shifts included', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe', // shifts by 30 minutes
      'Asia/Kathmandu', // +05:45
      'America/St_Johns', // -03:30 / -02:30
      'Pacific/Chatham', // +12:45 / +13:45
    ];
    const changes: { zone: string; from: number }[] = [];
    for (const zone of zones) {
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000) {
        if (byIntl(new Date(day), zone).offset !== byIntl(new Date(day + 86_400_000), zone).offset) {
          changes.push({ zone, from: day });
        }
      }
    }
    // Liberia left its local mean time (-00:44:30) in 1972 at an instant off the quarter hour.
    changes.push({ zone: 'Africa/Monrovia', from: Date.UTC(1972, 0, 6) });
    expect(changes.length).toBeGreaterThanOrEqual(9);
    let checked = 0;
    for (const { zone, from } of changes) {
      for (let t = from; t <= from + 2 * 86_400_000; t += 37_000) {
        const instant = new Date(t);
        const expected = byIntl(instant, zone);
        const actual = {
          date: clinicDateOf(instant, zone),
          time: clinicTimeOf(instant, zone),
          offset: offsetAt(instant, zone),
        };
        if (actual.date !== expected.date || actual.time !== expected.time || actual.offset !== expected.offset) {
          throw new Error(
            `${zone} at ${instant.toISOString()}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`,
          );
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40_000);
  });

  it('adds whole calendar days across month ends, leap days and DST changes', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-29', -29)).toBe('2026-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  describe('clinicInstant', () => {
    it('maps a wall-clock time to its instant in standard and summer time (Europe/Berlin)', () => {
      expect(clinicInstant('2026-01-15', '09:00', 'Europe/Berlin')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
      expect(clinicInstant('2026-07-15', '09:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-15T07:00:00.000Z');
    });

    it('returns null for a time skipped when clocks go forward', () => {
      // Berlin: 2026-03-29 02:00 -> 03:00; New York: 2026-03-08 02:00 -> 03:00.
      expect(clinicInstant('2026-03-29', '02:30', 'Europe/Berlin')).toBeNull();
      expect(clinicInstant('2026-03-08', '02:00', 'America/New_York')).toBeNull();
      expect(clinicInstant('2026-03-29', '03:00', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
      expect(clinicInstant('2026-03-29', '01:59', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T00:59:00.000Z');
    });

    it('resolves a repeated time (clocks go back) to its first occurrence', () => {
      // New York: 2026-11-01 02:00 EDT -> 01:00 EST, so 01:30 happens twice.
      expect(clinicInstant('2026-11-01', '01:30', 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
      expect(clinicInstant('2026-10-25', '02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    });

    it('is the identity in UTC and honours half-hour zones', () => {
      expect(clinicInstant('2026-05-01', '23:59', 'UTC')?.toISOString()).toBe('2026-05-01T23:59:00.000Z');
      expect(clinicInstant('2026-05-01', '09:00', 'Asia/Kolkata')?.toISOString()).toBe('2026-05-01T03:30:00.000Z');
    });
  });

  describe('instant to clinic date and time', () => {
    it('reads the clinic date and time of an instant', () => {
      const instant = new Date('2026-03-01T23:30:00.000Z');
      expect(clinicDateOf(instant, 'UTC')).toBe('2026-03-01');
      expect(clinicDateOf(instant, 'Europe/Berlin')).toBe('2026-03-02');
      expect(clinicTimeOf(instant, 'Europe/Berlin')).toBe('00:30');
      expect(clinicDateOf(instant, 'America/New_York')).toBe('2026-03-01');
      expect(clinicTimeOf(instant, 'America/New_York')).toBe('18:30');
    });

    it("gives today's clinic date for a given now", () => {
      expect(clinicToday('Pacific/Auckland', new Date('2026-06-30T13:00:00Z'))).toBe('2026-07-01');
      expect(clinicToday('America/Los_Angeles', new Date('2026-07-01T03:00:00Z'))).toBe('2026-06-30');
    });
  });

  describe('calendar arithmetic', () => {
    it('adds days across months, years and leap days', () => {
      expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
      expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
      expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
      expect(daysBetween('2026-03-01', '2026-03-08')).toBe(7);
    });

    it('validates dates', () => {
      expect(isClinicDate('2026-02-29')).toBe(false);
      expect(isClinicDate('2028-02-29')).toBe(true);
      expect(isClinicDate('2026-2-01')).toBe(false);
    });

    it('numbers weekdays Monday=1..Sunday=7', () => {
      expect(isoWeekday('2026-03-02')).toBe(1);
      expect(isoWeekday('2026-03-08')).toBe(7);
    });
  });

  describe('day, week and month bounds', () => {
    it('gives a 23-hour day when clocks go forward and a 25-hour day when they go back', () => {
      const spring = {
        start: startOfClinicDay('2026-03-29', 'Europe/Berlin'),
        end: startOfClinicDay('2026-03-30', 'Europe/Berlin'),
      };
      expect((spring.end.getTime() - spring.start.getTime()) / 3600_000).toBe(23);
      const autumn = {
        start: startOfClinicDay('2026-11-01', 'America/New_York'),
        end: startOfClinicDay('2026-11-02', 'America/New_York'),
      };
      expect((autumn.end.getTime() - autumn.start.getTime()) / 3600_000).toBe(25);
    });

    it('starts a day whose midnight is skipped at the first existing minute', () => {
      // America/Santiago: 2026-09-06 00:00 -> 01:00.
      expect(startOfClinicDay('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    });

    it('runs the clinic week from Monday 00:00 to the next Monday 00:00', () => {
      const week = clinicWeekRange('2026-03-05', 'Europe/Berlin');
      expect(week.start.toISOString()).toBe('2026-03-01T23:00:00.000Z');
      expect(week.end.toISOString()).toBe('2026-03-08T23:00:00.000Z');
      const sunday = clinicWeekRange('2026-03-08', 'UTC');
      expect(sunday.start.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    });

    it('bounds a month in the clinic time zone', () => {
      const month = clinicMonthRange('2026-03-15', 'Europe/Berlin');
      expect(month.start.toISOString()).toBe('2026-02-28T23:00:00.000Z');
      expect(month.end.toISOString()).toBe('2026-03-31T22:00:00.000Z');
      expect(clinicMonthRange('2026-12-31', 'UTC').end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    });
  });
});

describe('clinic months', () => {
  it('gives month ranges in the clinic zone and the previous month', () => {
    const { start, end } = clinicMonthRange('2026-12', 'America/New_York');
    expect(start.toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(end.toISOString()).toBe('2027-01-01T05:00:00.000Z');
    expect(clinicMonthRange('2026-12-15', 'America/New_York')).toEqual({ start, end });
    expect(previousClinicMonth(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2026-11');
    expect(previousClinicMonth(new Date('2027-01-01T03:00:00Z'), 'UTC')).toBe('2026-12');
  });

  it('validates months and adds months across years', () => {
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-01')).toBe(true);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});
