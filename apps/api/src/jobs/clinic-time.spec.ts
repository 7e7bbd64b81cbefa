import {
  addDays,
  clinicDateOf,
  clinicDayRange,
  clinicInstant,
  clinicMonthRange,
  clinicTimeOf,
  isClinicDate,
  previousClinicMonth,
} from './clinic-time';

describe('clinic time', () => {
  it('maps instants to the clinic date and time', () => {
    const instant = new Date('2026-12-03T23:30:00Z');
    expect(clinicDateOf(instant, 'UTC')).toBe('2026-12-03');
    expect(clinicDateOf(instant, 'Europe/Berlin')).toBe('2026-12-04');
    expect(clinicTimeOf(instant, 'Europe/Berlin')).toBe('00:30');
  });

  it('finds the instant of a wall-clock time on both sides of a DST change', () => {
    expect(clinicInstant('2026-03-28', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(clinicInstant('2026-03-29', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('gives a 23-hour clinic day when clocks go forward', () => {
    const { from, to } = clinicDayRange('2026-03-29', 'Europe/Berlin');
    expect(from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect((to.getTime() - from.getTime()) / 3600_000).toBe(23);
  });

  it('computes month ranges and the previous month', () => {
    const { from, to } = clinicMonthRange('2026-12', 'America/New_York');
    expect(from.toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(to.toISOString()).toBe('2027-01-01T05:00:00.000Z');
    expect(previousClinicMonth(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2026-11');
    expect(previousClinicMonth(new Date('2027-01-01T03:00:00Z'), 'UTC')).toBe('2026-12');
  });

  it('validates calendar dates and adds days across months', () => {
    expect(isClinicDate('2026-02-29')).toBe(false);
    expect(isClinicDate('2028-02-29')).toBe(true);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
