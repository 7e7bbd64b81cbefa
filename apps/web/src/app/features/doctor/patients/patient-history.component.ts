import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { byStart } from '../../../shared/appointments/appointment-format';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { DoctorAppointmentListComponent } from '../appointments/doctor-appointment-list.component';
import { DoctorPatientsApi } from '../doctor.api';

@Component({
  selector: 'hms-patient-history',
  imports: [RouterLink, DoctorAppointmentListComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item"><a routerLink="/doctor/patients">My patients</a></li>
        <li class="breadcrumb-item active" aria-current="page">{{ name() }}</li>
      </ol>
    </nav>
    <h1 class="page-title">History of {{ name() }}</h1>
    <hms-error-box [message]="history.error()" />
    @if (history.loading() && !history.value()) {
      <hms-loading />
    } @else if (!history.error()) {
      <hms-doctor-appointment-list [appointments]="items()" emptyText="No appointments." (changed)="history.load()" />
    }
  `,
})
export class PatientHistoryComponent {
  private readonly api = inject(DoctorPatientsApi);
  readonly patientId = input.required<string>();
  protected readonly history = loader(() => this.api.history(this.patientId()), false);
  protected readonly items = computed(() => byStart(this.history.value() ?? [], true));
  protected readonly name = computed(() => this.items()[0]?.patient.fullName ?? 'patient');

  constructor() {
    effect(() => {
      this.patientId();
      untracked(() => this.history.load());
    });
  }
}
