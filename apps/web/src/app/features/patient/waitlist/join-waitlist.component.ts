import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { addDays, ClinicTime } from '../../../core/time/clinic-time';
import { PatientWaitlistApi } from '../patient.api';
import { DateInputComponent } from '../../../shared/ui/date-input.component';

/** "No free time? Join the waitlist" for one doctor, between two dates of the booking horizon. */
@Component({
  selector: 'hms-join-waitlist',
  imports: [FormsModule, DateInputComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="card card-body bg-light" data-testid="join-waitlist">
      <h3 class="h6">No time that suits you? Join the waitlist</h3>
      <p class="small text-secondary mb-2">
        When a time in your dates frees up, it is held for you for a while and you get an email to book it.
      </p>
      @if (joined()) {
        <div class="alert alert-success mb-0" role="status">
          You are on the waitlist. <a routerLink="/patient/waitlist">See your waitlists and offers</a>.
        </div>
      } @else {
        <form class="row g-2 align-items-end" (ngSubmit)="join()" novalidate>
          <div class="col-auto">
            <label for="wl-from" class="form-label small">From</label>
            <hms-date-input
              inputId="wl-from"
              name="from"
              size="sm"
              [min]="today"
              [max]="last"
              [ngModel]="from()"
              (ngModelChange)="from.set($event)"
            />
          </div>
          <div class="col-auto">
            <label for="wl-to" class="form-label small">Until</label>
            <hms-date-input
              inputId="wl-to"
              name="to"
              size="sm"
              [min]="today"
              [max]="last"
              [ngModel]="to()"
              (ngModelChange)="to.set($event)"
            />
          </div>
          <div class="col-auto">
            <button
              type="submit"
              class="btn btn-sm btn-outline-primary"
              [disabled]="busy()"
              data-testid="join-waitlist-button"
            >
              Join the waitlist
            </button>
          </div>
        </form>
        @if (error(); as e) {
          <div class="alert alert-warning mt-2 mb-0 py-2" role="alert">{{ e }}</div>
        }
      }
    </div>
  `,
})
export class JoinWaitlistComponent {
  private readonly api = inject(PatientWaitlistApi);
  private readonly clinic = inject(ClinicTime);
  readonly doctorId = input.required<string>();
  protected readonly today = this.clinic.today();
  protected readonly last = addDays(this.today, this.clinic.horizonDays());
  protected readonly from = signal(this.today);
  protected readonly to = signal(this.last);
  protected readonly busy = signal(false);
  protected readonly joined = signal(false);
  protected readonly error = signal<string | null>(null);

  protected join(): void {
    this.busy.set(true);
    this.error.set(null);
    this.api.join(this.doctorId(), this.from(), this.to()).subscribe({
      next: () => {
        this.busy.set(false);
        this.joined.set(true);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(problemMessage(toProblem(e)));
      },
    });
  }
}
