import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { specializationName } from '../../../shared/appointments/appointment-format';
import { TreatmentViewComponent } from '../../../shared/appointments/treatment-view.component';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { ExportHistoryComponent } from '../profile/export-history.component';
import { PatientAppointmentsApi } from '../patient.api';

@Component({
  selector: 'hms-treatments',
  imports: [
    ClinicTimePipe,
    TreatmentViewComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
    ExportHistoryComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Treatment history</h1>
    <div class="row g-4">
      <div class="col-lg-8">
        <hms-error-box [message]="list.error()" />
        @if (list.loading() && !list.value()) {
          <hms-loading />
        } @else if ((list.value() ?? []).length === 0 && !list.error()) {
          <hms-empty text="No treatments recorded yet. They appear here after a completed visit." />
        } @else {
          @for (a of list.value() ?? []; track a.id) {
            <article class="card mb-3" data-testid="treatment">
              <div class="card-header bg-white d-flex flex-wrap justify-content-between gap-2">
                <h2 class="h6 mb-0">{{ a.startsAt | clinicTime: 'date' }}</h2>
                <span class="small text-secondary">{{ a.doctor.fullName }} · {{ spec(a.doctor) }}</span>
              </div>
              <div class="card-body">
                @if (a.treatment; as t) {
                  <hms-treatment-view [treatment]="t" />
                }
              </div>
            </article>
          }
        }
      </div>
      <aside class="col-lg-4">
        <hms-export-history />
      </aside>
    </div>
  `,
})
export class TreatmentsComponent {
  private readonly api = inject(PatientAppointmentsApi);
  protected readonly list = loader(() => this.api.treatments());
  protected readonly spec = specializationName;
}
