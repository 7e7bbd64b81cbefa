import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTime } from '../../../core/time/clinic-time';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { DoctorAppointmentListComponent } from '../appointments/doctor-appointment-list.component';
import { DoctorScheduleApi } from '../doctor.api';

@Component({
  selector: 'hms-doctor-dashboard',
  imports: [RouterLink, DoctorAppointmentListComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
      <h1 class="page-title mb-0">My day</h1>
      <a class="btn btn-outline-primary" routerLink="/doctor/schedule">Weekly schedule and time off</a>
    </div>
    <hms-error-box [message]="stats.error()" />
    @if (stats.value(); as s) {
      <div class="row g-3 mb-4">
        @for (card of cards(); track card.label) {
          <div class="col-6 col-md">
            <div class="card stat-card h-100">
              <div class="card-body">
                <div class="display-6">{{ card.value }}</div>
                <div class="small text-secondary">{{ card.label }}</div>
              </div>
            </div>
          </div>
        }
      </div>
    }
    <div class="row g-4">
      <section class="col-lg-6" aria-labelledby="today-title">
        <h2 id="today-title" class="h5">Today</h2>
        <hms-error-box [message]="today.error()" />
        @if (today.loading() && !today.value()) {
          <hms-loading />
        } @else if (!today.error()) {
          <hms-doctor-appointment-list
            [appointments]="today.value() ?? []"
            timeStyle="time"
            emptyText="Nothing booked today."
            (changed)="refresh()"
          />
        }
      </section>
      <section class="col-lg-6" aria-labelledby="week-title">
        <h2 id="week-title" class="h5">This week</h2>
        <hms-error-box [message]="week.error()" />
        @if (week.loading() && !week.value()) {
          <hms-loading />
        } @else if (!week.error()) {
          <hms-doctor-appointment-list
            [appointments]="week.value() ?? []"
            emptyText="Nothing booked this week."
            (changed)="refresh()"
          />
        }
      </section>
    </div>
  `,
})
export class DoctorDashboardComponent {
  private readonly api = inject(DoctorScheduleApi);
  protected readonly clinic = inject(ClinicTime);
  protected readonly stats = loader(() => this.api.dashboard());
  protected readonly today = loader(() => this.api.appointments('today'));
  protected readonly week = loader(() => this.api.appointments('week'));
  protected readonly cards = computed(() => {
    const s = this.stats.value();
    if (!s) return [];
    return [
      { label: 'Today', value: s.today },
      { label: 'This week', value: s.thisWeek },
      { label: 'Upcoming', value: s.upcoming },
      { label: 'Patients', value: s.patients },
      { label: 'Completed this month', value: s.completedThisMonth },
      {
        label: 'No-shows this month',
        value: `${s.noShowsThisMonth} (${Math.round(s.noShowRateThisMonth * 1000) / 10}%)`,
      },
    ];
  });

  protected refresh(): void {
    this.stats.load();
    this.today.load();
    this.week.load();
  }
}
