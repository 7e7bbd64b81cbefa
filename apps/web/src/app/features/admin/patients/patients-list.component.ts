import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { ListFilterComponent } from '../../../shared/ui/list-filter.component';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { listState } from '../../../shared/ui/list-state';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminPatientsApi } from '../admin.api';

@Component({
  selector: 'hms-patients-list',
  imports: [RouterLink, StatusBadgeComponent, ListPageComponent, ListItemsDirective, ListFilterComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Patients</h1>
    <form class="row g-2 mb-3" role="search" (submit)="$event.preventDefault()">
      <hms-list-filter
        class="col-md-8"
        [state]="state"
        key="search"
        fieldId="pat-search"
        label="Search"
        placeholder="Name or email"
      />
      <hms-list-filter
        class="col-md-4"
        [state]="state"
        key="active"
        kind="select"
        fieldId="pat-active"
        label="Status"
        [options]="statusOptions"
      />
    </form>
    <hms-list-page
      [list]="list"
      [state]="state"
      noun="patient"
      pagerLabel="Patient pages"
      emptyText="No patient matches these filters."
    >
      <ng-template [hmsListItems]="list" let-items>
        <div class="table-responsive bg-white border rounded-3">
          <table class="table table-stack mb-0" data-testid="patients-table">
            <caption class="visually-hidden">
              Patients
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">Status</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (pt of items; track pt.id) {
                <tr data-testid="list-row">
                  <td class="fw-semibold">{{ pt.fullName }}</td>
                  <td class="small" data-label="Email">{{ pt.email }}</td>
                  <td class="small" data-label="Phone">{{ pt.phone || '—' }}</td>
                  <td data-label="Status"><hms-status-badge [status]="pt.active ? 'active' : 'inactive'" /></td>
                  <td class="text-end">
                    <a
                      class="btn btn-sm btn-outline-primary"
                      [routerLink]="['/admin/patients', pt.id]"
                      [attr.aria-label]="'Open ' + pt.fullName"
                      >Open</a
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
export class PatientsListComponent {
  private readonly api = inject(AdminPatientsApi);
  /** Search, status and page, in the URL. */
  protected readonly state = listState({ search: '', active: '' });
  protected readonly statusOptions = [
    { value: 'true', label: 'Active' },
    { value: 'false', label: 'Blacklisted' },
  ];
  private readonly query = computed(() => {
    const { filters: f, page, pageSize } = this.state.query();
    return {
      search: f.search.trim() || undefined,
      active: f.active === '' ? undefined : f.active === 'true',
      page,
      pageSize,
    };
  });
  protected readonly list = loader(() => this.api.list(this.query()), false);

  constructor() {
    effect(() => {
      this.query();
      untracked(() => this.list.load());
    });
  }
}
