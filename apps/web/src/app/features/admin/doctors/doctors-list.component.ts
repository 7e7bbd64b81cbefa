import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PagerComponent } from '../../../shared/ui/pager.component';
import type { Doctor } from '@hms/api-client';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ToastService } from '../../../core/ui/toast.service';
import { DoctorDeactivationDialog } from './doctor-deactivation-dialog.component';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { listState } from '../../../shared/ui/list-state';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminDoctorsApi, SpecializationsApi } from '../admin.api';

@Component({
  selector: 'hms-doctors-list',
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
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
      <h1 class="page-title mb-0">Doctors</h1>
      <div class="d-flex gap-2">
        <a class="btn btn-outline-primary" routerLink="/admin/staff">Front desk staff</a>
        <a class="btn btn-primary" routerLink="/admin/doctors/new">New doctor</a>
      </div>
    </div>
    <form class="row g-2 mb-3" role="search" (submit)="$event.preventDefault()">
      <div class="col-md-5">
        <label for="doc-search" class="form-label">Search</label>
        <input
          id="doc-search"
          type="search"
          class="form-control"
          placeholder="Name or email"
          name="search"
          [ngModel]="state.value('search')"
          (ngModelChange)="state.set({ search: $event }, { debounce: 300 })"
        />
      </div>
      <div class="col-md-4">
        <label for="doc-spec" class="form-label">Specialization</label>
        <select
          id="doc-spec"
          class="form-select"
          name="spec"
          [ngModel]="state.value('specializationId')"
          (ngModelChange)="state.set({ specializationId: $event })"
        >
          <option value="">All</option>
          @for (s of specs.value() ?? []; track s.id) {
            <option [value]="s.id">{{ s.name }}</option>
          }
        </select>
      </div>
      <div class="col-md-3">
        <label for="doc-active" class="form-label">Status</label>
        <select
          id="doc-active"
          class="form-select"
          name="active"
          [ngModel]="state.value('active')"
          (ngModelChange)="state.set({ active: $event })"
        >
          <option value="">All</option>
          <option value="true">Active</option>
          <option value="false">Deactivated</option>
        </select>
      </div>
    </form>
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (list.value(); as p) {
      @if (p.items.length === 0) {
        <hms-empty text="No doctor matches these filters." />
        @if (state.page() > 1) {
          <button type="button" class="btn btn-link" (click)="state.goTo(1)">Back to the first page</button>
        }
      } @else {
        <div class="table-responsive bg-white border rounded-3">
          <table class="table table-stack mb-0" data-testid="doctors-table">
            <caption class="visually-hidden">
              Doctors
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Specialization</th>
                <th scope="col">Status</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              @for (d of p.items; track d.id) {
                <tr data-testid="list-row">
                  <td class="fw-semibold">{{ d.fullName }}</td>
                  <td class="small" data-label="Email">{{ d.email }}</td>
                  <td data-label="Specialization">{{ d.specialization.name }}</td>
                  <td data-label="Status"><hms-status-badge [status]="d.active ? 'active' : 'inactive'" /></td>
                  <td class="text-end text-nowrap">
                    <a
                      class="btn btn-sm btn-outline-primary me-1"
                      [routerLink]="['/admin/doctors', d.id]"
                      [attr.aria-label]="'Edit ' + d.fullName"
                      >Edit</a
                    >
                    <button
                      type="button"
                      class="btn btn-sm"
                      [class]="d.active ? 'btn btn-sm btn-outline-danger' : 'btn btn-sm btn-outline-success'"
                      (click)="toggle(d)"
                      [disabled]="busyId() === d.id"
                    >
                      {{ d.active ? 'Deactivate' : 'Reactivate' }}
                    </button>
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
          noun="doctor"
          label="Doctor pages"
          (pageChange)="state.goTo($event)"
        />
      }
    }
  `,
})
export class DoctorsListComponent {
  private readonly api = inject(AdminDoctorsApi);
  private readonly toasts = inject(ToastService);
  private readonly deactivation = inject(DoctorDeactivationDialog);
  private readonly specsApi = inject(SpecializationsApi);
  protected readonly specs = loader(() => this.specsApi.list());
  /** Search, department, status and page, in the URL. */
  protected readonly state = listState({ search: '', specializationId: '', active: '' });
  protected readonly busyId = signal<string | null>(null);
  private readonly query = computed(() => {
    const { filters: f, page, pageSize } = this.state.query();
    return {
      search: f.search.trim() || undefined,
      specializationId: f.specializationId || undefined,
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

  protected async toggle(d: Doctor): Promise<void> {
    if (d.active) {
      if (!(await this.deactivation.ask(d))) {
        this.list.load();
        return;
      }
    }
    this.busyId.set(d.id);
    this.api.update(d.id, { active: !d.active }).subscribe({
      next: (updated) => {
        this.busyId.set(null);
        this.toasts.success(`${updated.fullName} is now ${updated.active ? 'active' : 'deactivated'}.`);
        this.list.load();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }
}
