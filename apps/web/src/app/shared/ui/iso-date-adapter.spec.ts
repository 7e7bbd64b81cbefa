import { ClinicDateParserFormatter, IsoDateAdapter } from './iso-date-adapter';

describe('ClinicDateParserFormatter', () => {
  const f = new ClinicDateParserFormatter();

  it('writes dates as the app does ("7 Dec 2026"), not mm/dd/yyyy', () => {
    expect(f.format({ year: 2026, month: 12, day: 7 })).toBe('7 Dec 2026');
    expect(f.format({ year: 1990, month: 2, day: 28 })).toBe('28 Feb 1990');
    expect(f.format(null)).toBe('');
  });

  it('reads the app format, ISO dates and day-first numbers; refuses impossible dates', () => {
    expect(f.parse('7 Dec 2026')).toEqual({ year: 2026, month: 12, day: 7 });
    expect(f.parse(' 7 december 2026 ')).toEqual({ year: 2026, month: 12, day: 7 });
    expect(f.parse('2026-12-07')).toEqual({ year: 2026, month: 12, day: 7 });
    expect(f.parse('7/12/2026')).toEqual({ year: 2026, month: 12, day: 7 });
    expect(f.parse('31 Feb 2026')).toBeNull();
    expect(f.parse('12/31/2026')).toBeNull();
    expect(f.parse('soon')).toBeNull();
  });

  it('round-trips with the ISO model adapter', () => {
    const adapter = new IsoDateAdapter();
    expect(adapter.toModel(f.parse(f.format(adapter.fromModel('2026-12-07'))))).toBe('2026-12-07');
  });
});
