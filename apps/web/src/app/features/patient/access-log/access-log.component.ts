import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { PAGE_SIZE_DEFAULT } from '@hms/shared';
import { loader } from '../../../core/http/loader';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { describeForPatient } from '../../../shared/audit/audit-wording';
import { ListItemsDirective, ListPageComponent } from '../../../shared/ui/list-page.component';
import { PatientAccessLogApi } from '../patient.api';

/** "Who viewed my record": every read or change of the patient's record by someone else, newest first. */
@Component({
  selector: 'hms-access-log',
  imports: [ClinicTimePipe, ListPageComponent, ListItemsDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Who viewed my record</h1>
    <p class="text-secondary">
      Every time a doctor or the clinic's staff opens or changes your medical record, it is written down here. Your own
      visits to these pages are not listed. Times are in the clinic's time zone ({{ zone() }}).
    </p>
    <hms-list-page
      [list]="log"
      [page]="page()"
      [pageSize]="pageSize"
      (pageChange)="page.set($event)"
      noun="entry"
      pagerLabel="Access log pages"
      emptyText="Nobody has opened your record yet."
    >
      <ng-template [hmsListItems]="log" let-items>
        <ul class="list-group mb-2" data-testid="access-log">
          @for (e of items; track $index) {
            <li class="list-group-item d-flex flex-wrap justify-content-between gap-2" data-testid="access-entry">
              <span
                ><strong>{{ e.actor.fullName }}</strong
                >{{ e.actor.role === 'doctor' ? ' (doctor)' : '' }} {{ words(e.action) }}</span
              >
              <time class="text-secondary small text-nowrap" [attr.datetime]="e.at">{{ e.at | clinicTime }}</time>
            </li>
          }
        </ul>
      </ng-template>
    </hms-list-page>
  `,
})
export class AccessLogComponent {
  private readonly api = inject(PatientAccessLogApi);
  protected readonly zone = inject(ClinicTime).timeZone;
  protected readonly pageSize = PAGE_SIZE_DEFAULT;
  protected readonly page = signal(1);
  protected readonly words = describeForPatient;
  private readonly query = computed(() => this.page());
  protected readonly log = loader(() => this.api.page(this.query(), this.pageSize), false);

  constructor() {
    effect(() => {
      this.query();
      untracked(() => this.log.load());
    });
  }
}
