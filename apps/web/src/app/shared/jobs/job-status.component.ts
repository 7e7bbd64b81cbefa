import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, output, signal } from '@angular/core';
import type { Job } from '@hms/api-client';
import { Subscription } from 'rxjs';
import { toProblem, problemMessage } from '../../core/http/problem';
import { ClinicTimePipe } from '../../core/time/clinic-time';
import { ToastService } from '../../core/ui/toast.service';
import { StatusBadgeComponent } from '../ui/status-badge.component';
import { isFinished, JobsApi, saveBlob } from './jobs.api';

/** Follows a background job live (polling GET /jobs/:id) and offers the export's download when it is done. */
@Component({
  selector: 'hms-job-status',
  imports: [StatusBadgeComponent, ClinicTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (job(); as j) {
      <div class="border rounded-3 p-3 bg-white" aria-live="polite" data-testid="job-status">
        <div class="d-flex flex-wrap align-items-center gap-2">
          <strong>{{ label() }}</strong>
          <hms-status-badge [status]="j.status" />
          @if (!finished()) {
            <span class="spinner-border spinner-border-sm text-secondary" aria-hidden="true"></span>
            <span class="visually-hidden">In progress</span>
          }
        </div>
        <div class="small text-secondary mt-1">
          Started {{ j.createdAt | clinicTime }}
          @if (j.finishedAt) {
            · finished {{ j.finishedAt | clinicTime: 'time' }}
          }
        </div>
        @if (j.status === 'completed') {
          @if (rows() !== null) {
            <p class="mb-2 mt-2">{{ rows() }} row(s) exported.</p>
          }
          @if (downloadable()) {
            <button type="button" class="btn btn-sm btn-success mt-1" (click)="download(j)" [disabled]="downloading()">
              Download CSV
            </button>
          }
        }
        @if (j.status === 'failed') {
          <p class="text-danger mb-0 mt-2">The job failed. Please try again later.</p>
        }
        @if (error()) {
          <p class="text-danger mb-0 mt-2" role="alert">{{ error() }}</p>
        }
      </div>
    }
  `,
})
export class JobStatusComponent {
  private readonly jobs = inject(JobsApi);
  private readonly toasts = inject(ToastService);
  private sub: Subscription | null = null;

  readonly label = input('Job');
  readonly downloadable = input(false);
  readonly finishedJob = output<Job>();

  protected readonly job = signal<Job | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly downloading = signal(false);
  protected readonly finished = computed(() => {
    const j = this.job();
    return j !== null && isFinished(j);
  });
  protected readonly rows = computed(() => {
    const rows: unknown = this.job()?.result?.['rows'];
    return typeof rows === 'number' ? rows : null;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.sub?.unsubscribe());
  }

  /** Starts following a job that was just created. */
  follow(job: Job): void {
    this.sub?.unsubscribe();
    this.error.set(null);
    this.job.set(job);
    this.sub = this.jobs.watch(job.id).subscribe({
      next: (j) => {
        this.job.set(j);
        if (isFinished(j)) this.finishedJob.emit(j);
      },
      error: (e: unknown) => this.error.set(problemMessage(toProblem(e))),
    });
  }

  protected download(job: Job): void {
    this.downloading.set(true);
    this.jobs.download(job).subscribe({
      next: ({ blob, filename }) => {
        this.downloading.set(false);
        saveBlob(blob, filename);
      },
      error: (e: unknown) => {
        this.downloading.set(false);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }
}
