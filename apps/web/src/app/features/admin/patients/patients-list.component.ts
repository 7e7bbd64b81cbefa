import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PagerComponent } from '../../../shared/ui/pager.component';
import { PAGE_SIZE_DEFAULT } from '@hms/shared';
import { loader } from '../../../core/http/loader';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
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
          [ngModel]="search()"
          (ngModelChange)="search.set($event); page.set(1)"
        />
      </div>
      <div class="col-md-4">
        <label for="pat-active" class="form-label">Status</label>
        <select
          id="pat-active"
          class="form-select"
          name="active"
          [ngModel]="active()"
          (ngModelChange)="active.set($event); page.set(1)"
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
      } @else {
        <div class="table-responsive bg-white border rounded-3">
          <table class="table mb-0">
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
                <tr>
                  <td class="fw-semibold">{{ pt.fullName }}</td>
                  <td class="small">{{ pt.email }}</td>
                  <td class="small">{{ pt.phone || '—' }}</td>
                  <td><hms-status-badge [status]="pt.active ? 'active' : 'inactive'" /></td>
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
          [page]="page()"
          [pageSize]="pageSize"
          noun="patient"
          label="Patient pages"
          (pageChange)="page.set($event)"
        />
      }
    }
  `,
})
export class PatientsListComponent {
  private readonly api = inject(AdminPatientsApi);
  protected readonly pageSize = PAGE_SIZE_DEFAULT;
  protected readonly search = signal('');
  protected readonly active = signal('');
  protected readonly page = signal(1);
  private readonly query = computed(() => ({
    search: this.search().trim() || undefined,
    active: this.active() === '' ? undefined : this.active() === 'true',
    page: this.page(),
    pageSize: this.pageSize,
  }));
  protected readonly list = loader(() => this.api.list(this.query()), false);
  private debounce: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    effect(() => {
      this.query();
      untracked(() => {
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => this.list.load(), this.list.value() ? 250 : 0);
      });
    });
  }
}
