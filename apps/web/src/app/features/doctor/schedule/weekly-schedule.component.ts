import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { AvailabilityWindow, TimeOffDto } from '@hms/api-client';
import { isoWeekday as weekdayOf, WEEKDAY_NAMES } from '@hms/shared';
import { forkJoin } from 'rxjs';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { addDays, ClinicTime, dateLabel } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { DoctorAvailabilityApi, DoctorWeekApi } from '../doctor.api';
import { TimeOffComponent } from './time-off.component';

interface EditableWindow {
  startTime: string;
  endTime: string;
}

/**
 * The doctor's week: a grid of the recurring template, that week's extra date
 * windows and time off, and one form for the whole template. Time off (with
 * the visits it would cancel) is its own component beside the form.
 */
@Component({
  selector: 'hms-weekly-schedule',
  imports: [FormsModule, LoadingComponent, ErrorBoxComponent, TimeOffComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .week-grid {
      display: grid;
      gap: 0.5rem;
      grid-template-columns: minmax(0, 1fr);
    }
    @media (min-width: 768px) {
      .week-grid {
        grid-template-columns: repeat(7, minmax(0, 1fr));
      }
    }
  `,
  template: `
    <h1 class="page-title">Weekly schedule</h1>
    <p class="text-secondary">
      Your recurring week repeats on every date; patients can book up to {{ clinic.horizonDays() }} days ahead. Times
      are in the clinic's time zone ({{ clinic.timeZone() }}).
    </p>

    <section aria-labelledby="grid-title" class="mb-4">
      <div class="d-flex flex-wrap align-items-center gap-2 mb-2">
        <h2 id="grid-title" class="h5 mb-0 me-auto">Week of {{ weekLabel() }}</h2>
        <button type="button" class="btn btn-sm btn-outline-secondary" (click)="shiftWeek(-7)">← Previous week</button>
        <button type="button" class="btn btn-sm btn-outline-secondary" (click)="shiftWeek(7)">Next week →</button>
      </div>
      <hms-error-box [message]="week.error()" />
      @if (week.loading() && !week.value()) {
        <hms-loading />
      }
      <div class="week-grid" data-testid="week-grid">
        @for (day of days(); track day.date) {
          <div>
            <div class="card h-100" [attr.data-date]="day.date">
              <div class="card-header bg-white small fw-semibold">{{ day.label }}</div>
              <ul class="list-unstyled small m-0 p-2 d-grid gap-1">
                @for (w of day.template; track $index) {
                  <li class="badge text-bg-primary text-wrap" data-testid="grid-template">
                    {{ w.startTime }}–{{ w.endTime }}
                  </li>
                }
                @for (w of day.extra; track w.id) {
                  <li class="badge text-bg-success text-wrap" data-testid="grid-extra">
                    + {{ w.startTime }}–{{ w.endTime }}
                  </li>
                }
                @for (o of day.off; track o.id) {
                  <li class="badge text-bg-danger text-wrap" data-testid="grid-time-off">
                    Off {{ o.wholeDay ? 'all day' : o.startTime + '–' + o.endTime }}
                  </li>
                }
                @if (day.template.length === 0 && day.extra.length === 0 && day.off.length === 0) {
                  <li class="text-secondary">Not working</li>
                }
              </ul>
            </div>
          </div>
        }
      </div>
      <p class="small text-secondary mt-2 mb-0">
        <span class="badge text-bg-primary">weekly</span> recurring hours ·
        <span class="badge text-bg-success">+</span> extra hours on one date ·
        <span class="badge text-bg-danger">off</span> time off
      </p>
    </section>

    <div class="row g-4">
      <section class="col-lg-7" aria-labelledby="template-title">
        <form class="card card-body" (ngSubmit)="saveTemplate()" novalidate data-testid="template-form">
          <h2 id="template-title" class="h5">Recurring week</h2>
          @if (templateError(); as e) {
            <div class="alert alert-danger" role="alert" data-testid="template-error">{{ e }}</div>
          }
          @for (wd of weekdays; track wd) {
            <fieldset class="mb-2 border-bottom pb-2" [attr.data-weekday]="wd">
              <legend class="h6 mb-1">{{ weekdayNames[wd - 1] }}</legend>
              @for (w of draft()[wd]; track $index; let i = $index) {
                <div class="d-flex align-items-center gap-2 mb-1">
                  <label class="visually-hidden" [for]="'t-' + wd + '-' + i + '-start'">From</label>
                  <input
                    type="time"
                    step="300"
                    class="form-control form-control-sm w-auto"
                    [id]="'t-' + wd + '-' + i + '-start'"
                    [name]="'t-' + wd + '-' + i + '-start'"
                    [ngModel]="w.startTime"
                    (ngModelChange)="setTime(wd, i, 'startTime', $event)"
                  />
                  <span>–</span>
                  <label class="visually-hidden" [for]="'t-' + wd + '-' + i + '-end'">Until</label>
                  <input
                    type="time"
                    step="300"
                    class="form-control form-control-sm w-auto"
                    [id]="'t-' + wd + '-' + i + '-end'"
                    [name]="'t-' + wd + '-' + i + '-end'"
                    [ngModel]="w.endTime"
                    (ngModelChange)="setTime(wd, i, 'endTime', $event)"
                  />
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-danger"
                    (click)="removeWindow(wd, i)"
                    [attr.aria-label]="'Remove ' + weekdayNames[wd - 1] + ' window ' + (i + 1)"
                  >
                    ✕
                  </button>
                </div>
              }
              <button
                type="button"
                class="btn btn-sm btn-link px-0"
                (click)="addWindow(wd)"
                [attr.data-testid]="'add-window-' + wd"
              >
                + Add hours
              </button>
            </fieldset>
          }
          <div class="row g-2 mt-1">
            <div class="col-sm-4">
              <label for="slot-minutes" class="form-label">Slot length (min)</label>
              <input
                id="slot-minutes"
                name="slotMinutes"
                type="number"
                min="5"
                max="240"
                class="form-control"
                [ngModel]="slotMinutes()"
                (ngModelChange)="slotMinutes.set(+$event)"
              />
            </div>
            <div class="col-sm-4">
              <label for="buffer-minutes" class="form-label">Break between slots (min)</label>
              <input
                id="buffer-minutes"
                name="bufferMinutes"
                type="number"
                min="0"
                max="120"
                class="form-control"
                [ngModel]="bufferMinutes()"
                (ngModelChange)="bufferMinutes.set(+$event)"
              />
            </div>
            <div class="col-sm-4">
              <label for="notice-minutes" class="form-label">Minimum notice (min)</label>
              <input
                id="notice-minutes"
                name="minNoticeMinutes"
                type="number"
                min="0"
                max="20160"
                class="form-control"
                [ngModel]="minNoticeMinutes()"
                (ngModelChange)="minNoticeMinutes.set(+$event)"
              />
            </div>
          </div>
          <p class="small text-secondary mt-2">Saving never touches visits already booked.</p>
          <div>
            <button type="submit" class="btn btn-primary" [disabled]="saving()" data-testid="save-template">
              Save week
            </button>
          </div>
        </form>
      </section>

      <section class="col-lg-5" aria-labelledby="time-off-title">
        <hms-time-off (changed)="week.load()" />
      </section>
    </div>
  `,
})
export class WeeklyScheduleComponent {
  private readonly api = inject(DoctorWeekApi);
  private readonly windowsApi = inject(DoctorAvailabilityApi);
  private readonly toasts = inject(ToastService);
  protected readonly clinic = inject(ClinicTime);

  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected readonly weekdayNames = WEEKDAY_NAMES;
  protected readonly monday = signal(addDays(this.clinic.today(), 1 - weekdayOf(this.clinic.today())));
  protected readonly weekLabel = computed(() => dateLabel(this.monday(), true));

  protected readonly draft = signal<Record<number, EditableWindow[]>>({});
  protected readonly slotMinutes = signal(30);
  protected readonly bufferMinutes = signal(0);
  protected readonly minNoticeMinutes = signal(0);
  protected readonly saving = signal(false);
  protected readonly templateError = signal<string | null>(null);

  protected readonly schedule = loader(() => this.api.schedule());
  protected readonly week = loader(() => {
    const from = this.monday();
    const to = addDays(from, 6);
    return forkJoin({ windows: this.windowsApi.list(from, to), off: this.api.timeOff(from, to) });
  });

  protected readonly days = computed(() => {
    const saved = this.schedule.value()?.weekly ?? [];
    const week = this.week.value();
    return this.weekdays.map((wd) => {
      const date = addDays(this.monday(), wd - 1);
      return {
        date,
        label: dateLabel(date),
        template: saved.filter((w) => w.weekday === wd),
        extra: (week?.windows ?? []).filter((w: AvailabilityWindow) => w.date === date),
        off: (week?.off ?? []).filter((o: TimeOffDto) => o.date === date),
      };
    });
  });

  constructor() {
    // Fill the form whenever the saved week arrives (first load and after each save).
    effect(() => {
      const v = this.schedule.value();
      if (!v) return;
      untracked(() => {
        const d: Record<number, EditableWindow[]> = {};
        for (const wd of this.weekdays) {
          d[wd] = v.weekly.filter((w) => w.weekday === wd).map((w) => ({ startTime: w.startTime, endTime: w.endTime }));
        }
        this.draft.set(d);
        this.slotMinutes.set(v.slotMinutes);
        this.bufferMinutes.set(v.bufferMinutes);
        this.minNoticeMinutes.set(v.minNoticeMinutes);
      });
    });
  }

  protected shiftWeek(days: number): void {
    this.monday.set(addDays(this.monday(), days));
    this.week.load();
  }

  protected addWindow(wd: number): void {
    const list = this.draft()[wd] ?? [];
    const last = list[list.length - 1];
    const next = last ? { startTime: last.endTime, endTime: last.endTime } : { startTime: '09:00', endTime: '12:00' };
    if (last) next.endTime = last.endTime < '17:00' ? '17:00' : last.endTime;
    this.draft.set({ ...this.draft(), [wd]: [...list, next] });
  }

  protected removeWindow(wd: number, i: number): void {
    this.draft.set({ ...this.draft(), [wd]: (this.draft()[wd] ?? []).filter((_, j) => j !== i) });
  }

  protected setTime(wd: number, i: number, field: keyof EditableWindow, value: string): void {
    const list = [...(this.draft()[wd] ?? [])];
    list[i] = { ...list[i], [field]: value };
    this.draft.set({ ...this.draft(), [wd]: list });
  }

  protected saveTemplate(): void {
    this.templateError.set(null);
    const weekly = this.weekdays.flatMap((weekday) =>
      (this.draft()[weekday] ?? []).map((w) => ({ weekday, startTime: w.startTime, endTime: w.endTime })),
    );
    this.saving.set(true);
    this.api
      .saveSchedule({
        weekly,
        slotMinutes: this.slotMinutes(),
        bufferMinutes: this.bufferMinutes(),
        minNoticeMinutes: this.minNoticeMinutes(),
      })
      .subscribe({
        next: (saved) => {
          this.saving.set(false);
          this.schedule.value.set(saved);
          this.toasts.success('Weekly schedule saved.');
        },
        error: (e: unknown) => {
          this.saving.set(false);
          this.templateError.set(problemMessage(toProblem(e)));
        },
      });
  }
}
