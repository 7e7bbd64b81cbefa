import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { DATE_OF_BIRTH_IN_FUTURE } from '../../../core/forms/date-of-birth';
import { ClinicTime } from '../../../core/time/clinic-time';
import { FormsModule } from '@angular/forms';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { DeskApi, type DeskPatient } from '../desk.api';
import { DateInputComponent } from '../../../shared/ui/date-input.component';

/** Registers a patient who walks in or phones; with an email they are invited to set a password. */
@Component({
  selector: 'hms-walk-in-form',
  imports: [FormsModule, DateInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (ngSubmit)="submit()" novalidate data-testid="walk-in-form">
      <div class="mb-2">
        <label for="walkin-name" class="form-label">Full name</label>
        <input id="walkin-name" class="form-control" name="fullName" required maxlength="120" [(ngModel)]="fullName" />
      </div>
      <div class="row g-2 mb-2">
        <div class="col-sm-6">
          <label for="walkin-dob" class="form-label">Date of birth</label>
          <hms-date-input
            inputId="walkin-dob"
            name="dateOfBirth"
            placeholder="e.g. 7 Dec 1990"
            calendarLabel="Choose the date of birth from a calendar"
            [required]="true"
            [max]="clinic.today()"
            [(ngModel)]="dateOfBirth"
          />
        </div>
        <div class="col-sm-6">
          <label for="walkin-phone" class="form-label">Phone</label>
          <input
            id="walkin-phone"
            type="tel"
            class="form-control"
            name="phone"
            required
            maxlength="32"
            [(ngModel)]="phone"
          />
        </div>
      </div>
      <div class="mb-2">
        <label for="walkin-email" class="form-label">Email (optional)</label>
        <input
          id="walkin-email"
          type="email"
          class="form-control"
          name="email"
          maxlength="254"
          [(ngModel)]="email"
          aria-describedby="walkin-email-help"
        />
        <div id="walkin-email-help" class="form-text">
          With an email the patient is invited to set a password; without one they have no sign-in.
        </div>
      </div>
      @if (error()) {
        <div class="alert alert-danger" role="alert">{{ error() }}</div>
      }
      <div class="d-flex gap-2">
        <button type="submit" class="btn btn-primary" [disabled]="busy()" data-testid="walk-in-submit">
          Register patient
        </button>
        <button type="button" class="btn btn-outline-secondary" (click)="cancelled.emit()">Back</button>
      </div>
    </form>
  `,
})
export class WalkInFormComponent {
  private readonly api = inject(DeskApi);
  protected readonly clinic = inject(ClinicTime);
  readonly registered = output<DeskPatient>();
  readonly cancelled = output<void>();
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected fullName = '';
  protected dateOfBirth = '';
  protected phone = '';
  protected email = '';

  protected submit(): void {
    if (!this.fullName.trim() || !this.dateOfBirth || !this.phone.trim()) {
      this.error.set('Name, date of birth and phone are needed.');
      return;
    }
    if (this.dateOfBirth > this.clinic.today()) {
      this.error.set(DATE_OF_BIRTH_IN_FUTURE);
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    const email = this.email.trim();
    this.api
      .register({
        fullName: this.fullName.trim(),
        dateOfBirth: this.dateOfBirth,
        phone: this.phone.trim(),
        ...(email ? { email } : {}),
      })
      .subscribe({
        next: (p) => {
          this.busy.set(false);
          this.registered.emit(p);
        },
        error: (e: unknown) => {
          this.busy.set(false);
          this.error.set(problemMessage(toProblem(e)));
        },
      });
  }
}
