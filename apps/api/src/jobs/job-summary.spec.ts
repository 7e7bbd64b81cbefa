import { dayLabel, jobSummary, monthLabel } from './job-summary';

describe('jobSummary', () => {
  const base = { params: {}, error: null };

  it('labels clinic dates and months', () => {
    expect(dayLabel('2026-12-08')).toBe('Tue 8 Dec');
    expect(monthLabel('2026-11')).toBe('November 2026');
    // Whatever a row holds, a summary never throws.
    expect(dayLabel('soon')).toBe('soon');
    expect(monthLabel('2026-13x')).toBe('2026-13x');
  });

  it('words reminder runs', () => {
    expect(
      jobSummary({
        ...base,
        kind: 'daily-reminders',
        status: 'completed',
        result: { date: '2026-12-08', appointments: 42, sent: 42, skipped: 0 },
      }),
    ).toBe('Sent 42 reminders for Tue 8 Dec');
    expect(
      jobSummary({
        ...base,
        kind: 'daily-reminders',
        status: 'completed',
        result: { date: '2026-12-08', appointments: 3, sent: 1, skipped: 2 },
      }),
    ).toBe('Sent 1 reminder for Tue 8 Dec (2 sent earlier)');
    expect(
      jobSummary({
        kind: 'daily-reminders',
        status: 'running',
        params: { date: '2026-12-08' },
        result: null,
        error: null,
      }),
    ).toBe('Reminders for Tue 8 Dec: running');
    expect(
      jobSummary({
        kind: 'daily-reminders',
        status: 'failed',
        params: { date: '2026-12-08' },
        result: null,
        error: 'SMTP down',
      }),
    ).toBe('Reminders for Tue 8 Dec: failed (SMTP down)');
  });

  it('words monthly reports and exports', () => {
    expect(
      jobSummary({ ...base, kind: 'monthly-reports', status: 'completed', result: { month: '2026-11', doctors: 12 } }),
    ).toBe('Monthly reports for November 2026: 12 doctors emailed');
    expect(
      jobSummary({
        kind: 'monthly-reports',
        status: 'queued',
        params: { month: '2026-11' },
        result: null,
        error: null,
      }),
    ).toBe('Monthly reports for November 2026: waiting to run');
    expect(jobSummary({ ...base, kind: 'treatments-export', status: 'completed', result: { rows: 1 } })).toBe(
      'Exported 1 row',
    );
  });
});
