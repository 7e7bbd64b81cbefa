import { ChangeDetectionStrategy, Component, inject, Injectable, input, signal } from '@angular/core';
import { AdminClient, DoctorClient, type TreatmentRevision } from '@hms/api-client';
import { Observable } from 'rxjs';
import { problemMessage, toProblem } from '../../core/http/problem';
import { ClinicTimePipe } from '../../core/time/clinic-time';

/** Who reads the revisions: the appointment's doctor or an admin. */
export type RevisionsReader = 'doctor' | 'admin';

@Injectable({ providedIn: 'root' })
export class TreatmentRevisionsApi {
  private readonly doctor = inject(DoctorClient);
  private readonly admin = inject(AdminClient);

  list(reader: RevisionsReader, appointmentId: string): Observable<TreatmentRevision[]> {
    return reader === 'doctor'
      ? this.doctor.doctorAppointmentsTreatmentRevisions({ id: appointmentId })
      : this.admin.adminAppointmentsTreatmentRevisions({ id: appointmentId });
  }
}

/** Every version of an edited treatment, oldest first, loaded on demand (reading them is audited). */
@Component({
  selector: 'hms-treatment-revisions',
  imports: [ClinicTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (revisions(); as list) {
      <ol class="list-unstyled small border-start ps-3 mt-2 mb-0" data-testid="treatment-revisions">
        @for (r of list; track r.version) {
          <li class="mb-2">
            <div class="fw-semibold">
              Version {{ r.version }} · {{ r.editedBy.fullName }} · {{ r.editedAt | clinicTime }}
            </div>
            <div>Diagnosis: {{ r.diagnosis }}</div>
            @if (r.prescription) {
              <div>Prescription: {{ r.prescription }}</div>
            }
            @if (r.notes) {
              <div style="white-space: pre-line">Notes: {{ r.notes }}</div>
            }
          </li>
        }
      </ol>
    } @else {
      <button type="button" class="btn btn-link btn-sm p-0" (click)="load()" [disabled]="loading()">
        Show all {{ versions() }} versions
      </button>
    }
    @if (error()) {
      <p class="text-danger small mb-0" role="alert">{{ error() }}</p>
    }
  `,
})
export class TreatmentRevisionsComponent {
  private readonly api = inject(TreatmentRevisionsApi);
  readonly appointmentId = input.required<string>();
  readonly reader = input.required<RevisionsReader>();
  readonly versions = input.required<number>();
  protected readonly revisions = signal<TreatmentRevision[] | null>(null);
  protected readonly loading = signal(false);
  protected readonly error = signal<string | null>(null);

  protected load(): void {
    this.loading.set(true);
    this.api.list(this.reader(), this.appointmentId()).subscribe({
      next: (list) => {
        this.revisions.set(list);
        this.loading.set(false);
      },
      error: (e: unknown) => {
        this.error.set(problemMessage(toProblem(e)));
        this.loading.set(false);
      },
    });
  }
}
