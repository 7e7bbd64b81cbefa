import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { Treatment } from '@hms/api-client';
import { ClinicTimePipe } from '../../core/time/clinic-time';
import { RevisionsReader, TreatmentRevisionsComponent } from './treatment-revisions.component';

@Component({
  selector: 'hms-treatment-view',
  imports: [ClinicTimePipe, TreatmentRevisionsComponent],
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
        @if (revisionsFor(); as reader) {
          @if (t.version > 1) {
            <hms-treatment-revisions [appointmentId]="t.appointmentId" [reader]="reader" [versions]="t.version" />
          }
        }
      </dd>
    </dl>
  `,
})
export class TreatmentViewComponent {
  readonly treatment = input.required<Treatment>();
  /** Staff who may read the earlier versions of an edited treatment; none for patients. */
  readonly revisionsFor = input<RevisionsReader | null>(null);
}
