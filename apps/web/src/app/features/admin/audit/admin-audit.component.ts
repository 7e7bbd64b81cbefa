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
import { RouterLink } from '@angular/router';
import { AUDIT_ACTIONS, type AuditAction } from '@hms/shared';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { ACTION_LABELS } from '../../../shared/audit/audit-wording';
import { JobStatusComponent } from '../../../shared/jobs/job-status.component';
import { ListFilterComponent } from '../../../shared/ui/list-filter.component';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { listState } from '../../../shared/ui/list-state';
import { AdminAuditApi, type AuditFilter } from '../admin.api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit trail: who read or changed which patient's record, and security events; filters, pages, CSV. */
@Component({
  selector: 'hms-admin-audit',
  imports: [RouterLink, ClinicTimePipe, JobStatusComponent, ListPageComponent, ListItemsDirective, ListFilterComponent],
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
      <hms-list-filter
        class="col-12 col-md-3"
        [state]="state"
        key="patientId"
        kind="text"
        fieldId="au-patient"
        label="Patient id"
        placeholder="any patient"
      />
      <hms-list-filter
        class="col-12 col-md-3"
        [state]="state"
        key="actorId"
        kind="text"
        fieldId="au-actor"
        label="User id"
        placeholder="anyone"
      />
      <hms-list-filter
        class="col-12 col-md-2"
        [state]="state"
        key="action"
        kind="select"
        fieldId="au-action"
        label="Action"
        allLabel="All actions"
        [options]="actionOptions"
      />
      <hms-list-filter class="col-6 col-md-2" [state]="state" key="from" kind="date" fieldId="au-from" label="From" />
      <hms-list-filter class="col-6 col-md-2" [state]="state" key="to" kind="date" fieldId="au-to" label="To" />
    </form>
    @if (invalid(); as message) {
      <p class="text-danger small" role="alert">{{ message }}</p>
    }
    <div class="mb-3"><hms-job-status label="Audit export" [downloadable]="true" /></div>
    <hms-list-page
      [list]="list"
      [state]="state"
      noun="event"
      pagerLabel="Audit pages"
      emptyText="No event matches these filters."
    >
      <ng-template [hmsListItems]="list" let-items>
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
              @for (e of items; track e.id) {
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
      </ng-template>
    </hms-list-page>
  `,
})
export class AdminAuditComponent {
  private readonly api = inject(AdminAuditApi);
  private readonly toasts = inject(ToastService);
  private readonly jobStatus = viewChild.required(JobStatusComponent);
  protected readonly labels = ACTION_LABELS;
  protected readonly actionOptions = AUDIT_ACTIONS.map((a) => ({ value: a, label: ACTION_LABELS[a] }));
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
