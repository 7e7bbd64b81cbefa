import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { Appointment, TimeOffDto } from '@hms/api-client';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { addDays, ClinicTime, dateLabel } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { DoctorWeekApi } from '../doctor.api';
import { DateInputComponent, UNREADABLE_DATE } from '../../../shared/ui/date-input.component';

/**
 * The doctor's time off: a form that names the booked visits a new time off
 * would cancel (and takes it off with them on request), and the time off ahead.
 * `changed` fires after each addition or removal.
 */
@Component({
  selector: 'hms-time-off',
  imports: [FormsModule, DateInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card card-body mb-3" (ngSubmit)="addTimeOff(false)" novalidate data-testid="time-off-form">
      <h2 id="time-off-title" class="h5">Take time off</h2>
      @if (offError(); as e) {
        <div class="alert alert-danger" role="alert" data-testid="time-off-error">{{ e }}</div>
      }
      <div class="mb-2">
        <label for="off-date" class="form-label">Date</label>
        <hms-date-input
          inputId="off-date"
          name="offDate"
          [min]="clinic.today()"
          [ngModel]="offDate()"
          (ngModelChange)="offDate.set($event)"
        />
      </div>
      <div class="form-check mb-2">
        <input
          id="off-whole"
          name="offWhole"
          type="checkbox"
          class="form-check-input"
          [ngModel]="offWholeDay()"
          (ngModelChange)="offWholeDay.set($event)"
        />
        <label for="off-whole" class="form-check-label">The whole day</label>
      </div>
      @if (!offWholeDay()) {
        <div class="row g-2 mb-2">
          <div class="col-6">
            <label for="off-start" class="form-label">From</label>
            <input
              id="off-start"
              name="offStart"
              type="time"
              step="300"
              class="form-control"
              [ngModel]="offStart()"
              (ngModelChange)="offStart.set($event)"
            />
          </div>
          <div class="col-6">
            <label for="off-end" class="form-label">Until</label>
            <input
              id="off-end"
              name="offEnd"
              type="time"
              step="300"
              class="form-control"
              [ngModel]="offEnd()"
              (ngModelChange)="offEnd.set($event)"
            />
          </div>
        </div>
      }
      <div class="mb-2">
        <label for="off-reason" class="form-label">Reason (told to patients whose visits it cancels)</label>
        <input
          id="off-reason"
          name="offReason"
          class="form-control"
          maxlength="500"
          [ngModel]="offReason()"
          (ngModelChange)="offReason.set($event)"
        />
      </div>
      @if (affected().length > 0) {
        <div class="alert alert-warning" role="alert" data-testid="affected-visits">
          <p class="mb-1">These booked visits fall in that time:</p>
          <ul class="mb-2">
            @for (a of affected(); track a.id) {
              <li>{{ clinic.format(a.startsAt) }} · {{ a.patient.fullName }}</li>
            }
          </ul>
          <button
            type="button"
            class="btn btn-sm btn-danger"
            (click)="addTimeOff(true)"
            data-testid="cancel-and-take-off"
          >
            Cancel these visits and take the time off
          </button>
        </div>
      }
      <div>
        <button type="submit" class="btn btn-primary" [disabled]="saving()" data-testid="add-time-off">
          Take time off
        </button>
      </div>
    </form>
    <h3 class="h6">Time off ahead</h3>
    <ul class="list-group" data-testid="time-off-list">
      @for (o of upcomingOff(); track o.id) {
        <li class="list-group-item d-flex justify-content-between align-items-center">
          <span
            >{{ label(o.date) }} · {{ o.wholeDay ? 'whole day' : o.startTime + '–' + o.endTime }}
            @if (o.reason) {
              <span class="text-secondary small">· {{ o.reason }}</span>
            }
          </span>
          <button type="button" class="btn btn-sm btn-outline-danger" (click)="removeTimeOff(o)">Remove</button>
        </li>
      } @empty {
        <li class="list-group-item text-secondary">No time off planned.</li>
      }
    </ul>
  `,
})
export class TimeOffComponent {
  private readonly api = inject(DoctorWeekApi);
  private readonly toasts = inject(ToastService);
  private readonly confirm = inject(ConfirmService);
  protected readonly clinic = inject(ClinicTime);

  readonly changed = output<void>();

  protected readonly saving = signal(false);
  protected readonly offDate = signal(addDays(this.clinic.today(), 1));
  protected readonly offWholeDay = signal(true);
  protected readonly offStart = signal('13:00');
  protected readonly offEnd = signal('17:00');
  protected readonly offReason = signal('');
  protected readonly offError = signal<string | null>(null);
  protected readonly affected = signal<Appointment[]>([]);

  protected readonly ahead = loader(() => this.api.timeOff(this.clinic.today(), addDays(this.clinic.today(), 366)));
  protected readonly upcomingOff = computed(() => this.ahead.value() ?? []);

  protected label(date: string): string {
    return dateLabel(date, true);
  }

  protected addTimeOff(cancelBooked: boolean): void {
    this.offError.set(null);
    if (!this.offDate()) {
      this.offError.set(`Choose the day off. ${UNREADABLE_DATE}`);
      return;
    }
    const body = {
      date: this.offDate(),
      ...(this.offWholeDay() ? {} : { startTime: this.offStart(), endTime: this.offEnd() }),
      ...(this.offReason().trim() ? { reason: this.offReason().trim() } : {}),
      ...(cancelBooked ? { cancelBooked: true } : {}),
    };
    this.saving.set(true);
    this.api.addTimeOff(body).subscribe({
      next: (created) => {
        this.saving.set(false);
        this.affected.set([]);
        const cancelled = created.cancelledAppointments?.length ?? 0;
        this.toasts.success(
          cancelled > 0
            ? `Time off saved; ${cancelled} visit(s) cancelled and the patients told.`
            : `Time off saved for ${dateLabel(created.date)}.`,
        );
        this.changed.emit();
        this.ahead.load();
      },
      error: (e: unknown) => {
        this.saving.set(false);
        const problem = toProblem(e) as ReturnType<typeof toProblem> & { appointments?: Appointment[] };
        if (problem.status === 409 && Array.isArray(problem.appointments)) {
          this.affected.set(problem.appointments);
          this.offError.set('Booked visits fall in this time. Cancel them with the time off, or pick other hours.');
        } else {
          this.offError.set(problemMessage(problem));
        }
      },
    });
  }

  protected async removeTimeOff(o: TimeOffDto): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Remove time off',
      text: `Remove your time off on ${dateLabel(o.date, true)}? Patients can book those hours again.`,
      confirmLabel: 'Remove',
    });
    if (!ok) return;
    this.api.removeTimeOff(o.id).subscribe({
      next: () => {
        this.toasts.success('Time off removed.');
        this.changed.emit();
        this.ahead.load();
      },
      error: (e: unknown) => this.toasts.error(problemMessage(toProblem(e))),
    });
  }
}
