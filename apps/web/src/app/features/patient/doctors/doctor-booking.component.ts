import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { FormState } from '../../../core/forms/form-state';
import { loader } from '../../../core/http/loader';
import { isProblemCode, type ProblemDetails } from '@hms/shared';
import { problemMessage } from '../../../core/http/problem';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { SlotPickerComponent } from '../../../shared/slots/slot-picker.component';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { PatientAppointmentsApi, PatientDirectoryApi } from '../patient.api';
import { JoinWaitlistComponent } from '../waitlist/join-waitlist.component';

export const SLOT_TAKEN_MESSAGE =
  'Sorry, that time was just taken by someone else. The free times have been refreshed: please pick another one.';

/** A booking or move answered 409: the patient's own overlap is not "taken by someone else". */
export function conflictMessage(problem: ProblemDetails): string {
  if (problem.code === 'patient_overlap') return problemMessage(problem);
  if (problem.code === 'slot_taken' || !isProblemCode(problem.code)) return SLOT_TAKEN_MESSAGE;
  return problemMessage(problem);
}

/** A doctor's profile, their free and taken times, and booking with a reason. */
@Component({
  selector: 'hms-doctor-booking',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    ClinicTimePipe,
    SlotPickerComponent,
    LoadingComponent,
    ErrorBoxComponent,
    JoinWaitlistComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item"><a routerLink="/patient/doctors">Find a doctor</a></li>
        <li class="breadcrumb-item active" aria-current="page">{{ doctor.value()?.fullName ?? 'Doctor' }}</li>
      </ol>
    </nav>
    <hms-error-box [message]="doctor.error()" />
    @if (doctor.loading()) {
      <hms-loading />
    } @else if (doctor.value(); as d) {
      <div class="row g-4">
        <section class="col-lg-4" aria-labelledby="doctor-name">
          <div class="card">
            <div class="card-body">
              <h1 id="doctor-name" class="h4 mb-1">{{ d.fullName }}</h1>
              <p class="text-secondary mb-2">{{ d.specialization.name }}</p>
              <dl class="small mb-0">
                <dt>Qualification</dt>
                <dd>{{ d.qualification || '—' }}</dd>
                <dt>Experience</dt>
                <dd class="mb-0">{{ d.experienceYears }} year(s)</dd>
              </dl>
            </div>
          </div>
        </section>
        <section class="col-lg-8" aria-labelledby="times-title">
          <h2 id="times-title" class="h5">Choose a time</h2>
          @if (slotMessage(); as message) {
            <div class="alert alert-warning" role="alert" data-testid="slot-message">{{ message }}</div>
          }
          <hms-error-box [message]="slots.error()" />
          @if (slots.loading() && !slots.value()) {
            <hms-loading label="Loading free times…" />
          } @else {
            <hms-slot-picker [slots]="slots.value() ?? []" [(selected)]="selected" />
          }
          <form class="mt-4" [formGroup]="state.form" (ngSubmit)="book()" novalidate>
            <div class="mb-3">
              <label for="booking-reason" class="form-label"
                >Reason for the visit <span class="text-secondary small">(optional)</span></label
              >
              <textarea
                id="booking-reason"
                class="form-control"
                rows="2"
                formControlName="reason"
                [class.is-invalid]="state.invalid('reason')"
                aria-describedby="booking-reason-error"
              ></textarea>
              <div id="booking-reason-error" class="invalid-feedback">{{ state.message('reason', 'Reason') }}</div>
            </div>
            @if (state.formError(); as error) {
              <div class="alert alert-danger" role="alert">{{ error }}</div>
            }
            <div class="d-flex flex-wrap align-items-center gap-3">
              <button type="submit" class="btn btn-primary" [disabled]="!selected() || state.busy()" data-testid="book">
                @if (state.busy()) {
                  <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
                }
                Book appointment
              </button>
              <span class="small" aria-live="polite">
                @if (selected(); as s) {
                  Selected: <strong>{{ s | clinicTime }}</strong>
                } @else {
                  No time selected yet.
                }
              </span>
            </div>
          </form>
          @if (slots.value()) {
            <div class="mt-4" id="waitlist"><hms-join-waitlist [doctorId]="id()" /></div>
          }
        </section>
      </div>
    }
  `,
})
export class DoctorBookingComponent {
  private readonly directory = inject(PatientDirectoryApi);
  private readonly appointments = inject(PatientAppointmentsApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);
  private readonly clinic = inject(ClinicTime);
  private readonly route = inject(ActivatedRoute);
  readonly id = input.required<string>();

  protected readonly doctor = loader(() => this.directory.doctor(this.id()), false);
  protected readonly slots = loader(() => this.directory.slots(this.id()), false);

  protected readonly selected = signal<string | null>(null);
  protected readonly slotMessage = signal<string | null>(null);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({ reason: ['', Validators.maxLength(500)] }),
  );
  /** Kept across retries of the same booking so a retried request books at most once. */
  private idempotencyKey: string | null = null;
  private keyFor: string | null = null;

  constructor() {
    effect(() => {
      this.id();
      untracked(() => {
        this.doctor.load();
        this.slots.load();
      });
    });
    // "Join the waitlist" in the doctor list links here with #waitlist: bring that card into view once it shows.
    effect(() => {
      if (!this.slots.value() || this.route.snapshot.fragment !== 'waitlist') return;
      setTimeout(() => document.getElementById('waitlist')?.scrollIntoView({ block: 'start' }));
    });
  }

  protected book(): void {
    const startsAt = this.selected();
    if (!startsAt || !this.state.begin()) return;
    const reason = this.state.form.controls.reason.value.trim();
    const body = { doctorId: this.id(), startsAt, ...(reason ? { reason } : {}) };
    const fingerprint = JSON.stringify(body);
    if (this.keyFor !== fingerprint || !this.idempotencyKey) {
      this.idempotencyKey = crypto.randomUUID();
      this.keyFor = fingerprint;
    }
    this.slotMessage.set(null);
    this.appointments.book(body, this.idempotencyKey).subscribe({
      next: (appointment) => {
        this.state.done();
        this.idempotencyKey = null;
        this.toasts.success(
          `Booked: ${this.clinic.format(appointment.startsAt)} with ${appointment.doctor.fullName ?? this.doctor.value()?.fullName}.`,
        );
        void this.router.navigate(['/patient/appointments']);
      },
      error: (error: unknown) => {
        const problem = this.state.fail(error);
        if (problem.status === 0) return; // network: the same key makes a retry safe
        this.idempotencyKey = null;
        if (problem.status === 409) {
          this.state.formError.set(null);
          this.slotMessage.set(conflictMessage(problem));
          this.selected.set(null);
          this.slots.load();
        } else if (problem.status === 422) {
          this.state.formError.set(null);
          this.slotMessage.set(problemMessage(problem));
          this.selected.set(null);
          this.slots.load();
        }
      },
    });
  }
}
