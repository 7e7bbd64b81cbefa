import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import { RouterLink } from '@angular/router';
import { NgbNavModule } from '@ng-bootstrap/ng-bootstrap';
import type { Appointment } from '@hms/api-client';
import type { PatientAppointmentScope } from '@hms/shared';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { specializationName } from '../../../shared/appointments/appointment-format';
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
    <ul ngbNav #nav="ngbNav" class="nav-tabs mb-3" [activeId]="scope()" (activeIdChange)="switchTo($event)">
      <li ngbNavItem="upcoming">
        <button ngbNavLink type="button">Upcoming</button>
        <ng-template ngbNavContent><ng-container [ngTemplateOutlet]="listTpl" /></ng-template>
      </li>
      <li ngbNavItem="past">
        <button ngbNavLink type="button">Past</button>
        <ng-template ngbNavContent><ng-container [ngTemplateOutlet]="listTpl" /></ng-template>
      </li>
    </ul>
    <div [ngbNavOutlet]="nav"></div>
    <ng-template #listTpl>
      <hms-error-box [message]="list.error()" />
      @if (list.loading() && !list.value()) {
        <hms-loading />
      } @else if (items().length === 0 && !list.error()) {
        <hms-empty
          [text]="scope() === 'upcoming' ? 'You have no upcoming appointments.' : 'No past appointments yet.'"
        />
      } @else {
        <ul class="list-group" data-testid="appointment-list">
          @for (a of items(); track a.id) {
            <li class="list-group-item py-3" [attr.data-appointment-id]="a.id">
              <div class="d-flex flex-wrap justify-content-between gap-2">
                <div>
                  <div class="fw-semibold">{{ a.startsAt | clinicTime }}</div>
                  <div class="small text-secondary">{{ a.doctor.fullName }} · {{ spec(a.doctor) }}</div>
                  @if (a.reason) {
                    <div class="small">Reason: {{ a.reason }}</div>
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

  protected readonly scope = signal<PatientAppointmentScope>('upcoming');
  protected readonly busyId = signal<string | null>(null);
  protected readonly list = loader(() => this.api.list(this.scope()));
  protected readonly items = computed(() => this.list.value() ?? []);
  protected readonly spec = specializationName;

  protected switchTo(scope: PatientAppointmentScope): void {
    this.scope.set(scope);
    this.list.value.set(undefined);
    this.list.load();
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
