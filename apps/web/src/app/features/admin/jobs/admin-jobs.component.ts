import { ChangeDetectionStrategy, Component, inject, OnInit, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { JobsClient, type Job } from '@hms/api-client';
import { firstValueFrom, Observable } from 'rxjs';
import { AuthService } from '../../../core/auth/auth.service';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { addMonths } from '@hms/shared';
import { ClinicTime } from '../../../core/time/clinic-time';
import { JobsApi } from '../../../shared/jobs/jobs.api';
import { JobStatusComponent } from '../../../shared/jobs/job-status.component';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { DateInputComponent } from '../../../shared/ui/date-input.component';

type HistoryKind = NonNullable<Parameters<JobsClient['jobsList']>[0]>['kind'] | '';
export const HISTORY_PAGE_SIZE = 10;

/** Runs the background jobs on demand and follows their status. */
@Component({
  selector: 'hms-admin-jobs',
  imports: [
    FormsModule,
    DateInputComponent,
    JobStatusComponent,
    StatusBadgeComponent,
    ListPageComponent,
    ListItemsDirective,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Background jobs</h1>
    <p class="text-secondary">
      The jobs also run on their schedule. Starting one here queues it now; its status updates live.
    </p>
    @if (error(); as e) {
      <div class="alert alert-danger" role="alert">{{ e }}</div>
    }
    <div class="row g-4">
      <section class="col-lg-4" aria-labelledby="job-reminders">
        <div class="card card-body h-100">
          <h2 id="job-reminders" class="h5">Daily reminders</h2>
          <p class="small text-secondary">Emails every patient booked on the chosen clinic day.</p>
          <label for="job-date" class="form-label">Clinic date</label>
          <hms-date-input inputId="job-date" class="mb-3" [(ngModel)]="date" name="date" />
          <button
            type="button"
            class="btn btn-primary mb-3"
            (click)="run('reminders')"
            [disabled]="busy() === 'reminders'"
          >
            Send reminders now
          </button>
          <hms-job-status #reminders label="Daily reminders" (finishedJob)="loadHistory()" />
        </div>
      </section>
      <section class="col-lg-4" aria-labelledby="job-report">
        <div class="card card-body h-100">
          <h2 id="job-report" class="h5">Monthly report</h2>
          <p class="small text-secondary">Sends each active doctor the activity report of the chosen month.</p>
          <label for="job-month" class="form-label">Month</label>
          <input
            id="job-month"
            type="month"
            class="form-control mb-3"
            [(ngModel)]="month"
            name="month"
            [max]="currentMonth"
            aria-describedby="job-month-help"
          />
          <p id="job-month-help" class="small text-secondary mt-n2">
            Up to this month ({{ currentMonth }}); the current month reports what happened so far.
          </p>
          <button type="button" class="btn btn-primary mb-3" (click)="run('report')" [disabled]="busy() === 'report'">
            Send reports now
          </button>
          <hms-job-status #report label="Monthly report" (finishedJob)="loadHistory()" />
        </div>
      </section>
      <section class="col-lg-4" aria-labelledby="job-export">
        <div class="card card-body h-100">
          <h2 id="job-export" class="h5">Treatments export</h2>
          <p class="small text-secondary">
            A CSV of every patient's treatments. The email carries a link that only you can open.
          </p>
          <button type="button" class="btn btn-primary mb-3" (click)="run('export')" [disabled]="busy() === 'export'">
            Export all treatments
          </button>
          <hms-job-status #export label="Treatments export" [downloadable]="true" (finishedJob)="loadHistory()" />
        </div>
      </section>
    </div>
    <section class="mt-4" aria-labelledby="job-history">
      <div class="d-flex flex-wrap align-items-end justify-content-between gap-2 mb-2">
        <h2 id="job-history" class="h5 mb-0">Past runs</h2>
        <div>
          <label for="job-history-kind" class="form-label small mb-1">Show</label>
          <select
            id="job-history-kind"
            class="form-select form-select-sm"
            [ngModel]="historyKind()"
            (ngModelChange)="setHistoryKind($event)"
          >
            <option value="">All jobs</option>
            <option value="daily-reminders">Daily reminders</option>
            <option value="monthly-reports">Monthly reports</option>
            <option value="treatments-export">Treatment exports</option>
            <option value="daily-purge">Clean-ups</option>
          </select>
        </div>
      </div>
      <hms-list-page
        [list]="history"
        [page]="historyPage()"
        [pageSize]="historyPageSize"
        (pageChange)="goToHistory($event)"
        noun="run"
        pagerLabel="Past run pages"
        emptyText="No runs yet."
        loadingLabel="Loading past runs…"
      >
        <ng-template [hmsListItems]="history" let-items>
          <ul class="list-group" aria-label="Past runs, newest first">
            @for (j of items; track j.id) {
              <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">
                <span>
                  <span class="fw-semibold d-block">{{ j.summary }}</span>
                  <span class="small text-secondary"
                    >Started {{ clinic.format(j.createdAt)
                    }}{{ j.finishedAt ? ' · finished ' + clinic.format(j.finishedAt, 'time') : '' }}</span
                  >
                </span>
                <hms-status-badge [status]="j.status" />
              </li>
            }
          </ul>
        </ng-template>
      </hms-list-page>
    </section>
    <section class="mt-4" aria-labelledby="job-queues">
      <h2 id="job-queues" class="h5">Queue dashboard</h2>
      <p class="small text-secondary">
        Every queue's waiting, running and failed jobs (with Redis, each job in detail). It opens in a new tab, signed
        in with your session; it is read-only unless the server allows changes.
      </p>
      <!-- The token travels in the POST body, never in a URL; the dashboard keeps it in an HttpOnly cookie. -->
      <form #queuesForm ngNoForm method="post" action="/api/v1/admin/queues/session" target="hms-queues">
        <input type="hidden" name="token" value="" />
        <button type="button" class="btn btn-outline-secondary" (click)="openQueues(queuesForm)">
          Open the queue dashboard
        </button>
      </form>
    </section>
  `,
})
export class AdminJobsComponent implements OnInit {
  private readonly jobs = inject(JobsApi);
  private readonly jobsClient = inject(JobsClient);
  private readonly auth = inject(AuthService);
  protected readonly clinic = inject(ClinicTime);
  private readonly reminders = viewChild.required<JobStatusComponent>('reminders');
  private readonly report = viewChild.required<JobStatusComponent>('report');
  private readonly export = viewChild.required<JobStatusComponent>('export');
  protected date = this.clinic.today();
  protected month = addMonths(this.clinic.today().slice(0, 7), -1);
  protected readonly busy = signal<'reminders' | 'report' | 'export' | null>(null);
  protected readonly error = signal<string | null>(null);
  /** Months after this one are refused by the API (nothing to report yet). */
  protected readonly currentMonth = this.clinic.today().slice(0, 7);
  protected readonly historyPageSize = HISTORY_PAGE_SIZE;
  protected readonly historyKind = signal<HistoryKind>('');
  protected readonly historyPage = signal(1);
  /** The runs kept by the API, newest first, each with its result in words. */
  protected readonly history = loader(
    () =>
      this.jobsClient.jobsList({
        kind: this.historyKind() || undefined,
        page: this.historyPage(),
        pageSize: HISTORY_PAGE_SIZE,
      }),
    false,
  );

  ngOnInit(): void {
    this.loadHistory();
  }

  protected loadHistory(): void {
    this.history.load();
  }

  protected setHistoryKind(kind: HistoryKind): void {
    this.historyKind.set(kind);
    this.historyPage.set(1);
    this.loadHistory();
  }

  protected goToHistory(page: number): void {
    this.historyPage.set(page);
    this.loadHistory();
  }

  /** Opens the dashboard's tab at once (a user gesture), then signs it in with a freshly refreshed token. */
  protected async openQueues(form: HTMLFormElement): Promise<void> {
    window.open('', 'hms-queues');
    try {
      await firstValueFrom(this.auth.refresh());
    } catch {
      // Submit with the current token; the dashboard says so if it is no longer valid.
    }
    (form.elements.namedItem('token') as HTMLInputElement).value = this.auth.accessToken() ?? '';
    form.submit();
  }

  protected run(kind: 'reminders' | 'report' | 'export'): void {
    const calls: Record<typeof kind, () => Observable<Job>> = {
      reminders: () => this.jobs.runDailyReminders(this.date || undefined),
      report: () => this.jobs.runMonthlyReports(this.month || undefined),
      export: () => this.jobs.exportTreatments(),
    };
    const target = { reminders: this.reminders, report: this.report, export: this.export }[kind]();
    this.busy.set(kind);
    this.error.set(null);
    calls[kind]().subscribe({
      next: (job) => {
        this.busy.set(null);
        target.follow(job);
        this.loadHistory();
      },
      error: (e: unknown) => {
        this.busy.set(null);
        this.error.set(problemMessage(toProblem(e)));
      },
    });
  }
}
