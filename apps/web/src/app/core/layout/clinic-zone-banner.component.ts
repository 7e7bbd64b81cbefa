import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ClinicTime } from '../time/clinic-time';

/** Says so, and offers a retry, when the clinic's time zone could not be loaded (no times are shown meanwhile). */
@Component({
  selector: 'hms-clinic-zone-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (clinic.loadError(); as error) {
      <div
        class="alert alert-danger d-flex flex-wrap align-items-center gap-2 rounded-0 mb-0"
        role="alert"
        data-testid="clinic-zone-error"
      >
        <span class="me-auto">{{ error }} Please retry in a moment.</span>
        <button type="button" class="btn btn-sm btn-light" (click)="retry()" [disabled]="clinic.loading()">
          Retry
        </button>
      </div>
    }
  `,
})
export class ClinicZoneBannerComponent {
  protected readonly clinic = inject(ClinicTime);

  protected retry(): void {
    void this.clinic.load();
  }
}
