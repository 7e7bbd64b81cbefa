import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { NgbActiveModal, NgbModal, NgbModalRef } from '@ng-bootstrap/ng-bootstrap';
import type { Treatment } from '@hms/api-client';
import { FormState } from '../../../core/forms/form-state';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { DoctorScheduleApi, TreatmentInput } from '../doctor.api';

/** The visit a form completes or whose treatment it edits: an appointment or a history row. */
export interface VisitTarget {
  id: string;
  startsAt: string;
  treatment: Treatment | null;
  /** Shown above the form; omitted where the page already names the patient. */
  patientName?: string;
}

/**
 * Opens the visit form in a modal. Escape, a click outside, the close button
 * and "Close" all ask before throwing away what the doctor typed.
 */
export function openVisitForm(modals: NgbModal, target: VisitTarget): NgbModalRef {
  const ref: NgbModalRef = modals.open(VisitFormComponent, {
    ariaLabelledBy: 'visit-title',
    size: 'lg',
    beforeDismiss: () => (ref.componentInstance as VisitFormComponent | undefined)?.mayDiscard() ?? true,
  });
  (ref.componentInstance as VisitFormComponent).open(target);
  return ref;
}

/** Complete a visit with its treatment, or edit the treatment of a completed one (opened in a modal). */
@Component({
  selector: 'hms-visit-form',
  imports: [ReactiveFormsModule, ClinicTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let a = appointment();
    <form [formGroup]="state.form" (ngSubmit)="submit()" novalidate>
      <div class="modal-header">
        <h2 class="modal-title h5" id="visit-title">{{ editing() ? 'Edit treatment' : 'Complete visit' }}</h2>
        <button type="button" class="btn-close" aria-label="Close" (click)="modal.dismiss()"></button>
      </div>
      <div class="modal-body">
        @if (a) {
          <p class="small text-secondary">
            @if (a.patientName) {
              {{ a.patientName }} ·
            }
            {{ a.startsAt | clinicTime }}
          </p>
        }
        @if (state.formError(); as error) {
          <div class="alert alert-danger" role="alert">{{ error }}</div>
        }
        <div class="mb-3">
          <label for="visit-diagnosis" class="form-label">Diagnosis</label>
          <textarea
            id="visit-diagnosis"
            class="form-control"
            rows="2"
            formControlName="diagnosis"
            ngbAutofocus
            [class.is-invalid]="state.invalid('diagnosis')"
            aria-describedby="visit-diagnosis-error"
          ></textarea>
          <div id="visit-diagnosis-error" class="invalid-feedback">{{ state.message('diagnosis', 'Diagnosis') }}</div>
        </div>
        <div class="mb-3">
          <label for="visit-prescription" class="form-label"
            >Prescription <span class="small text-secondary">(optional)</span></label
          >
          <textarea
            id="visit-prescription"
            class="form-control"
            rows="2"
            formControlName="prescription"
            [class.is-invalid]="state.invalid('prescription')"
            aria-describedby="visit-prescription-error"
          ></textarea>
          <div id="visit-prescription-error" class="invalid-feedback">
            {{ state.message('prescription', 'Prescription') }}
          </div>
        </div>
        <div class="mb-0">
          <label for="visit-notes" class="form-label">Notes <span class="small text-secondary">(optional)</span></label>
          <textarea
            id="visit-notes"
            class="form-control"
            rows="3"
            formControlName="notes"
            [class.is-invalid]="state.invalid('notes')"
            aria-describedby="visit-notes-error"
          ></textarea>
          <div id="visit-notes-error" class="invalid-feedback">{{ state.message('notes', 'Notes') }}</div>
        </div>
      </div>
      <div class="modal-footer">
        <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()">Close</button>
        <button type="submit" class="btn btn-primary" [disabled]="state.busy()" data-testid="save-visit">
          {{ editing() ? 'Save treatment' : 'Complete visit' }}
        </button>
      </div>
    </form>
  `,
})
export class VisitFormComponent {
  protected readonly modal = inject(NgbActiveModal);
  private readonly api = inject(DoctorScheduleApi);
  private readonly confirm = inject(ConfirmService);
  readonly appointment = signal<VisitTarget | null>(null);
  readonly editing = signal(false);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      diagnosis: ['', [Validators.required, Validators.maxLength(2000)]],
      prescription: ['', Validators.maxLength(4000)],
      notes: ['', Validators.maxLength(8000)],
    }),
  );

  /** Prepares the form for an appointment; with a treatment it edits that treatment. */
  open(appointment: VisitTarget): void {
    this.appointment.set(appointment);
    const t = appointment.treatment;
    this.editing.set(!!t);
    this.state.reset({ diagnosis: t?.diagnosis ?? '', prescription: t?.prescription ?? '', notes: t?.notes ?? '' });
    this.initial = JSON.stringify(this.state.form.getRawValue());
  }

  private initial = '';

  /** True when the doctor typed something that is not saved. */
  hasUnsavedText(): boolean {
    return JSON.stringify(this.state.form.getRawValue()) !== this.initial;
  }

  /** Before the dialog closes without saving: asks when typed text would be lost (focus starts on "Keep editing"). */
  async mayDiscard(): Promise<boolean> {
    if (!this.hasUnsavedText()) return true;
    return this.confirm.ask({
      title: 'Discard your notes?',
      text: this.editing()
        ? 'Your changes to this treatment are not saved. Discard them?'
        : 'What you typed for this visit is not saved. Discard it?',
      confirmLabel: 'Discard',
      keepLabel: 'Keep editing',
      danger: true,
    });
  }

  protected submit(): void {
    const a = this.appointment();
    if (!a || !this.state.begin()) return;
    const v = this.state.form.getRawValue();
    const body: TreatmentInput = { diagnosis: v.diagnosis.trim() };
    if (v.prescription.trim()) body.prescription = v.prescription.trim();
    if (v.notes.trim()) body.notes = v.notes.trim();
    const call = this.editing() ? this.api.updateTreatment(a.id, body) : this.api.complete(a.id, body);
    call.subscribe({
      next: () => {
        this.state.done();
        this.modal.close(true);
      },
      error: (e: unknown) => {
        const problem = this.state.fail(e);
        if (problem.status === 409 && !this.state.formError()) {
          this.state.formError.set('This visit can no longer be completed.');
        }
      },
    });
  }
}
