import { addDays, clinicDate } from './admin-dashboard.service';

describe('clinic dates of the admin dashboard', () => {
  it('reads the calendar date in the clinic time zone, not UTC', () => {
    const instant = new Date('2026-03-14T22:30:00Z');
    expect(clinicDate(instant, 'UTC')).toBe('2026-03-14');
    expect(clinicDate(instant, 'Europe/Berlin')).toBe('2026-03-14');
    expect(clinicDate(instant, 'Asia/Tokyo')).toBe('2026-03-15');
    expect(clinicDate(instant, 'America/Los_Angeles')).toBe('2026-03-14');
    expect(clinicDate(new Date('2026-03-15T05:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-14');
  });

  it('adds whole calendar days across month ends and DST changes', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-29', -29)).toBe('2026-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
