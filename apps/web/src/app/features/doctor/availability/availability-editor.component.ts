import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import type { AvailabilityWindow } from '@hms/api-client';
import { SLOT_MINUTES_DEFAULT, SLOT_MINUTES_MAX, SLOT_MINUTES_MIN } from '@hms/shared';
import { FormState } from '../../../core/forms/form-state';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { addDays, ClinicTime, dateLabel } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { DateInputComponent } from '../../../shared/ui/date-input.component';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { DoctorAvailabilityApi, NewWindow } from '../doctor.api';

/** Days shown and offered by the editor; the API refuses dates beyond the booking horizon with an explanation. */

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Client-side rules of a window: end after start, and the slot length divides it. */
export function windowRules(group: AbstractControl): ValidationErrors | null {
  const { startTime, endTime, slotMinutes } = group.value as {
    startTime: string;
    endTime: string;
    slotMinutes: number;
  };
  if (!startTime || !endTime) return null;
  const length = minutesOf(endTime) - minutesOf(startTime);
  if (length <= 0) return { window: 'The window must end after it starts.' };
  if (slotMinutes > 0 && length % slotMinutes !== 0) {
    return { window: `A ${length}-minute window cannot be cut into ${slotMinutes}-minute slots.` };
  }
  return null;
}

