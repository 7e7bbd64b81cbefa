import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { NgbModal } from '@ng-bootstrap/ng-bootstrap';
import { map } from 'rxjs';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { addDays, ClinicTime, ClinicTimePipe, dateLabel } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { ReasonService } from '../../../shared/ui/reason-dialog.component';
import { DeskApi, type DeskDay } from '../desk.api';
import {
  DeskBookDialogComponent,
  DeskVisitDialogComponent,
  type SlotChoice,
  type VisitAction,
  type VisitChoice,
} from './desk-dialogs.component';
import { DateInputComponent } from '../../../shared/ui/date-input.component';

type Column = DeskDay['doctors'][number];
type Slot = Column['slots'][number];

const STATUS_LABEL: Record<string, string> = {
  free: 'Free',
  held: 'Held (waitlist offer)',
  booked: 'Booked',
  checked_in: 'Checked in',
  completed: 'Seen',
  no_show: 'No-show',
};

/**
 * The desk's home: the day as a grid, one column per doctor and one row per
 * slot time (at phone width one doctor at a time, chosen with a picker).
 * Free slots book in two clicks; booked ones open to move, cancel or check in.
 * Date, department and the phone's doctor live in the URL; today by default.
 */
@Component({
  selector: 'hms-desk-day',
  imports: [
    FormsModule,
    DateInputComponent,
    NgTemplateOutlet,
    ClinicTimePipe,
    LoadingComponent,
    ErrorBoxComponent,
    EmptyStateComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .slot-btn {
      width: 100%;
      text-align: start;
      min-height: 2.5rem;
    }
    .slot-btn:focus-visible {
      outline: 3px solid #0b6e8a;
      outline-offset: 2px;
    }
    .desk-grid th,
    .desk-grid td {
      min-width: 11rem;
    }
    .desk-grid th:first-child,
    .desk-grid td:first-child {
      min-width: 4.5rem;
    }
  `,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
      <h1 class="page-title mb-0">Day at the front desk</h1>
      <button type="button" class="btn btn-outline-secondary btn-sm" (click)="day.load()">Refresh</button>
    </div>
    <div class="d-flex flex-wrap gap-2 align-items-end mb-3" role="group" aria-label="Day and department">
      <button type="button" class="btn btn-outline-secondary" (click)="go(-1)" aria-label="Previous day">‹</button>
      <div>
        <label for="desk-date" class="form-label small mb-0">Date</label>
        <hms-date-input inputId="desk-date" [ngModel]="date()" (ngModelChange)="setDate($event || null)" />
      </div>
      <button type="button" class="btn btn-outline-secondary" (click)="go(1)" aria-label="Next day">›</button>
      <button type="button" class="btn btn-outline-secondary" (click)="setDate(null)">Today</button>
      <div>
        <label for="desk-dept" class="form-label small mb-0">Department</label>
        <select
          id="desk-dept"
          class="form-select"
          [ngModel]="dept() ?? ''"
          (ngModelChange)="setQuery({ dept: $event || null, doctor: null })"
        >
          <option value="">All departments</option>
          @for (d of departments(); track d.id) {
            <option [value]="d.id">{{ d.name }}</option>
          }
        </select>
      </div>
      <div class="d-md-none">
        <label for="desk-doctor" class="form-label small mb-0">Doctor</label>
        <select
          id="desk-doctor"
          class="form-select"
          [ngModel]="phoneDoctorId()"
          (ngModelChange)="setQuery({ doctor: $event || null })"
        >
          @for (c of columns(); track c.doctor.id) {
            <option [value]="c.doctor.id">{{ c.doctor.fullName }}</option>
          }
        </select>
      </div>
    </div>
    <p class="text-secondary">{{ heading() }} · {{ summary() }}</p>
    <hms-error-box [message]="day.error()" />
    @if (day.loading() && !day.value()) {
      <hms-loading />
    } @else if (columns().length === 0 && !day.error()) {
      <hms-empty text="No doctor is working this day." />
    } @else {
      <div class="d-none d-md-block table-responsive">
        <table class="table table-bordered align-middle desk-grid" data-testid="desk-grid">
          <caption class="visually-hidden">
            Slots of
            {{
              heading()
            }}, one column per doctor
          </caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              @for (c of columns(); track c.doctor.id) {
                <th scope="col">
                  {{ c.doctor.fullName }}<br /><span class="small text-secondary fw-normal">{{
                    c.doctor.specialization.name
                  }}</span>
                </th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of rows(); track row) {
              <tr>
                <th scope="row">{{ row | clinicTime: 'time' }}</th>
                @for (c of columns(); track c.doctor.id) {
                  <td>
                    @if (slotAt(c, row); as s) {
                      <ng-container *ngTemplateOutlet="slotButton; context: { c: c, s: s }" />
                    }
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (phoneColumn(); as c) {
        <ul class="list-unstyled d-md-none" data-testid="desk-phone-list">
          @for (s of c.slots; track s.startsAt) {
            <li class="mb-2 d-flex gap-2 align-items-center">
              <span class="text-nowrap" style="min-width: 3.5rem">{{ s.startsAt | clinicTime: 'time' }}</span>
              <ng-container *ngTemplateOutlet="slotButton; context: { c: c, s: s }" />
            </li>
          }
        </ul>
      }
    }
    <ng-template #slotButton let-c="c" let-s="s">
      @if (s.appointment) {
        <button
          type="button"
          class="btn btn-sm slot-btn"
          [class]="'btn btn-sm slot-btn ' + statusClass(s.status)"
          (click)="openVisit(c, s)"
          data-testid="desk-visit"
          [attr.data-status]="s.status"
        >
          <span class="visually-hidden">{{ s.startsAt | clinicTime: 'time' }}, {{ c.doctor.fullName }}: </span>
          <strong>{{ s.appointment.patient.fullName }}</strong>
          <span class="d-block small"
            >{{ statusLabel(s.status) }}{{ s.appointment.reason ? ' · ' + s.appointment.reason : '' }}</span
          >
        </button>
      } @else if (s.status === 'free' && s.bookable) {
        <button
          type="button"
          class="btn btn-sm btn-outline-success slot-btn"
          (click)="openBook(c, s)"
          data-testid="desk-free"
          [attr.data-starts-at]="s.startsAt"
        >
          <span class="visually-hidden">{{ s.startsAt | clinicTime: 'time' }}, {{ c.doctor.fullName }}: </span>Free:
          book
        </button>
      } @else {
        <span class="small text-secondary">{{ s.status === 'held' ? statusLabel('held') : 'Past' }}</span>
      }
    </ng-template>
  `,
})
export class DeskDayComponent {
  private readonly api = inject(DeskApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly modals = inject(NgbModal);
  private readonly reasons = inject(ReasonService);
  private readonly toasts = inject(ToastService);
  private readonly clinic = inject(ClinicTime);
  private readonly query = toSignal(this.route.queryParamMap.pipe(map((q) => q)), { requireSync: true });
  protected readonly date = computed(() => this.query().get('date') ?? this.clinic.today());
  protected readonly dept = computed(() => this.query().get('dept'));
  private readonly doctorParam = computed(() => this.query().get('doctor'));
  private readonly loadedDate = signal<string | null>(null);
  protected readonly day = loader(() => this.api.day(this.date()), false);

  protected readonly departments = computed(() => {
    const seen = new Map<string, string>();
    for (const c of this.day.value()?.doctors ?? []) seen.set(c.doctor.specialization.id, c.doctor.specialization.name);
    return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  });
  protected readonly columns = computed(() => {
    const dept = this.dept();
    return (this.day.value()?.doctors ?? []).filter((c) => !dept || c.doctor.specialization.id === dept);
  });
  protected readonly phoneColumn = computed(() => {
    const cols = this.columns();
    return cols.find((c) => c.doctor.id === this.doctorParam()) ?? cols[0] ?? null;
  });
  protected readonly phoneDoctorId = computed(() => this.phoneColumn()?.doctor.id ?? '');
  protected readonly rows = computed(() =>
    [...new Set(this.columns().flatMap((c) => c.slots.map((s) => s.startsAt)))].sort(),
  );
  protected readonly heading = computed(() => dateLabel(this.date(), true));
  protected readonly summary = computed(() => {
    const slots = this.columns().flatMap((c) => c.slots);
    const n = (s: string) => slots.filter((x) => x.status === s).length;
    return `${this.columns().length} doctors · ${slots.filter((s) => s.bookable).length} free · ${n('booked')} booked · ${n('checked_in')} checked in`;
  });

  constructor() {
    this.route.queryParamMap.subscribe(() => {
      if (this.loadedDate() !== this.date()) {
        this.loadedDate.set(this.date());
        this.day.load();
      }
    });
  }

  protected slotAt(c: Column, startsAt: string): Slot | undefined {
    return c.slots.find((s) => s.startsAt === startsAt);
  }

  protected statusLabel(status: string): string {
    return STATUS_LABEL[status] ?? status;
  }

  protected statusClass(status: string): string {
    return status === 'booked'
      ? 'btn-primary'
      : status === 'checked_in'
        ? 'btn-info'
        : status === 'no_show'
          ? 'btn-outline-danger'
          : 'btn-outline-secondary';
  }

  protected setDate(date: string | null): void {
    this.setQuery({ date: date && date !== this.clinic.today() ? date : null });
  }

  protected go(days: number): void {
    this.setDate(addDays(this.date(), days));
  }

  protected setQuery(params: Record<string, string | null>): void {
    void this.router.navigate([], { queryParams: params, queryParamsHandling: 'merge' });
  }

  protected async openBook(c: Column, s: Slot): Promise<void> {
    const ref = this.modals.open(DeskBookDialogComponent, { ariaLabelledBy: 'book-title', size: 'lg' });
    const choice: SlotChoice = {
      doctorId: c.doctor.id,
      doctorName: c.doctor.fullName,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    };
    (ref.componentInstance as DeskBookDialogComponent).slot.set(choice);
    try {
      await ref.result;
      this.toasts.success(`Booked ${this.clinic.format(s.startsAt, 'time')} with ${c.doctor.fullName}.`);
    } catch {
      /* dismissed */
    }
    this.day.load();
  }

  protected async openVisit(c: Column, s: Slot): Promise<void> {
    const a = s.appointment;
    if (!a) return;
    const ref = this.modals.open(DeskVisitDialogComponent, { ariaLabelledBy: 'visit-title' });
    const visit: VisitChoice = {
      id: a.id,
      doctorName: c.doctor.fullName,
      startsAt: s.startsAt,
      status: s.status,
      patient: a.patient,
      reason: a.reason,
      moveTargets: c.slots.filter((x) => x.bookable).map((x) => x.startsAt),
      canCheckIn: s.status === 'booked' && this.date() === this.clinic.today(),
    };
    (ref.componentInstance as DeskVisitDialogComponent).visit.set(visit);
    let action: VisitAction;
    try {
      action = (await ref.result) as VisitAction;
    } catch {
      return;
    }
    if (action.action === 'cancel') {
      const reason = await this.reasons.ask({
        title: 'Cancel visit',
        text: `Cancel ${a.patient.fullName}'s visit with ${c.doctor.fullName} at ${this.clinic.format(s.startsAt, 'time')}? The patient is emailed the reason.`,
        confirmLabel: 'Cancel visit',
      });
      if (!reason) return;
      this.run(this.api.cancel(a.id, reason), 'Visit cancelled; the patient is told.');
    } else if (action.action === 'move') {
      this.run(this.api.reschedule(a.id, action.startsAt), `Moved to ${this.clinic.format(action.startsAt, 'time')}.`);
    } else {
      this.run(this.api.checkIn(a.id), `${a.patient.fullName} is checked in.`);
    }
  }

  private run(call: ReturnType<DeskApi['checkIn']>, done: string): void {
    call.subscribe({
      next: () => {
        this.toasts.success(done);
        this.day.load();
      },
      error: (e: unknown) => {
        this.toasts.error(problemMessage(toProblem(e)));
        this.day.load();
      },
    });
  }
}
