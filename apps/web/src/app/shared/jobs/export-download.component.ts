import { ChangeDetectionStrategy, Component, effect, inject, input, signal, viewChild } from '@angular/core';
import { RouterLink } from '@angular/router';
import { problemMessage, toProblem } from '../../core/http/problem';
import { JobStatusComponent } from './job-status.component';
import { JobsApi } from './jobs.api';

/**
 * The target of the "export ready" email (`/exports/:jobId`): the requester,
 * signed in, follows the export and downloads its CSV here. Anyone else's
 * export, or an unknown one, reads as not found.
 */
@Component({
  selector: 'hms-export-download',
  imports: [JobStatusComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Your export</h1>
    @if (error(); as message) {
      <div class="alert alert-warning" role="alert">{{ message }}</div>
      <a routerLink="/" class="btn btn-primary">Go to my home page</a>
    } @else {
      <p class="text-secondary">The CSV holds health records: keep the file private and delete it when done.</p>
    }
    <hms-job-status label="Treatments export" [downloadable]="true" />
  `,
})
export class ExportDownloadComponent {
  private readonly jobs = inject(JobsApi);
  private readonly status = viewChild.required(JobStatusComponent);
  readonly jobId = input.required<string>();
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.jobId();
      const status = this.status();
      this.error.set(null);
      this.jobs.get(id).subscribe({
        next: (job) => status.follow(job),
        error: (e: unknown) => this.error.set(problemMessage(toProblem(e))),
      });
    });
  }
}