@Component({
  selector: 'hms-availability-editor',
  imports: [ReactiveFormsModule, DateInputComponent, LoadingComponent, EmptyStateComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Availability</h1>
    <p class="text-secondary">
      Publish the hours patients can book in the coming days. Times are in the clinic's time zone ({{
        clinic.timeZone()
      }}).
    </p>
    <div class="row g-4">
      <section class="col-lg-5" aria-labelledby="add-window-title">
        <form class="card card-body" [formGroup]="state.form" (ngSubmit)="add()" novalidate>
          <h2 id="add-window-title" class="h5">Add a window</h2>
          @if (state.formError(); as error) {
            <div class="alert alert-danger" role="alert" data-testid="window-error">{{ error }}</div>
          }
          <div class="mb-3">
            <label for="window-date" class="form-label">Date</label>
            <hms-date-input
              inputId="window-date"
              formControlName="date"
              [min]="from()"
              [max]="to()"
              [invalid]="state.invalid('date')"
              describedBy="window-date-error"
            />
            <div id="window-date-error" class="invalid-feedback">{{ state.message('date', 'Date') }}</div>
          </div>
          <div class="row g-2">
            <div class="col-6 mb-3">
              <label for="window-start" class="form-label">From</label>
              <input
                id="window-start"
                type="time"
                step="300"
                class="form-control"
                formControlName="startTime"
                [class.is-invalid]="state.invalid('startTime')"
                aria-describedby="window-start-error"
              />
              <div id="window-start-error" class="invalid-feedback">{{ state.message('startTime', 'Start') }}</div>
            </div>
            <div class="col-6 mb-3">
              <label for="window-end" class="form-label">Until</label>
              <input
                id="window-end"
                type="time"
                step="300"
                class="form-control"
                formControlName="endTime"
                [class.is-invalid]="state.invalid('endTime')"
                aria-describedby="window-end-error"
              />
              <div id="window-end-error" class="invalid-feedback">{{ state.message('endTime', 'End') }}</div>
            </div>
          </div>
          <div class="mb-3">
            <label for="window-slot" class="form-label">Slot length (minutes)</label>
            <select
              id="window-slot"
              class="form-select"
              formControlName="slotMinutes"
              [class.is-invalid]="state.invalid('slotMinutes')"
              aria-describedby="window-slot-error"
            >
              @for (m of slotChoices; track m) {
                <option [ngValue]="m">{{ m }}</option>
              }
            </select>
            <div id="window-slot-error" class="invalid-feedback">{{ state.message('slotMinutes', 'Slot length') }}</div>
          </div>
          @if (windowError(); as w) {
            <div class="alert alert-warning py-2" role="alert">{{ w }}</div>
          }
          <div>
            <button type="submit" class="btn btn-primary" [disabled]="state.busy()" data-testid="add-window">
              Add window
            </button>
          </div>
        </form>
      </section>
      <section class="col-lg-7" aria-labelledby="windows-title">
        <h2 id="windows-title" class="h5">Published windows ({{ rangeLabel() }})</h2>
        <hms-error-box [message]="windows.error()" />
        @if (windows.loading() && !windows.value()) {
          <hms-loading />
        } @else if (groups().length === 0 && !windows.error()) {
          <hms-empty text="No availability published for the coming days." />
        } @else {
          @for (g of groups(); track g.date) {
            <div class="card mb-2">
              <div class="card-header bg-white fw-semibold">{{ g.label }}</div>
              <ul class="list-group list-group-flush">
                @for (w of g.windows; track w.id) {
                  <li
                    class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2"
                    data-testid="window"
                  >
                    <span>
                      {{ w.startTime }}–{{ w.endTime }}
                      <span class="text-secondary small">· {{ w.slotMinutes }} min slots ({{ slotCount(w) }})</span>
                    </span>
                    <button
                      type="button"
                      class="btn btn-sm btn-outline-danger"
                      (click)="remove(w)"
                      [disabled]="busyId() === w.id"
                      [attr.aria-label]="'Remove window ' + w.startTime + ' to ' + w.endTime + ' on ' + g.label"
                    >
                      Remove
                    </button>
                  </li>
                }
              </ul>
            </div>
          }
        }
      </section>
    </div>
  `,
})
export class AvailabilityEditorComponent {
  private readonly api = inject(DoctorAvailabilityApi);
  private readonly toasts = inject(ToastService);
  private readonly confirm = inject(ConfirmService);
  protected readonly clinic = inject(ClinicTime);

  protected readonly slotChoices = [10, 15, 20, 30, 45, 60, 90, 120].filter(
    (m) => m >= SLOT_MINUTES_MIN && m <= SLOT_MINUTES_MAX,
  );
  protected readonly from = signal(this.clinic.today());
  protected readonly to = computed(() => addDays(this.from(), this.clinic.horizonDays()));
  protected readonly rangeLabel = computed(() => `${dateLabel(this.from())} – ${dateLabel(this.to())}`);
  protected readonly busyId = signal<string | null>(null);

  protected readonly windows = loader(() => this.api.list(this.from(), this.to()));
  protected readonly groups = computed(() => {
    const map = new Map<string, AvailabilityWindow[]>();
    const sorted = [...(this.windows.value() ?? [])].sort((a, b) =>
      a.date === b.date ? a.startTime.localeCompare(b.startTime) : a.date.localeCompare(b.date),
    );
    for (const w of sorted) map.set(w.date, [...(map.get(w.date) ?? []), w]);
    return [...map.entries()].map(([date, windows]) => ({ date, label: dateLabel(date), windows }));
  });

  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group(
      {
        date: [addDays(this.clinic.today(), 1), Validators.required],
        startTime: ['09:00', Validators.required],
        endTime: ['12:00', Validators.required],
        slotMinutes: [
          SLOT_MINUTES_DEFAULT,
          [Validators.required, Validators.min(SLOT_MINUTES_MIN), Validators.max(SLOT_MINUTES_MAX)],
        ],
      },
      { validators: windowRules },
    ),
  );

  protected windowError(): string | null {
    const err = this.state.form.errors?.['window'] as string | undefined;
    return err && (this.state.submitted() || this.state.form.dirty) ? err : null;
  }

  protected slotCount(w: AvailabilityWindow): number {
    return Math.floor((minutesOf(w.endTime) - minutesOf(w.startTime)) / w.slotMinutes);
  }

  protected add(): void {
    if (!this.state.begin()) return;
    const body: NewWindow = this.state.form.getRawValue();
    this.api.add(body).subscribe({
      next: () => {
        this.state.done();
        this.state.submitted.set(false);
        this.toasts.success(`Published ${body.startTime}–${body.endTime} on ${dateLabel(body.date)}.`);
        this.windows.load();
      },
      error: (e: unknown) => {
        const problem = this.state.fail(e);
        if (problem.status === 409) {
          this.state.formError.set(
            `${problemMessage(problem)} This window overlaps one you already published on ${dateLabel(body.date)}: change the hours or remove the other window first.`,
          );
        } else if (problem.status === 422) {
          this.state.formError.set(
            `${problemMessage(problem)} Windows can be published from today up to the clinic's booking horizon, with a slot length that divides the window.`,
          );
        }
      },
    });
  }

  protected async remove(w: AvailabilityWindow): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Remove window',
      text: `Remove ${w.startTime}–${w.endTime} on ${dateLabel(w.date)}? Patients can no longer book these times.`,
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) return;
    this.busyId.set(w.id);
    this.api.remove(w.id).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success('Window removed.');
        this.windows.load();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        const problem = toProblem(e);
        this.toasts.error(
          problem.status === 409
            ? `${problemMessage(problem)} A booked appointment lies inside this window: cancel or move it first.`
            : problemMessage(problem),
        );
      },
    });
  }
}
