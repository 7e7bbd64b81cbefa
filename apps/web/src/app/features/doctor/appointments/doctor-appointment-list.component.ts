import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NgbModal } from '@ng-bootstrap/ng-bootstrap';
import type { Appointment } from '@hms/api-client';
import { canTransition, type AppointmentAction } from '@hms/shared';
import type { Observable } from 'rxjs';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { TreatmentViewComponent } from '../../../shared/appointments/treatment-view.component';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { ReasonService } from '../../../shared/ui/reason-dialog.component';
import { EmptyStateComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { DoctorScheduleApi } from '../doctor.api';
import { openVisitForm } from './visit-form.component';

/** A doctor's appointments with their actions: check in, no-show, complete the visit, edit its treatment, cancel. */
@Component({
  selector: 'hms-doctor-appointment-list',
  imports: [RouterLink, ClinicTimePipe, StatusBadgeComponent, TreatmentViewComponent, EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (appointments().length === 0) {
      <hms-empty [text]="emptyText()" />
    } @else {
      <ul class="list-group">
        @for (a of appointments(); track a.id) {
          <li class="list-group-item py-3" [attr.data-appointment-id]="a.id">
            <div class="d-flex flex-wrap justify-content-between gap-2">
              <div>
                <div class="fw-semibold">{{ a.startsAt | clinicTime: timeStyle() }}</div>
                <div>
                  <a [routerLink]="['/doctor/patients', a.patient.id]" [state]="{ patientName: a.patient.fullName }">{{
                    a.patient.fullName
                  }}</a>
                </div>
                @if (a.reason) {
                  <div class="small text-secondary">Reason: {{ a.reason }}</div>
                }
              </div>
              <div class="d-flex flex-wrap align-items-center gap-2">
                <hms-status-badge [status]="a.status" />
                @if (can(a, 'check_in') && isToday(a)) {
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-primary"
                    (click)="checkIn(a)"
                    [disabled]="busyId() === a.id"
                    data-testid="check-in"
                  >
                    Check in
                  </button>
                }
                @if (can(a, 'no_show') && !isFuture(a)) {
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-warning"
                    (click)="noShow(a)"
                    [disabled]="busyId() === a.id"
                    data-testid="no-show"
                  >
                    No-show
                  </button>
                }
                @if (can(a, 'complete') && canComplete(a)) {
                  <button type="button" class="btn btn-sm btn-primary" (click)="openVisit(a)">Complete visit</button>
                }
                @if (a.status === 'completed') {
                  <button type="button" class="btn btn-sm btn-outline-primary" (click)="openVisit(a)">
                    Edit treatment
                  </button>
                }
                @if (a.status === 'booked' && isFuture(a)) {
                  <button
                    type="button"
                    class="btn btn-sm btn-outline-danger"
                    (click)="cancel(a)"
                    [disabled]="busyId() === a.id"
                  >
                    Cancel
                  </button>
                }
              </div>
            </div>
            @if (a.treatment; as t) {
              <div class="mt-2 border-top pt-2">
                <hms-treatment-view [treatment]="t" [revisionsFor]="ownAppointments() ? 'doctor' : null" />
              </div>
            }
          </li>
        }
      </ul>
    }
  `,
})
export class DoctorAppointmentListComponent {
  private readonly api = inject(DoctorScheduleApi);
  private readonly modals = inject(NgbModal);
  private readonly confirm = inject(ConfirmService);
  private readonly reasons = inject(ReasonService);
  private readonly toasts = inject(ToastService);
  private readonly clinic = inject(ClinicTime);

  readonly appointments = input.required<readonly Appointment[]>();
  readonly emptyText = input('No appointments.');
  readonly timeStyle = input<'time' | 'datetime'>('datetime');
  /** True when every row is the signed-in doctor's own appointment (their earlier treatment versions are readable). */
  readonly ownAppointments = input(false);
  readonly changed = output<void>();
  protected readonly busyId = signal<string | null>(null);

  /** A visit can be completed from its clinic date on. */
  protected canComplete(a: Appointment): boolean {
    return this.clinic.dateOf(a.startsAt) <= this.clinic.today();
  }

  /** What the shared transition table allows from the appointment's status. */
  protected can(a: Appointment, action: AppointmentAction): boolean {
    return canTransition(a.status, action);
  }

  protected isToday(a: Appointment): boolean {
    return this.clinic.dateOf(a.startsAt) === this.clinic.today();
  }

  protected checkIn(a: Appointment): void {
    this.run(a, this.api.checkIn(a.id), `${a.patient.fullName} is checked in.`);
  }

  protected async noShow(a: Appointment): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Mark as no-show',
      text: `${a.patient.fullName} did not come to the visit at ${this.clinic.format(a.startsAt, 'time')}?`,
      confirmLabel: 'Mark no-show',
    });
    if (ok) this.run(a, this.api.noShow(a.id), 'Marked as a no-show.');
  }

  private run(a: Appointment, call: Observable<Appointment>, done: string): void {
    this.busyId.set(a.id);
    call.subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success(done);
        this.changed.emit();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }

  protected isFuture(a: Appointment): boolean {
    return Date.parse(a.startsAt) > Date.now();
  }

  protected async openVisit(a: Appointment): Promise<void> {
    const ref = openVisitForm(this.modals, { ...a, patientName: a.patient.fullName });
    try {
      if (await ref.result) {
        this.toasts.success(a.status === 'completed' ? 'Treatment saved.' : 'Visit completed.');
        this.changed.emit();
      }
    } catch {
      /* dismissed */
    }
  }

  protected async cancel(a: Appointment): Promise<void> {
    const reason = await this.reasons.ask({
      title: 'Cancel appointment',
      text: `Cancel ${a.patient.fullName}'s appointment on ${this.clinic.format(a.startsAt)}? The patient is emailed your reason and a link to book again.`,
      confirmLabel: 'Cancel appointment',
    });
    if (!reason) return;
    this.busyId.set(a.id);
    this.api.cancel(a.id, reason).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success('Appointment cancelled.');
        this.changed.emit();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }
}
