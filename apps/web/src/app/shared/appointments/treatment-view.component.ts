import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Treatment } from '@hms/api-client';
import { ClinicTimePipe } from '../../core/time/clinic-time';

@Component({
  selector: 'hms-treatment-view',
  imports: [ClinicTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let t = treatment();
    <dl class="row mb-0 small">
      <dt class="col-sm-3">Diagnosis</dt>
      <dd class="col-sm-9" data-testid="diagnosis">{{ t.diagnosis }}</dd>
      <dt class="col-sm-3">Prescription</dt>
      <dd class="col-sm-9">{{ t.prescription || '—' }}</dd>
      <dt class="col-sm-3">Notes</dt>
      <dd class="col-sm-9" style="white-space: pre-line">{{ t.notes || '—' }}</dd>
      <dt class="col-sm-3">Recorded</dt>
      <dd class="col-sm-9 mb-0">
        {{ t.createdAt | clinicTime }}
        @if (t.updatedAt && t.updatedAt !== t.createdAt) {
          <span class="text-secondary">(edited {{ t.updatedAt | clinicTime }})</span>
        }
      </dd>
    </dl>
  `,
})
export class TreatmentViewComponent {
  readonly treatment = input.required<Treatment>();
}
