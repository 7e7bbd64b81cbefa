import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { DoctorPatientsApi } from '../doctor.api';

@Component({
  selector: 'hms-doctor-patients',
  imports: [FormsModule, RouterLink, ClinicTimePipe, LoadingComponent, EmptyStateComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">My patients</h1>
    <div class="mb-3" style="max-width: 24rem">
      <label for="patient-filter" class="form-label">Filter by name or email</label>
      <input
        id="patient-filter"
        type="search"
        class="form-control"
        [ngModel]="filter()"
        (ngModelChange)="filter.set($event)"
      />
    </div>
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (shown().length === 0 && !list.error()) {
      <hms-empty text="No patients yet. Patients appear here once they book with you." />
    } @else {
      <div class="table-responsive bg-white rounded-3 border">
        <table class="table mb-0">
          <caption class="visually-hidden">
            Patients
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Phone</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (p of shown(); track p.id) {
              <tr>
                <td>{{ p.fullName }}</td>
                <td>{{ p.email }}</td>
                <td>{{ p.phone || '—' }}</td>
                <td class="text-end">{{ p.appointmentCount }}</td>
                <td class="text-nowrap">{{ p.lastAppointmentAt | clinicTime: 'date' }}</td>
                <td class="text-end">
                  <a
                    class="btn btn-sm btn-outline-primary"
                    [routerLink]="['/doctor/patients', p.id]"
                    [state]="{ patientName: p.fullName }"
                    >History</a
                  >
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class DoctorPatientsComponent {
  private readonly api = inject(DoctorPatientsApi);
  protected readonly list = loader(() => this.api.list());
  protected readonly filter = signal('');
  protected readonly shown = computed(() => {
    const q = this.filter().trim().toLowerCase();
    const all = this.list.value() ?? [];
    return q ? all.filter((p) => p.fullName.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)) : all;
  });
}
