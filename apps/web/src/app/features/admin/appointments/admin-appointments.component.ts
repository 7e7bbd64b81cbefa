import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { Appointment } from '@hms/api-client';
import { APPOINTMENT_STATUSES, canTransition, type AppointmentStatus } from '@hms/shared';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ToastService } from '../../../core/ui/toast.service';
import { ReasonService } from '../../../shared/ui/reason-dialog.component';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { specializationName } from '../../../shared/appointments/appointment-format';
import { listState } from '../../../shared/ui/list-state';
import { ListFilterComponent } from '../../../shared/ui/list-filter.component';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminAppointmentsApi, SpecializationsApi, type AppointmentFilter } from '../admin.api';

type When = '' | 'upcoming' | 'past';
type Order = 'asc' | 'desc';

/**
 * Every appointment of the clinic, filtered and paged on the server; the filters, the order
 * and the page live in the URL. Upcoming is soonest first, past and everything latest first.
 */
@Component({
  selector: 'hms-admin-appointments',
  imports: [
    FormsModule,
    RouterLink,
    ClinicTimePipe,
    StatusBadgeComponent,
    ListPageComponent,
    ListItemsDirective,
    ListFilterComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Appointments</h1>
    <form class="row g-2 mb-3" (submit)="$event.preventDefault()" aria-label="Filters">
      <hms-list-filter
        class="col-12 col-md-4"
        [state]="state"
        key="search"
        fieldId="ap-search"
        label="Doctor or patient"
        placeholder="Part of a name"
      />
      <hms-list-filter
        class="col-6 col-md-4"
        [state]="state"
        key="specializationId"
        kind="select"
        fieldId="ap-spec"
        label="Department"
        allLabel="All departments"
        [options]="specOptions()"
      />
      <hms-list-filter
        class="col-6 col-md-4"
        [state]="state"
        key="status"
        kind="select"
        fieldId="ap-status"
        label="Status"
        [options]="statusOptions"
      />
      <div class="col-6 col-md-3">
        <label for="ap-when" class="form-label">When</label>
        <select
          id="ap-when"
          class="form-select"
          name="when"
          [ngModel]="state.value('when')"
          (ngModelChange)="state.set({ when: $event, order: '' })"
        >
          <option value="">Past and upcoming</option>
          <option value="upcoming">Upcoming</option>
          <option value="past">Past</option>
        </select>
      </div>
      <div class="col-6 col-md-3">
        <label for="ap-order" class="form-label">Order</label>
        <select
          id="ap-order"
          class="form-select"
          name="order"
          [ngModel]="order()"
          (ngModelChange)="state.set({ order: $event })"
        >
          <option value="asc">Soonest first</option>
          <option value="desc">Latest first</option>
        </select>
      </div>
      <hms-list-filter class="col-6 col-md-3" [state]="state" key="from" kind="date" fieldId="ap-from" label="From" />
      <hms-list-filter class="col-6 col-md-3" [state]="state" key="to" kind="date" fieldId="ap-to" label="To" />
    </form>
    @if (state.value('patientId') || state.value('doctorId')) {
      <p class="small" data-testid="narrowed">
        Showing only {{ state.value('patientId') ? 'one patient' : 'one doctor' }}’s appointments.
        <button type="button" class="btn btn-link btn-sm p-0 align-baseline" (click)="showEveryone()">
          Show everyone’s
        </button>
      </p>
    }
    @if (invalid(); as message) {
      <p class="text-danger small" role="alert">{{ message }}</p>
    }
    <hms-list-page
      [list]="list"
      [state]="state"
      noun="appointment"
      pagerLabel="Appointment pages"
      emptyText="No appointment matches these filters."
    >
      <ng-template [hmsListItems]="list" let-items>
        <div class="table-responsive bg-white border rounded-3">
          <table class="table table-stack mb-0" data-testid="appointments-table">
            <caption class="visually-hidden">
              Appointments
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Doctor</th>
                <th scope="col">Patient</th>
                <th scope="col">Status</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (a of items; track a.id) {
                <tr data-testid="list-row" [attr.data-appointment-id]="a.id">
                  <td class="text-nowrap fw-semibold">{{ a.startsAt | clinicTime }}</td>
                  <td data-label="Doctor">
                    <span>
                      {{ a.doctor.fullName }} <span class="small text-secondary d-block">{{ spec(a.doctor) }}</span>
                    </span>
                  </td>
                  <td data-label="Patient">
                    <a [routerLink]="['/admin/patients', a.patient.id]">{{ a.patient.fullName }}</a>
                  </td>
                  <td data-label="Status"><hms-status-badge [status]="a.status" /></td>
                  <td class="text-end">
                    @if (canCancel(a)) {
                      <button type="button" class="btn btn-sm btn-outline-danger" (click)="cancel(a)">Cancel</button>
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
export class AdminAppointmentsComponent {
  private readonly api = inject(AdminAppointmentsApi);
  private readonly specsApi = inject(SpecializationsApi);
  private readonly reasons = inject(ReasonService);
  private readonly toasts = inject(ToastService);
  protected readonly statusOptions = APPOINTMENT_STATUSES.map((s) => ({ value: s, label: s }));
  protected readonly spec = specializationName;
  protected readonly specs = loader(() => this.specsApi.list());
  protected readonly specOptions = computed(() =>
    (this.specs.value() ?? []).map((s) => ({ value: s.id, label: s.name })),
  );
  /** Every filter, the order and the page, in the URL (doctorId and patientId come with links). */
  protected readonly state = listState({
    search: '',
    specializationId: '',
    status: '',
    when: '',
    order: '',
    from: '',
    to: '',
    doctorId: '',
    patientId: '',
  });
  /** Asked of the API explicitly: upcoming soonest first, otherwise latest first, unless chosen. */
  protected readonly order = computed<Order>(() => {
    const chosen = this.state.value('order');
    if (chosen === 'asc' || chosen === 'desc') return chosen;
    return this.state.value('when') === 'upcoming' ? 'asc' : 'desc';
  });
  protected readonly invalid = computed(() => {
    const { from, to } = this.state.filters();
    return from && to && from > to ? '“From” must not be after “To”.' : null;
  });
  private readonly query = computed<AppointmentFilter>(() => {
    const { filters: f, page, pageSize } = this.state.query();
    const when = f.when as When;
    return {
      search: f.search.trim() || undefined,
      specializationId: f.specializationId || undefined,
      status: (f.status || undefined) as AppointmentStatus | undefined,
      doctorId: f.doctorId || undefined,
      patientId: f.patientId || undefined,
      scope: when === 'upcoming' || when === 'past' ? when : undefined,
      order: this.order(),
      from: f.from || undefined,
      to: f.to || undefined,
      page,
      pageSize,
    };
  });
  protected readonly list = loader(() => this.api.list(this.query()), false);

  constructor() {
    effect(() => {
      this.query();
      if (untracked(() => this.invalid())) return;
      untracked(() => this.list.load());
    });
  }

  protected showEveryone(): void {
    this.state.set({ doctorId: '', patientId: '' });
  }

  protected canCancel(a: Appointment): boolean {
    return canTransition(a.status, 'cancel') && Date.parse(a.startsAt) > Date.now();
  }

  /** Cancels on the clinic's behalf; the patient is emailed the reason. */
  protected async cancel(a: Appointment): Promise<void> {
    const reason = await this.reasons.ask({
      title: 'Cancel appointment',
      text: `Cancel ${a.patient.fullName}'s appointment with ${a.doctor.fullName}? The patient is emailed the reason and a link to book again.`,
      confirmLabel: 'Cancel appointment',
    });
    if (!reason) return;
    this.api.cancel(a.id, reason).subscribe({
      next: () => {
        this.toasts.success('Appointment cancelled; the patient is told.');
        this.list.load();
      },
      error: (e: unknown) => this.toasts.error(problemMessage(toProblem(e))),
    });
  }
}
