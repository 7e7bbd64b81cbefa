import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Appointment, Page } from '@hms/api-client';
import { EMPTY, expand, map, reduce } from 'rxjs';
import { loader } from '../../../core/http/loader';
import { addDays, ClinicTime, dateLabel } from '../../../core/time/clinic-time';
import { specializationName } from '../../../shared/appointments/appointment-format';
import { ChartComponent } from '../../../shared/ui/chart.component';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { AdminAppointmentsApi, AdminDashboardApi, SpecializationsApi } from '../admin.api';

/** At most this many appointments are read for the 30-day charts (pages of 100). */
export const RECENT_LIMIT = 1000;
const PAGE = 100;

@Component({
  selector: 'hms-admin-dashboard',
  imports: [RouterLink, ChartComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Clinic dashboard</h1>
    <hms-error-box [message]="counts.error()" />
    @if (counts.loading() && !counts.value()) {
      <hms-loading />
    } @else if (counts.value(); as c) {
      <div class="row g-3 mb-4">
        @for (card of cards(); track card.label) {
          <div class="col-6 col-md-4 col-xl-2">
            <a class="card stat-card h-100 text-decoration-none text-body" [routerLink]="card.link">
              <div class="card-body">
                <div class="display-6">{{ card.value }}</div>
                <div class="small text-secondary">{{ card.label }}</div>
              </div>
            </a>
          </div>
        }
      </div>
      <div class="row g-4">
        <div class="col-lg-4">
          <div class="card card-body h-100">
            <hms-chart
              type="doughnut"
              caption="Appointments by status (all time)"
              [labels]="statusLabels"
              [series]="statusSeries()"
            />
          </div>
        </div>
        <div class="col-lg-8">
          <div class="card card-body h-100">
            @if (recent.loading() && !recent.value()) {
              <hms-loading label="Reading the last 30 days…" />
            } @else {
              <hms-chart
                type="bar"
                caption="Appointments per day, last 30 days"
                [labels]="dayLabels()"
                [series]="daySeries()"
              />
              @if (recent.value()?.truncated) {
                <p class="small text-secondary mb-0">Based on the first {{ limit }} appointments of the period.</p>
              }
            }
            <hms-error-box [message]="recent.error()" />
          </div>
        </div>
        <div class="col-lg-6">
          <div class="card card-body h-100">
            <hms-chart
              type="bar"
              caption="Appointments by department, last 30 days"
              [labels]="deptLabels()"
              [series]="deptSeries()"
            />
          </div>
        </div>
        <div class="col-lg-6">
          <div class="card card-body h-100">
            <hms-chart type="bar" caption="Doctors by department" [labels]="specLabels()" [series]="specSeries()" />
            <hms-error-box [message]="specs.error()" />
          </div>
        </div>
      </div>
    }
  `,
})
export class AdminDashboardComponent {
  private readonly dashboard = inject(AdminDashboardApi);
  private readonly appointments = inject(AdminAppointmentsApi);
  private readonly specializations = inject(SpecializationsApi);
  private readonly clinic = inject(ClinicTime);
  protected readonly limit = RECENT_LIMIT;

  protected readonly counts = loader(() => this.dashboard.counts());
  protected readonly specs = loader(() => this.specializations.list());
  private readonly from = addDays(this.clinic.today(), -29);
  private readonly to = this.clinic.today();
  protected readonly recent = loader(() => {
    const fetch = (page: number) => this.appointments.list({ from: this.from, to: this.to, page, pageSize: PAGE });
    return fetch(1).pipe(
      expand((res: Page<Appointment>) =>
        res.page * res.pageSize < res.total && res.page * PAGE < RECENT_LIMIT ? fetch(res.page + 1) : EMPTY,
      ),
      reduce((acc: Appointment[], res: Page<Appointment>) => acc.concat(res.items), []),
      map((items) => ({ items, truncated: items.length >= RECENT_LIMIT })),
    );
  });

  protected readonly cards = computed(() => {
    const c = this.counts.value();
    if (!c) return [];
    return [
      { label: 'Doctors', value: c.doctors, link: '/admin/doctors' },
      { label: 'Patients', value: c.patients, link: '/admin/patients' },
      { label: 'Departments', value: c.specializations, link: '/admin/specializations' },
      { label: 'Appointments', value: c.appointments.total, link: '/admin/appointments' },
      { label: 'Booked', value: c.appointments.booked, link: '/admin/appointments' },
      { label: 'Today', value: c.appointments.today, link: '/admin/appointments' },
    ];
  });

  protected readonly statusLabels = ['Booked', 'Completed', 'Cancelled'];
  protected readonly statusSeries = computed(() => {
    const a = this.counts.value()?.appointments;
    return [{ label: 'Appointments', data: a ? [a.booked, a.completed, a.cancelled] : [0, 0, 0] }];
  });

  private readonly days = computed(() => Array.from({ length: 30 }, (_, i) => addDays(this.from, i)));
  protected readonly dayLabels = computed(() => this.days().map((d) => dateLabel(d)));
  protected readonly daySeries = computed(() => {
    const counts = new Map<string, number>();
    for (const a of this.recent.value()?.items ?? []) {
      const d = this.clinic.dateOf(a.startsAt);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    return [{ label: 'Appointments', data: this.days().map((d) => counts.get(d) ?? 0) }];
  });

  private readonly byDept = computed(() => {
    const counts = new Map<string, number>();
    for (const a of this.recent.value()?.items ?? []) {
      const name = specializationName(a.doctor) || 'Unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1]);
  });
  protected readonly deptLabels = computed(() => this.byDept().map(([name]) => name));
  protected readonly deptSeries = computed(() => [{ label: 'Appointments', data: this.byDept().map(([, n]) => n) }]);

  protected readonly specLabels = computed(() => (this.specs.value() ?? []).map((s) => s.name));
  protected readonly specSeries = computed(() => [
    { label: 'Doctors', data: (this.specs.value() ?? []).map((s) => s.doctorCount) },
  ]);
}
