import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { loader } from '../../../core/http/loader';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { listState } from '../../../shared/ui/list-state';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminPatientsApi } from '../admin.api';

@Component({
  selector: 'hms-patients-list',
  imports: [
    FormsModule,
    RouterLink,
    PagerComponent,
    StatusBadgeComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Patients</h1>
    <form class="row g-2 mb-3" role="search" (submit)="$event.preventDefault()">
      <div class="col-md-8">
        <label for="pat-search" class="form-label">Search</label>
        <input
          id="pat-search"
          type="search"
          class="form-control"
          placeholder="Name or email"
          name="search"
          [ngModel]="state.value('search')"
          (ngModelChange)="state.set({ search: $event }, { debounce: 300 })"
        />
      </div>
      <div class="col-md-4">
        <label for="pat-active" class="form-label">Status</label>
        <select
          id="pat-active"
          class="form-select"
          name="active"
          [ngModel]="state.value('active')"
          (ngModelChange)="state.set({ active: $event })"
        >
          <option value="">All</option>
          <option value="true">Active</option>
          <option value="false">Blacklisted</option>
        </select>
      </div>
    </form>
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (list.value(); as p) {
      @if (p.items.length === 0) {
        <hms-empty text="No patient matches these filters." />
        @if (state.page() > 1) {
          <button type="button" class="btn btn-link" (click)="state.goTo(1)">Back to the first page</button>
        }
      } @else {
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
              @for (pt of p.items; track pt.id) {
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
        <hms-pager
          [total]="p.total"
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
export class PatientsListComponent {
  private readonly api = inject(AdminPatientsApi);
  /** Search, status and page, in the URL. */
  protected readonly state = listState({ search: '', active: '' });
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
