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
  previousClinicMonth,
} from '@hms/shared';

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
