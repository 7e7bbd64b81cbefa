import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { specializationName, splitByTime } from '../../../shared/appointments/appointment-format';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { PatientAppointmentsApi, PatientProfileApi } from '../patient.api';

@Component({
  selector: 'hms-patient-dashboard',
  imports: [RouterLink, ClinicTimePipe, LoadingComponent, EmptyStateComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
      <h1 class="page-title mb-0">Welcome{{ name() ? ', ' + name() : '' }}</h1>
      <a class="btn btn-primary" routerLink="/patient/doctors">Book an appointment</a>
    </div>
    <hms-error-box [message]="data.error()" />
    @if (data.loading() && !data.value()) {
      <hms-loading />
    } @else if (data.value(); as d) {
      <div class="row g-4">
        <section class="col-lg-7" aria-labelledby="upcoming-title">
          <h2 id="upcoming-title" class="h5">Upcoming appointments</h2>
          @if (upcoming().length === 0) {
            <hms-empty text="You have no upcoming appointments.">
              <a routerLink="/patient/doctors" class="btn btn-sm btn-outline-primary mt-2">Find a doctor</a>
            </hms-empty>
          } @else {
            <ul class="list-group">
              @for (a of upcoming(); track a.id) {
                <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">
                  <div>
                    <div class="fw-semibold">{{ a.startsAt | clinicTime }}</div>
                    <div class="small text-secondary">{{ a.doctor.fullName }} · {{ spec(a.doctor) }}</div>
                  </div>
                  <a routerLink="/patient/appointments" class="btn btn-sm btn-outline-secondary align-self-center"
                    >Manage</a
                  >
                </li>
              }
            </ul>
          }
          <p class="mt-3 mb-0 small">
            <a routerLink="/patient/appointments">All appointments</a> ·
            <a routerLink="/patient/treatments">Treatment history ({{ d.past }} past visits)</a>
          </p>
        </section>
        <section class="col-lg-5" aria-labelledby="spec-title">
          <h2 id="spec-title" class="h5">Departments</h2>
          @if (d.specializations.length === 0) {
            <hms-empty text="No departments yet." />
          } @else {
            <div class="list-group">
              @for (s of d.specializations; track s.id) {
                <a
                  class="list-group-item list-group-item-action d-flex justify-content-between"
                  routerLink="/patient/doctors"
                  [queryParams]="{ specializationId: s.id }"
                >
                  <span>{{ s.name }}</span>
                  <span class="badge text-bg-light">{{ s.doctorCount }} doctor(s)</span>
                </a>
              }
            </div>
          }
        </section>
      </div>
    }
  `,
})
export class PatientDashboardComponent {
  private readonly api = inject(PatientAppointmentsApi);
  private readonly profileApi = inject(PatientProfileApi);
  protected readonly data = loader(() => this.api.dashboard());
  /** Still ahead and still on: a cancelled or finished visit is not upcoming, whatever the list holds. */
  protected readonly upcoming = computed(() => splitByTime(this.data.value()?.upcoming ?? []).upcoming.slice(0, 5));
  private readonly profile = loader(() => this.profileApi.get());
  protected readonly name = computed(() => this.profile.value()?.fullName ?? '');
  protected readonly spec = specializationName;
}
