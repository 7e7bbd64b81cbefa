import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { listState } from '../../../shared/ui/list-state';
import { ListFilterComponent } from '../../../shared/ui/list-filter.component';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { DoctorPatientsApi } from '../doctor.api';

/** The patients in this doctor's care, searched and paged on the server; search and page live in the URL. */
@Component({
  selector: 'hms-doctor-patients',
  imports: [RouterLink, ClinicTimePipe, ListPageComponent, ListItemsDirective, ListFilterComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">My patients</h1>
    <form class="mb-3" role="search" style="max-width: 24rem" (submit)="$event.preventDefault()">
      <hms-list-filter [state]="state" key="search" fieldId="patient-filter" label="Find by name or email" />
    </form>
    <hms-list-page
      [list]="list"
      [state]="state"
      noun="patient"
      pagerLabel="Patient pages"
      [emptyText]="
        state.value('search')
          ? 'No patient in your care matches this search.'
          : 'No patients yet. Patients appear here once they book with you.'
      "
    >
      <ng-template [hmsListItems]="list" let-items>
        <div class="table-responsive bg-white rounded-3 border">
          <table class="table table-stack mb-0" data-testid="doctor-patients-table">
            <caption class="visually-hidden">
              Patients
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col" class="text-end">Visits</th>
                <th scope="col">Last visit</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (p of items; track p.id) {
                <tr data-testid="list-row">
                  <td class="fw-semibold">{{ p.fullName }}</td>
                  <td data-label="Email">{{ p.email }}</td>
                  <td data-label="Phone">{{ p.phone || '—' }}</td>
                  <td class="text-end" data-label="Visits">{{ p.appointmentCount }}</td>
                  <td class="text-nowrap" data-label="Last visit">{{ p.lastAppointmentAt | clinicTime: 'date' }}</td>
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
      </ng-template>
    </hms-list-page>
  `,
})
export class DoctorPatientsComponent {
  private readonly api = inject(DoctorPatientsApi);
  protected readonly state = listState({ search: '' });
  private readonly query = computed(() => {
    const { filters, page, pageSize } = this.state.query();
    return { search: filters.search.trim() || undefined, page, pageSize };
  });
  protected readonly list = loader(() => this.api.list(this.query()), false);

  constructor() {
    effect(() => {
      this.query();
      untracked(() => this.list.load());
    });
  }
}
