import { ChangeDetectionStrategy, Component, inject, signal, viewChild } from '@angular/core';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { JobsApi } from '../../../shared/jobs/jobs.api';
import { JobStatusComponent } from '../../../shared/jobs/job-status.component';

/** "Export my history": queues the CSV export and follows the job until its download is ready. */
@Component({
  selector: 'hms-export-history',
  imports: [JobStatusComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="export-title">
      <div class="card-body">
        <h2 id="export-title" class="h6">Export my history</h2>
        <p class="small text-secondary">
          A CSV file of all your visits and treatments. When it is ready you also get an email with a link to download
          it here (the file itself is never emailed).
        </p>
        <button
          type="button"
          class="btn btn-outline-primary btn-sm mb-3"
          (click)="start()"
          [disabled]="busy()"
          data-testid="export"
        >
          Export my history
        </button>
        @if (error(); as e) {
          <p class="text-danger small" role="alert">{{ e }}</p>
        }
        <hms-job-status label="History export" [downloadable]="true" (finishedJob)="busy.set(false)" />
      </div>
    </section>
  `,
})
export class ExportHistoryComponent {
  private readonly jobs = inject(JobsApi);
  private readonly status = viewChild.required(JobStatusComponent);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected start(): void {
    this.busy.set(true);
    this.error.set(null);
    this.jobs.exportTreatments().subscribe({
      next: (job) => this.status().follow(job),
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(problemMessage(toProblem(e)));
      },
    });
  }
}
