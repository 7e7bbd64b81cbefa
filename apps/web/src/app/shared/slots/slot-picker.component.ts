import { ChangeDetectionStrategy, Component, computed, effect, inject, input, model, signal } from '@angular/core';
import type { Slot } from '@hms/api-client';
import { ClinicTime, dateLabel } from '../../core/time/clinic-time';

interface SlotDay {
  date: string;
  label: string;
  slots: { slot: Slot; time: string }[];
  free: number;
}

/**
 * Free and taken slots of the coming days, grouped by clinic date.
 * Plain buttons: Tab moves between them, Enter or Space picks one.
 */
@Component({
  selector: 'hms-slot-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Focus and selection look different: focus is a ring around an unchanged button,
  // selection fills it and adds a check mark (so it does not rely on colour alone).
  styles: `
    .slot-btn:focus-visible {
      outline: 3px solid var(--bs-emphasis-color);
      outline-offset: 2px;
      box-shadow: none;
    }
    .slot-btn.btn-outline-success:focus-visible {
      background-color: transparent;
      color: var(--bs-success-text-emphasis);
    }
    .slot-btn.selected {
      font-weight: 600;
    }
    .slot-check {
      margin-right: 0.25rem;
    }
  `,
  template: `
    <p class="small text-secondary mb-2">
      Times are in the clinic's time zone ({{ clinic.timeZone() }}).
      <span class="d-inline-flex align-items-center gap-1 ms-2"
        ><span class="badge text-bg-light border">09:00</span> free</span
      >
      <span class="d-inline-flex align-items-center gap-1 ms-2"
        ><span class="badge text-bg-light border text-decoration-line-through text-secondary">09:00</span> taken</span
      >
    </p>
    @if (days().length === 0) {
      <div class="alert alert-secondary mb-0">No published times in the coming days.</div>
    } @else {
      <div class="d-flex flex-wrap gap-2 mb-3" role="group" aria-label="Day">
        @for (day of days(); track day.date) {
          <button
            type="button"
            class="btn btn-sm"
            [class.btn-primary]="day.date === activeDate()"
            [class.btn-outline-primary]="day.date !== activeDate()"
            [attr.aria-pressed]="day.date === activeDate()"
            [attr.data-date]="day.date"
            (click)="activeDate.set(day.date)"
          >
            {{ day.label }} <span class="badge text-bg-light ms-1">{{ day.free }} free</span>
          </button>
        }
      </div>
      @if (activeDay(); as day) {
        <p class="visually-hidden" id="slot-help">
          Use the arrow keys to move between free times, Space or Enter to choose.
        </p>
        <div
          class="slot-grid"
          role="group"
          [attr.aria-label]="'Times on ' + day.label"
          aria-describedby="slot-help"
          (keydown)="onKey($event)"
        >
          @for (item of day.slots; track item.slot.startsAt) {
            <button
              type="button"
              class="btn btn-sm slot-btn"
              [class.btn-success]="item.slot.startsAt === selected()"
              [class.selected]="item.slot.startsAt === selected()"
              [class.btn-outline-success]="item.slot.available && item.slot.startsAt !== selected()"
              [class.btn-light]="!item.slot.available"
              [class.taken]="!item.slot.available"
              [disabled]="!item.slot.available"
              [attr.aria-pressed]="item.slot.startsAt === selected()"
              [attr.aria-label]="item.time + (item.slot.available ? ', free' : ', taken')"
              [attr.data-starts-at]="item.slot.startsAt"
              [attr.tabindex]="item.slot.startsAt === tabStop() ? 0 : -1"
              (focus)="focused.set(item.slot.startsAt)"
              (click)="selected.set(item.slot.startsAt)"
            >
              @if (item.slot.startsAt === selected()) {
                <span class="slot-check" aria-hidden="true">✓</span>
              }
              {{ item.time }}
            </button>
          }
        </div>
      }
    }
  `,
})
export class SlotPickerComponent {
  protected readonly clinic = inject(ClinicTime);
  readonly slots = input.required<readonly Slot[]>();
  readonly selected = model<string | null>(null);
  /** The clinic date to open on (e.g. the day of the visit being moved) when it has times and none is selected. */
  readonly initialDate = input<string | null>(null);
  protected readonly activeDate = signal<string | null>(null);

  protected readonly days = computed<SlotDay[]>(() => {
    const byDate = new Map<string, SlotDay>();
    const sorted = [...this.slots()].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    for (const slot of sorted) {
      const date = this.clinic.dateOf(slot.startsAt);
      let day = byDate.get(date);
      if (!day) {
        day = { date, label: dateLabel(date), slots: [], free: 0 };
        byDate.set(date, day);
      }
      day.slots.push({ slot, time: this.clinic.format(slot.startsAt, 'time') });
      if (slot.available) day.free++;
    }
    return [...byDate.values()];
  });

  protected readonly activeDay = computed(() => this.days().find((d) => d.date === this.activeDate()) ?? null);

  /** The grid is one tab stop (roving tabindex): the focused, else the selected, else the first free time. */
  protected readonly focused = signal<string | null>(null);
  protected readonly tabStop = computed(() => {
    const free = (this.activeDay()?.slots ?? []).filter((s) => s.slot.available).map((s) => s.slot.startsAt);
    for (const candidate of [this.focused(), this.selected()]) {
      if (candidate && free.includes(candidate)) return candidate;
    }
    return free[0] ?? null;
  });

  protected onKey(event: KeyboardEvent): void {
    const moves: Record<string, (i: number, n: number) => number> = {
      ArrowRight: (i, n) => (i + 1) % n,
      ArrowDown: (i, n) => (i + 1) % n,
      ArrowLeft: (i, n) => (i - 1 + n) % n,
      ArrowUp: (i, n) => (i - 1 + n) % n,
      Home: () => 0,
      End: (_i, n) => n - 1,
    };
    const move = moves[event.key];
    const grid = event.currentTarget as HTMLElement | null;
    if (!move || !grid) return;
    const buttons = [...grid.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
    if (buttons.length === 0) return;
    event.preventDefault();
    const current = buttons.indexOf(event.target as HTMLButtonElement);
    buttons[move(Math.max(current, 0), buttons.length)]?.focus();
  }

  constructor() {
    // Keep a valid day chosen: the selected slot's day, else the initial date, else the first day with a free slot.
    effect(() => {
      const days = this.days();
      const current = this.activeDate();
      if (current && days.some((d) => d.date === current)) return;
      const selected = this.selected();
      const chosen = selected ? this.clinic.dateOf(selected) : this.initialDate();
      const next = days.find((d) => d.date === chosen) ?? days.find((d) => d.free > 0) ?? days[0];
      this.activeDate.set(next?.date ?? null);
    });
  }
}
