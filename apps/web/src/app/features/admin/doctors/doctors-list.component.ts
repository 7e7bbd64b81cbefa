import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Doctor } from '@hms/api-client';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ToastService } from '../../../core/ui/toast.service';
import { DoctorDeactivationDialog } from './doctor-deactivation-dialog.component';
import { ListFilterComponent } from '../../../shared/ui/list-filter.component';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { listState } from '../../../shared/ui/list-state';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminDoctorsApi, SpecializationsApi } from '../admin.api';

@Component({
  selector: 'hms-doctors-list',
  imports: [RouterLink, StatusBadgeComponent, ListPageComponent, ListItemsDirective, ListFilterComponent],
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
      <hms-list-filter
        class="col-md-5"
        [state]="state"
        key="search"
        fieldId="doc-search"
        label="Search"
        placeholder="Name or email"
      />
      <hms-list-filter
        class="col-md-4"
        [state]="state"
        key="specializationId"
        kind="select"
        fieldId="doc-spec"
        label="Specialization"
        [options]="specOptions()"
      />
      <hms-list-filter
        class="col-md-3"
        [state]="state"
        key="active"
        kind="select"
        fieldId="doc-active"
        label="Status"
        [options]="statusOptions"
      />
    </form>
    <hms-list-page
      [list]="list"
      [state]="state"
      noun="doctor"
      pagerLabel="Doctor pages"
      emptyText="No doctor matches these filters."
    >
      <ng-template [hmsListItems]="list" let-items>
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
              @for (d of items; track d.id) {
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
      </ng-template>
    </hms-list-page>
  `,
})
export class DoctorsListComponent {
  private readonly api = inject(AdminDoctorsApi);
  private readonly toasts = inject(ToastService);
  private readonly deactivation = inject(DoctorDeactivationDialog);
  private readonly specsApi = inject(SpecializationsApi);
  protected readonly specs = loader(() => this.specsApi.list());
  protected readonly specOptions = computed(() =>
    (this.specs.value() ?? []).map((s) => ({ value: s.id, label: s.name })),
  );
  protected readonly statusOptions = [
    { value: 'true', label: 'Active' },
    { value: 'false', label: 'Deactivated' },
  ];
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
