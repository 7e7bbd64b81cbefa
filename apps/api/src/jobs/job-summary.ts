import type { JobStatus } from '@hms/shared';

/** What a job's row holds that its summary is written from. */
export interface SummarySource {
  kind: string;
  status: JobStatus;
  params: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: string | null;
}

const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** 'Tue 8 Dec' for the calendar date '2026-12-08' (a clinic date, so no time zone shift). */
export function dayLabel(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const [y, m, d] = date.split('-').map(Number);
  return DAY.format(new Date(Date.UTC(y, m - 1, d))).replace(',', '');
}

/** 'November 2026' for '2026-11'. */
export function monthLabel(month: string): string {
  if (!/^\d{4}-\d{2}$/.test(month)) return month;
  const [y, m] = month.split('-').map(Number);
  return MONTH.format(new Date(Date.UTC(y, m - 1, 15)));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function stateSuffix(status: JobStatus, error: string | null): string {
  if (status === 'queued') return ': waiting to run';
  if (status === 'running') return ': running';
  if (status === 'failed') return `: failed${error ? ` (${error})` : ''}`;
  return '';
}

/**
 * One sentence saying what a job did (or is doing), e.g. "Sent 42 reminders
 * for Tue 8 Dec" or "Monthly reports for November 2026: 12 doctors emailed".
 */
export function jobSummary(job: SummarySource): string {
  const params = job.params ?? {};
  const result = job.result ?? {};
  const done = job.status === 'completed';
  switch (job.kind) {
    case 'daily-reminders': {
      const date = text(result.date) ?? text(params.date);
      const day = date ? dayLabel(date) : 'the day';
      if (!done) return `Reminders for ${day}${stateSuffix(job.status, job.error)}`;
      const sent = count(result.sent);
      const skipped = count(result.skipped);
      const already = skipped > 0 ? ` (${skipped} sent earlier)` : '';
      return `Sent ${plural(sent, 'reminder')} for ${day}${already}`;
    }
    case 'monthly-reports': {
      const month = text(result.month) ?? text(params.month);
      const label = month ? monthLabel(month) : 'the month';
      if (!done) return `Monthly reports for ${label}${stateSuffix(job.status, job.error)}`;
      return `Monthly reports for ${label}: ${plural(count(result.doctors), 'doctor')} emailed`;
    }
    case 'treatments-export': {
      if (!done) return `Treatment export${stateSuffix(job.status, job.error)}`;
      if (result.expired === true) return `Exported ${plural(count(result.rows), 'row')}; the file has expired`;
      return `Exported ${plural(count(result.rows), 'row')}`;
    }
    case 'daily-purge': {
      const date = text(params.date);
      return `Clean-up${date ? ` of ${dayLabel(date)}` : ''}${done ? ': done' : stateSuffix(job.status, job.error)}`;
    }
    default:
      return `${job.kind}${done ? ': done' : stateSuffix(job.status, job.error)}`;
  }
}
