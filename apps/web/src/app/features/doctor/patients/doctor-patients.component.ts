import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { listState } from '../../../shared/ui/list-state';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { DoctorPatientsApi } from '../doctor.api';

/** The patients in this doctor's care, searched and paged on the server; search and page live in the URL. */
@Component({
  selector: 'hms-doctor-patients',
  imports: [
    FormsModule,
    RouterLink,
    ClinicTimePipe,
    PagerComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">My patients</h1>
    <form class="mb-3" role="search" style="max-width: 24rem" (submit)="$event.preventDefault()">
      <label for="patient-filter" class="form-label">Find by name or email</label>
      <input
        id="patient-filter"
        type="search"
        class="form-control"
        name="search"
        [ngModel]="state.value('search')"
        (ngModelChange)="state.set({ search: $event }, { debounce: 300 })"
      />
    </form>
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (list.value(); as page) {
      @if (page.items.length === 0) {
        <hms-empty
          [text]="
            state.value('search')
              ? 'No patient in your care matches this search.'
              : 'No patients yet. Patients appear here once they book with you.'
          "
        />
        @if (state.page() > 1) {
          <button type="button" class="btn btn-link" (click)="state.goTo(1)">Back to the first page</button>
        }
      } @else {
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
              @for (p of page.items; track p.id) {
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
        <hms-pager
          [total]="page.total"
          [page]="state.page()"
          [pageSize]="state.pageSize"
          noun="patient"
          label="Patient pages"
          (pageChange)="state.goTo($event)"
        />
      }
    }
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
