import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { SlotPickerComponent } from '../../../shared/slots/slot-picker.component';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { PatientAppointmentsApi, PatientDirectoryApi } from '../patient.api';
import { conflictMessage } from '../doctors/doctor-booking.component';

@Component({
  selector: 'hms-reschedule',
  imports: [RouterLink, ClinicTimePipe, SlotPickerComponent, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item"><a routerLink="/patient/appointments">My appointments</a></li>
        <li class="breadcrumb-item active" aria-current="page">Reschedule</li>
      </ol>
    </nav>
    <h1 class="page-title">Reschedule</h1>
    <hms-error-box [message]="appointment.error()" />
    @if (appointment.loading() && !appointment.value()) {
      <hms-loading />
    } @else if (appointment.value(); as a) {
      <p>
        Your appointment with <strong>{{ a.doctor.fullName }}</strong> is on
        <strong>{{ a.startsAt | clinicTime }}</strong>. Pick a new time; the current one is released only when the new
        one is yours.
      </p>
      @if (message(); as m) {
        <div class="alert alert-warning" role="alert">{{ m }}</div>
      }
      <hms-error-box [message]="slots.error()" />
      @if (slots.loading() && !slots.value()) {
        <hms-loading label="Loading free times…" />
      } @else {
        <hms-slot-picker
          [slots]="slots.value() ?? []"
          [(selected)]="selected"
          [initialDate]="clinic.dateOf(a.startsAt)"
        />
      }
      <div class="d-flex gap-2 mt-4">
        <button
          type="button"
          class="btn btn-primary"
          [disabled]="!selected() || busy()"
          (click)="submit()"
          data-testid="reschedule"
        >
          Move appointment
        </button>
        <a class="btn btn-outline-secondary" routerLink="/patient/appointments">Back</a>
      </div>
    }
  `,
})
export class RescheduleComponent {
  private readonly api = inject(PatientAppointmentsApi);
  private readonly directory = inject(PatientDirectoryApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);
  protected readonly clinic = inject(ClinicTime);
  readonly id = input.required<string>();

  protected readonly appointment = loader(() => this.api.get(this.id()), false);
  protected readonly slots = loader(() => this.directory.slots(this.appointment.value()?.doctor.id ?? ''), false);
  protected readonly selected = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);

  constructor() {
    effect(() => {
      this.id();
      untracked(() => this.appointment.load());
    });
    effect(() => {
      if (this.appointment.value()) untracked(() => this.slots.load());
    });
  }

  protected submit(): void {
    const startsAt = this.selected();
    if (!startsAt) return;
    this.busy.set(true);
    this.message.set(null);
    this.api.reschedule(this.id(), startsAt).subscribe({
      next: (a) => {
        this.busy.set(false);
        this.toasts.success(`Moved to ${this.clinic.format(a.startsAt)}.`);
        void this.router.navigate(['/patient/appointments']);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        const problem = toProblem(e);
        this.message.set(
          problem.status === 409
            ? conflictMessage(problem)
            : `${problemMessage(problem)} The free times have been refreshed.`,
        );
        this.selected.set(null);
        this.slots.load();
      },
    });
  }
}
