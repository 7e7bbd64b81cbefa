import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { DOCTOR_APPOINTMENT_SCOPES, type DoctorAppointmentScope } from '@hms/shared';
import { loader } from '../../../core/http/loader';
import { listState } from '../../../shared/ui/list-state';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { DoctorScheduleApi } from '../doctor.api';
import { DoctorAppointmentListComponent } from './doctor-appointment-list.component';

const TABS: { scope: DoctorAppointmentScope; label: string; empty: string }[] = [
  { scope: 'today', label: 'Today', empty: 'No appointments today.' },
  { scope: 'week', label: 'This week', empty: 'No appointments this week.' },
  { scope: 'upcoming', label: 'Upcoming', empty: 'No upcoming appointments.' },
  { scope: 'past', label: 'Past', empty: 'No past appointments.' },
];

/**
 * The doctor's own appointments by scope, paged on the server. Schedules (today, this week,
 * upcoming) are soonest first, past latest first; scope and page live in the URL.
 */
@Component({
  selector: 'hms-doctor-appointments',
  imports: [RouterLink, DoctorAppointmentListComponent, ListPageComponent, ListItemsDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Appointments</h1>
    <nav aria-label="Which appointments">
      <ul class="nav nav-tabs mb-3 flex-nowrap overflow-x-auto overflow-y-hidden">
        @for (t of tabs; track t.scope) {
          <li class="nav-item">
            <a
              class="nav-link text-nowrap"
              [class.active]="scope() === t.scope"
              [attr.aria-current]="scope() === t.scope ? 'page' : null"
              routerLink="."
              [queryParams]="{ scope: t.scope === 'upcoming' ? null : t.scope, page: null }"
              queryParamsHandling="merge"
              >{{ t.label }}</a
            >
          </li>
        }
      </ul>
    </nav>
    <hms-list-page
      [list]="list"
      [state]="state"
      noun="appointment"
      pagerLabel="Appointment pages"
      [emptyText]="emptyText()"
    >
      <ng-template [hmsListItems]="list" let-items>
        <hms-doctor-appointment-list
          [appointments]="items"
          [ownAppointments]="true"
          [timeStyle]="scope() === 'today' ? 'time' : 'datetime'"
          (changed)="list.load()"
        />
      </ng-template>
    </hms-list-page>
  `,
})
export class DoctorAppointmentsComponent {
  private readonly api = inject(DoctorScheduleApi);
  protected readonly tabs = TABS;
  /** Scope and page in the URL; upcoming when none is given. */
  protected readonly state = listState({ scope: 'upcoming' });
  protected readonly scope = computed<DoctorAppointmentScope>(() => {
    const s = this.state.value('scope') as DoctorAppointmentScope;
    return DOCTOR_APPOINTMENT_SCOPES.includes(s) ? s : 'upcoming';
  });
  protected readonly emptyText = computed(() => TABS.find((t) => t.scope === this.scope())?.empty ?? '');
  private readonly query = computed(() => ({
    scope: this.scope(),
    // Asked for explicitly: a schedule soonest first, the past latest first.
    order: this.scope() === 'past' ? ('desc' as const) : ('asc' as const),
    page: this.state.page(),
    pageSize: this.state.pageSize,
  }));
  protected readonly list = loader(() => this.api.page(this.query()), false);

  private shownScope: DoctorAppointmentScope | null = null;

  constructor() {
    effect(() => {
      const { scope } = this.query();
      untracked(() => {
        // Another tab's rows must not stand in for this one's while it loads.
        if (scope !== this.shownScope) this.list.value.set(undefined);
        this.shownScope = scope;
        this.list.load();
      });
    });
  }
}
