import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink } from '@angular/router';
import { NgbNavModule } from '@ng-bootstrap/ng-bootstrap';
import type { Appointment } from '@hms/api-client';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { cancelledByClinic, specializationName, splitByTime } from '../../../shared/appointments/appointment-format';
import { TreatmentViewComponent } from '../../../shared/appointments/treatment-view.component';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { PatientAppointmentsApi } from '../patient.api';

@Component({
  selector: 'hms-patient-appointments',
  imports: [
    NgTemplateOutlet,
    RouterLink,
    NgbNavModule,
    ClinicTimePipe,
    StatusBadgeComponent,
    TreatmentViewComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
      <h1 class="page-title mb-0">My appointments</h1>
      <a class="btn btn-primary" routerLink="/patient/doctors">Book another</a>
    </div>
    <ul ngbNav #nav="ngbNav" class="nav-tabs mb-3" [(activeId)]="tab">
      <li ngbNavItem="upcoming">
        <button ngbNavLink type="button">Upcoming ({{ split().upcoming.length }})</button>
        <ng-template ngbNavContent>
          <ng-container
            [ngTemplateOutlet]="listTpl"
            [ngTemplateOutletContext]="{ $implicit: split().upcoming, empty: 'You have no upcoming appointments.' }"
          />
        </ng-template>
      </li>
      <li ngbNavItem="past">
        <button ngbNavLink type="button">Past ({{ split().past.length }})</button>
        <ng-template ngbNavContent>
          <ng-container
            [ngTemplateOutlet]="listTpl"
            [ngTemplateOutletContext]="{ $implicit: split().past, empty: 'No past appointments yet.' }"
          />
        </ng-template>
      </li>
      <li ngbNavItem="cancelled">
        <button ngbNavLink type="button">Cancelled ({{ split().cancelled.length }})</button>
        <ng-template ngbNavContent>
          <ng-container
            [ngTemplateOutlet]="listTpl"
            [ngTemplateOutletContext]="{ $implicit: split().cancelled, empty: 'No cancelled appointments.' }"
          />
        </ng-template>
      </li>
    </ul>
    <div [ngbNavOutlet]="nav"></div>
    <ng-template #listTpl let-items let-empty="empty">
      <hms-error-box [message]="list.error()" />
      @if (list.loading() && !list.value()) {
        <hms-loading />
      } @else if (items.length === 0 && !list.error()) {
        <hms-empty [text]="empty" />
      } @else {
        <ul class="list-group" data-testid="appointment-list">
          @for (a of asAppointments(items); track a.id) {
            <li class="list-group-item py-3" [attr.data-appointment-id]="a.id">
              <div class="d-flex flex-wrap justify-content-between gap-2">
                <div>
                  <div class="fw-semibold">{{ a.startsAt | clinicTime }}</div>
                  <div class="small text-secondary">{{ a.doctor.fullName }} · {{ spec(a.doctor) }}</div>
                  @if (a.reason) {
                    <div class="small">Reason: {{ a.reason }}</div>
                  }
                  @if (byClinic(a)) {
                    <div class="small text-danger-emphasis" data-testid="cancel-reason">
                      Cancelled by the clinic{{ a.cancelReason ? ': ' + a.cancelReason : '.' }}
                    </div>
                  }
                </div>
                <div class="d-flex flex-wrap align-items-center gap-2">
                  <hms-status-badge [status]="a.status" />
                  @if (canChange(a)) {
                    <a
                      class="btn btn-sm btn-outline-primary"
                      [routerLink]="['/patient/appointments', a.id, 'reschedule']"
                      >Reschedule</a
                    >
                    <button
                      type="button"
                      class="btn btn-sm btn-outline-danger"
                      (click)="cancel(a)"
                      [disabled]="busyId() === a.id"
                    >
                      Cancel
                    </button>
                  }
                  @if (byClinic(a)) {
                    <a
                      class="btn btn-sm btn-primary"
                      [routerLink]="['/patient/doctors', a.doctor.id]"
                      data-testid="book-again"
                      >Book again</a
                    >
                  }
                </div>
              </div>
              @if (a.treatment; as t) {
                <div class="mt-2 border-top pt-2"><hms-treatment-view [treatment]="t" /></div>
              }
            </li>
          }
        </ul>
      }
    </ng-template>
  `,
})
export class PatientAppointmentsComponent {
  private readonly api = inject(PatientAppointmentsApi);
  private readonly confirm = inject(ConfirmService);
  private readonly toasts = inject(ToastService);
  private readonly clinic = inject(ClinicTime);

  protected tab: 'upcoming' | 'past' | 'cancelled' = 'upcoming';
  protected readonly busyId = signal<string | null>(null);
  protected readonly list = loader(() => this.api.all());
  /** Upcoming vs past by the visit's end, not by its status; cancelled visits in their own tab. */
  protected readonly split = computed(() => splitByTime(this.list.value() ?? []));
  protected readonly spec = specializationName;
  protected readonly byClinic = cancelledByClinic;

  /** The template context is untyped; the lists hold appointments. */
  protected asAppointments(items: unknown): Appointment[] {
    return items as Appointment[];
  }

  protected canChange(a: Appointment): boolean {
    return a.status === 'booked' && Date.parse(a.startsAt) > Date.now();
  }

  protected async cancel(a: Appointment): Promise<void> {
    const ok = await this.confirm.ask({
      title: 'Cancel appointment',
      text: `Cancel your appointment with ${a.doctor.fullName} on ${this.clinic.format(a.startsAt)}?`,
      confirmLabel: 'Cancel appointment',
      danger: true,
    });
    if (!ok) return;
    this.busyId.set(a.id);
    this.api.cancel(a.id).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success('Appointment cancelled.');
        this.list.load();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
        this.list.load();
      },
    });
  }
}
