import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PagerComponent } from '../../../shared/ui/pager.component';
import type { Appointment } from '@hms/api-client';
import {
  APPOINTMENT_STATUSES,
  canTransition,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  type AppointmentStatus,
} from '@hms/shared';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ToastService } from '../../../core/ui/toast.service';
import { ReasonService } from '../../../shared/ui/reason-dialog.component';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { specializationName } from '../../../shared/appointments/appointment-format';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminAppointmentsApi, AdminDoctorsApi } from '../admin.api';

@Component({
  selector: 'hms-admin-appointments',
  imports: [
    FormsModule,
    RouterLink,
    PagerComponent,
    ClinicTimePipe,
    StatusBadgeComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Appointments</h1>
    <form class="row g-2 mb-3" (submit)="$event.preventDefault()" aria-label="Filters">
      <div class="col-6 col-md-2">
        <label for="ap-status" class="form-label">Status</label>
        <select
          id="ap-status"
          class="form-select"
          name="status"
          [ngModel]="status()"
          (ngModelChange)="status.set($event); page.set(1)"
        >
          <option value="">All</option>
          @for (s of statuses; track s) {
            <option [value]="s">{{ s }}</option>
          }
        </select>
      </div>
      <div class="col-6 col-md-4">
        <label for="ap-doctor" class="form-label">Doctor</label>
        <select
          id="ap-doctor"
          class="form-select"
          name="doctor"
          [ngModel]="doctorId()"
          (ngModelChange)="doctorId.set($event); page.set(1)"
        >
          <option value="">All doctors</option>
          @for (d of doctors.value()?.items ?? []; track d.id) {
            <option [value]="d.id">{{ d.fullName }}</option>
          }
        </select>
      </div>
      <div class="col-6 col-md-3">
        <label for="ap-from" class="form-label">From</label>
        <input
          id="ap-from"
          type="date"
          class="form-control"
          name="from"
          [ngModel]="from()"
          (ngModelChange)="from.set($event); page.set(1)"
        />
      </div>
      <div class="col-6 col-md-3">
        <label for="ap-to" class="form-label">To</label>
        <input
          id="ap-to"
          type="date"
          class="form-control"
          name="to"
          [ngModel]="to()"
          (ngModelChange)="to.set($event); page.set(1)"
        />
      </div>
    </form>
    @if (patientId()) {
      <p class="small">Showing one patient's appointments. <a routerLink="/admin/appointments">Show all</a></p>
    }
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (list.value(); as p) {
      @if (p.items.length === 0) {
        <hms-empty text="No appointment matches these filters." />
      } @else {
        <div class="table-responsive bg-white border rounded-3">
          <table class="table mb-0">
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
              @for (a of p.items; track a.id) {
                <tr>
                  <td class="text-nowrap">{{ a.startsAt | clinicTime }}</td>
                  <td>
                    {{ a.doctor.fullName }} <span class="small text-secondary d-block">{{ spec(a.doctor) }}</span>
                  </td>
                  <td>
                    <a [routerLink]="['/admin/patients', a.patient.id]">{{ a.patient.fullName }}</a>
                  </td>
                  <td><hms-status-badge [status]="a.status" /></td>
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
        <hms-pager
          [total]="p.total"
          [page]="page()"
          [pageSize]="pageSize"
          noun="appointment"
          label="Appointment pages"
          (pageChange)="page.set($event)"
        />
      }
    }
  `,
})
export class AdminAppointmentsComponent {
  private readonly api = inject(AdminAppointmentsApi);
  private readonly doctorsApi = inject(AdminDoctorsApi);
  private readonly reasons = inject(ReasonService);
  private readonly toasts = inject(ToastService);
  /** From the query string, e.g. a link from a patient's page. */
  readonly patientId = input<string>();
  protected readonly statuses = APPOINTMENT_STATUSES;
  protected readonly pageSize = PAGE_SIZE_DEFAULT;
  protected readonly spec = specializationName;
  protected readonly doctors = loader(() => this.doctorsApi.list({ pageSize: PAGE_SIZE_MAX }));
  protected readonly status = signal<AppointmentStatus | ''>('');
  protected readonly doctorId = signal('');
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly page = signal(1);
  private readonly query = computed(() => ({
    status: this.status() || undefined,
    doctorId: this.doctorId() || undefined,
    patientId: this.patientId() || undefined,
    from: this.from() || undefined,
    to: this.to() || undefined,
    page: this.page(),
    pageSize: this.pageSize,
  }));
  protected readonly list = loader(() => this.api.list(this.query()), false);

  constructor() {
    effect(() => {
      this.query();
      untracked(() => this.list.load());
    });
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
