import { inject, Injectable } from '@angular/core';
import { AdminClient, ExportsClient, JobsClient, type Job } from '@hms/api-client';
import { map, Observable, switchMap, takeWhile, timer } from 'rxjs';

export const JOB_POLL_MS = 1500;

export function isFinished(job: Job): boolean {
  return job.status === 'completed' || job.status === 'failed';
}

/** Background jobs: start an export or a scheduled job now, follow a job until it ends, fetch an export's CSV. */
@Injectable({ providedIn: 'root' })
export class JobsApi {
  private readonly jobs = inject(JobsClient);
  private readonly exports = inject(ExportsClient);
  private readonly admin = inject(AdminClient);

  get(id: string): Observable<Job> {
    return this.jobs.jobsGetJob({ id });
  }

  /** Emits the job's state every poll until it is completed or failed (that last state included). */
  watch(id: string, every = JOB_POLL_MS): Observable<Job> {
    return timer(0, every).pipe(
      switchMap(() => this.get(id)),
      takeWhile((job) => !isFinished(job), true),
    );
  }

  exportTreatments(patientId?: string): Observable<Job> {
    return this.exports.exportsCreateTreatmentsExport({ body: patientId ? { patientId } : {} });
  }

  runDailyReminders(date?: string): Observable<Job> {
    return this.admin.adminJobsRunDailyReminders({ body: date ? { date } : {} });
  }

  runMonthlyReports(month?: string): Observable<Job> {
    return this.admin.adminJobsRunMonthlyReports({ body: month ? { month } : {} });
  }

  /** The export's CSV as a file the browser saves (the download needs the access token, so no plain link). */
  download(job: Job): Observable<{ blob: Blob; filename: string }> {
    return this.exports.exportsDownloadExport$Response({ jobId: job.id }).pipe(
      map((res) => {
        const disposition = res.headers.get('Content-Disposition') ?? '';
        const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
        return {
          blob: res.body ?? new Blob([]),
          filename: match?.[1] ? decodeURIComponent(match[1]) : `treatments-${job.id}.csv`,
        };
      }),
    );
  }
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
