import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe, dateLabel } from '../../../core/time/clinic-time';
import { ChartComponent } from '../../../shared/ui/chart.component';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { AdminDashboardApi, SpecializationsApi } from '../admin.api';

@Component({
  selector: 'hms-admin-dashboard',
  imports: [RouterLink, ClinicTimePipe, ChartComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-baseline gap-2">
      <h1 class="page-title">Clinic dashboard</h1>
      @if (counts.value(); as c) {
        <p class="small text-secondary mb-3">
          Figures as of {{ c.generatedAt | clinicTime: 'time' }}
          <button type="button" class="btn btn-link btn-sm p-0 ms-1 align-baseline" (click)="counts.load()">
            Refresh
          </button>
        </p>
      }
    </div>
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
            <hms-chart
              type="bar"
              caption="Appointments per day, last 30 days"
              [labels]="dayLabels()"
              [series]="daySeries()"
            />
          </div>
        </div>
        <div class="col-lg-6">
          <div class="card card-body h-100">
            <hms-chart
              type="bar"
              caption="Appointments by department"
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
  private readonly specializations = inject(SpecializationsApi);

  protected readonly counts = loader(() => this.dashboard.counts());
  protected readonly specs = loader(() => this.specializations.list());
  protected readonly cards = computed(() => {
    const c = this.counts.value();
    if (!c) return [];
    return [
      { label: 'Doctors', value: c.doctors, link: '/admin/doctors' },
      { label: 'Patients', value: c.patients, link: '/admin/patients' },
      { label: 'Departments', value: c.specializations, link: '/admin/specializations' },
      { label: 'Appointments', value: c.appointments.total, link: '/admin/appointments' },
      { label: 'Booked', value: c.appointments.booked, link: '/admin/appointments' },
      { label: 'Today', value: c.appointments.today, link: '/admin/today' },
      { label: 'No-shows', value: c.appointments.noShow, link: '/admin/appointments' },
      {
        label: 'No-show rate',
        value: `${Math.round(c.appointments.noShowRate * 1000) / 10}%`,
        link: '/admin/appointments',
      },
      { label: 'Waiting list', value: c.waitlist.waiting, link: '/admin/appointments' },
      {
        label: 'Waitlist offers accepted',
        value: `${c.waitlist.offersAccepted} of ${c.waitlist.offersMade}`,
        link: '/admin/appointments',
      },
    ];
  });

  protected readonly statusLabels = ['Booked', 'Completed', 'Cancelled'];
  protected readonly statusSeries = computed(() => {
    const a = this.counts.value()?.appointments;
    return [{ label: 'Appointments', data: a ? [a.booked, a.completed, a.cancelled] : [0, 0, 0] }];
  });

  protected readonly dayLabels = computed(() => (this.counts.value()?.last30Days ?? []).map((d) => dateLabel(d.date)));
  protected readonly daySeries = computed(() => [
    { label: 'Appointments', data: (this.counts.value()?.last30Days ?? []).map((d) => d.count) },
  ]);
  protected readonly deptLabels = computed(() => (this.counts.value()?.bySpecialization ?? []).map((s) => s.name));
  protected readonly deptSeries = computed(() => [
    { label: 'Appointments', data: (this.counts.value()?.bySpecialization ?? []).map((s) => s.count) },
  ]);

  protected readonly specLabels = computed(() => (this.specs.value() ?? []).map((s) => s.name));
  protected readonly specSeries = computed(() => [
    { label: 'Doctors', data: (this.specs.value() ?? []).map((s) => s.doctorCount) },
  ]);
}
