import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { DeskApi } from '../desk.api';

/** A patient's demographics and visits as the desk sees them (no clinical text). */
@Component({
  selector: 'hms-desk-patient',
  imports: [RouterLink, ClinicTimePipe, StatusBadgeComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a routerLink="/desk/patients" class="small">← Patients</a>
    <hms-error-box [message]="details.error()" />
    @if (details.value(); as p) {
      <h1 class="page-title">{{ p.fullName }}</h1>
      <dl class="row">
        <dt class="col-sm-3">Date of birth</dt>
        <dd class="col-sm-9">{{ p.dateOfBirth ?? '—' }}</dd>
        <dt class="col-sm-3">Phone</dt>
        <dd class="col-sm-9">{{ p.phone ?? '—' }}</dd>
        <dt class="col-sm-3">Email</dt>
        <dd class="col-sm-9">{{ p.email ?? 'none (no sign-in)' }}</dd>
      </dl>
      <p><a routerLink="/desk" class="btn btn-outline-primary btn-sm">Book from the day grid</a></p>
      <h2 class="h5">Visits</h2>
      @if (p.appointments.length === 0) {
        <p class="text-secondary">No visits yet.</p>
      }
      <ul class="list-group">
        @for (a of p.appointments; track a.id) {
          <li class="list-group-item d-flex flex-wrap justify-content-between gap-2">
            <span>{{ a.startsAt | clinicTime }} · {{ a.doctor.fullName }} ({{ a.doctor.specialization }})</span>
            <hms-status-badge [status]="a.status" />
          </li>
        }
      </ul>
    } @else if (details.loading()) {
      <hms-loading />
    }
  `,
})
export class DeskPatientComponent {
  private readonly api = inject(DeskApi);
  readonly id = input.required<string>();
  protected readonly details = loader(() => this.api.patient(this.id()), false);

  ngOnInit(): void {
    this.details.load();
  }
}
