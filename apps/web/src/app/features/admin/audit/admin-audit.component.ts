import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AUDIT_ACTIONS, type AuditAction } from '@hms/shared';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { ACTION_LABELS } from '../../../shared/audit/audit-wording';
import { JobStatusComponent } from '../../../shared/jobs/job-status.component';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { listState } from '../../../shared/ui/list-state';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { AdminAuditApi, type AuditFilter } from '../admin.api';
import { DateInputComponent } from '../../../shared/ui/date-input.component';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit trail: who read or changed which patient's record, and security events; filters, pages, CSV. */
@Component({
  selector: 'hms-admin-audit',
  imports: [
    DateInputComponent,
    FormsModule,
    RouterLink,
    ClinicTimePipe,
    PagerComponent,
    JobStatusComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
      <h1 class="page-title mb-0">Audit</h1>
      <button
        type="button"
        class="btn btn-outline-primary"
        (click)="exportCsv()"
        [disabled]="exporting() || !!invalid()"
        data-testid="audit-export"
      >
        Export CSV
      </button>
    </div>
    <form class="row g-2 mb-3" (submit)="$event.preventDefault()" aria-label="Filters">
      <div class="col-12 col-md-3">
        <label for="au-patient" class="form-label">Patient id</label>
        <input
          id="au-patient"
          class="form-control"
          name="patientId"
          [ngModel]="state.value('patientId')"
          (ngModelChange)="state.set({ patientId: $event.trim() }, { debounce: 300 })"
          placeholder="any patient"
        />
      </div>
      <div class="col-12 col-md-3">
        <label for="au-actor" class="form-label">User id</label>
        <input
          id="au-actor"
          class="form-control"
          name="actorId"
          [ngModel]="state.value('actorId')"
          (ngModelChange)="state.set({ actorId: $event.trim() }, { debounce: 300 })"
          placeholder="anyone"
        />
      </div>
      <div class="col-12 col-md-2">
        <label for="au-action" class="form-label">Action</label>
        <select
          id="au-action"
          class="form-select"
          name="action"
          [ngModel]="state.value('action')"
          (ngModelChange)="state.set({ action: $event })"
        >
          <option value="">All actions</option>
          @for (a of actions; track a) {
            <option [value]="a">{{ labels[a] }}</option>
          }
        </select>
      </div>
      <div class="col-6 col-md-2">
        <label for="au-from" class="form-label">From</label>
        <hms-date-input
          inputId="au-from"
          name="from"
          [ngModel]="state.value('from')"
          (ngModelChange)="state.set({ from: $event }, { debounce: 300 })"
        />
      </div>
      <div class="col-6 col-md-2">
        <label for="au-to" class="form-label">To</label>
        <hms-date-input
          inputId="au-to"
          name="to"
          [ngModel]="state.value('to')"
          (ngModelChange)="state.set({ to: $event }, { debounce: 300 })"
        />
      </div>
    </form>
    @if (invalid(); as message) {
      <p class="text-danger small" role="alert">{{ message }}</p>
    }
    <div class="mb-3"><hms-job-status label="Audit export" [downloadable]="true" /></div>
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (list.value(); as p) {
      @if (p.items.length === 0) {
        <hms-empty text="No event matches these filters." />
        @if (state.page() > 1) {
          <button type="button" class="btn btn-link" (click)="state.goTo(1)">Back to the first page</button>
        }
      } @else {
        <div class="table-responsive bg-white border rounded-3">
          <table class="table table-sm table-stack mb-0 align-middle" data-testid="audit-table">
            <caption class="visually-hidden">
              Audit events
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Patient</th>
                <th scope="col">Outcome</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              @for (e of p.items; track e.id) {
                <tr data-testid="audit-row">
                  <td class="text-nowrap fw-semibold">{{ e.at | clinicTime }}</td>
                  <td data-label="Who">
                    @if (e.actor; as a) {
                      <button type="button" class="btn btn-link p-0 text-start" (click)="filterActor(a.id)">
                        {{ a.fullName }}
                      </button>
                      <span class="small text-secondary d-block">{{ a.role }}</span>
                    } @else {
                      <span class="text-secondary">anonymous</span>
                    }
                  </td>
                  <td data-label="Action">{{ labels[e.action] ?? e.action }}</td>
                  <td [attr.data-label]="e.patientId ? 'Patient' : null">
                    @if (e.patientId) {
                      <a [routerLink]="['/admin/patients', e.patientId]" class="small font-monospace">{{
                        e.patientId.slice(0, 8)
                      }}</a>
                    }
                  </td>
                  <td data-label="Outcome">
                    <span
                      class="badge"
                      [class.text-bg-success]="e.outcome === 'success'"
                      [class.text-bg-warning]="e.outcome === 'denied'"
                      [class.text-bg-danger]="e.outcome === 'failure'"
                      >{{ e.outcome }}</span
                    >
                  </td>
                  <td class="small text-secondary" data-label="From">
                    {{ e.ip }}
                    @if (e.requestId) {
                      <span class="d-block font-monospace" title="Request id">{{ e.requestId.slice(0, 12) }}</span>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <hms-pager
          [total]="p.total"
          [page]="state.page()"
          [pageSize]="state.pageSize"
          noun="event"
          label="Audit pages"
          (pageChange)="state.goTo($event)"
        />
      }
    }
  `,
})
export class AdminAuditComponent {
  private readonly api = inject(AdminAuditApi);
  private readonly toasts = inject(ToastService);
  private readonly jobStatus = viewChild.required(JobStatusComponent);
  protected readonly labels = ACTION_LABELS;
  protected readonly actions = AUDIT_ACTIONS;
  /** Filters and page in the URL (a patient's page links here with `patientId`). */
  protected readonly state = listState({ patientId: '', actorId: '', action: '', from: '', to: '' });
  protected readonly exporting = signal(false);
  protected readonly invalid = computed(() => {
    const f = this.state.filters();
    if (f.patientId && !UUID.test(f.patientId)) return 'The patient id is not a valid id.';
    if (f.actorId && !UUID.test(f.actorId)) return 'The user id is not a valid id.';
    if (f.from && f.to && f.from > f.to) return '“From” must not be after “To”.';
    return null;
  });
  private readonly filter = computed<Omit<AuditFilter, 'page' | 'pageSize'>>(() => {
    const f = this.state.filters();
    return {
      patientId: f.patientId || undefined,
      actorId: f.actorId || undefined,
      action: (f.action || undefined) as AuditAction | undefined,
      from: f.from || undefined,
      to: f.to || undefined,
    };
  });
  private readonly query = computed(() => ({
    ...this.filter(),
    page: this.state.page(),
    pageSize: this.state.pageSize,
  }));
  protected readonly list = loader(() => this.api.list(this.query()), false);

  constructor() {
    effect(() => {
      this.query();
      if (untracked(() => this.invalid())) return;
      untracked(() => this.list.load());
    });
  }

  protected filterActor(id: string): void {
    this.state.set({ actorId: id });
  }

  protected exportCsv(): void {
    this.exporting.set(true);
    this.api.exportCsv(this.filter()).subscribe({
      next: (job) => {
        this.exporting.set(false);
        this.jobStatus().follow(job);
      },
      error: (e: unknown) => {
        this.exporting.set(false);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }
}
