import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Job } from '@hms/api-client';
import { map, Observable, switchMap, takeWhile, timer } from 'rxjs';
import { API_BASE } from '../../core/http/api';

export const JOB_POLL_MS = 1500;

export function isFinished(job: Job): boolean {
  return job.status === 'completed' || job.status === 'failed';
}

/** Background jobs: start an export, follow a job until it ends, fetch an export's CSV. */
@Injectable({ providedIn: 'root' })
export class JobsApi {
  private readonly http = inject(HttpClient);

  get(id: string): Observable<Job> {
    return this.http.get<Job>(`${API_BASE}/jobs/${encodeURIComponent(id)}`);
  }

  /** Emits the job's state every poll until it is completed or failed (that last state included). */
  watch(id: string, every = JOB_POLL_MS): Observable<Job> {
    return timer(0, every).pipe(
      switchMap(() => this.get(id)),
      takeWhile((job) => !isFinished(job), true),
    );
  }

  exportTreatments(patientId?: string): Observable<Job> {
    return this.http.post<Job>(`${API_BASE}/exports/treatments`, patientId ? { patientId } : {});
  }

  runDailyReminders(date?: string): Observable<Job> {
    return this.http.post<Job>(`${API_BASE}/admin/jobs/daily-reminders`, date ? { date } : {});
  }

  runMonthlyReports(month?: string): Observable<Job> {
    return this.http.post<Job>(`${API_BASE}/admin/jobs/monthly-reports`, month ? { month } : {});
  }

  /** The export's CSV as a file the browser saves (the download needs the access token, so no plain link). */
  download(job: Job): Observable<{ blob: Blob; filename: string }> {
    const url =
      typeof job.result?.downloadUrl === 'string' ? job.result.downloadUrl : `${API_BASE}/exports/${job.id}/download`;
    return this.http.get(url, { responseType: 'blob', observe: 'response' }).pipe(
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
