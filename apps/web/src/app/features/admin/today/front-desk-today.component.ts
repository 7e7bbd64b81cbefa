import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Appointment } from '@hms/api-client';
import { canTransition, PAGE_SIZE_MAX } from '@hms/shared';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { ReasonService } from '../../../shared/ui/reason-dialog.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminAppointmentsApi } from '../admin.api';

/** The front desk's view of today: every visit in time order, with check-in and cancellation. */
@Component({
  selector: 'hms-front-desk-today',
  imports: [RouterLink, ClinicTimePipe, StatusBadgeComponent, LoadingComponent, ErrorBoxComponent, EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
      <h1 class="page-title mb-0">Today at the front desk</h1>
      <div class="d-flex gap-2">
        <a routerLink="/desk" class="btn btn-outline-primary btn-sm">Day grid: book for patients</a>
        <button type="button" class="btn btn-outline-secondary btn-sm" (click)="list.load()">Refresh</button>
      </div>
    </div>
    <p class="text-secondary">{{ todayLabel() }} · {{ counts() }}</p>
    <hms-error-box [message]="list.error()" />
    @if (list.loading() && !list.value()) {
      <hms-loading />
    } @else if (visits().length === 0 && !list.error()) {
      <hms-empty text="No visits today." />
    } @else {
      <div class="table-responsive">
        <table class="table align-middle" data-testid="today-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Patient</th>
              <th scope="col">Doctor</th>
              <th scope="col">Status</th>
              <th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            @for (a of visits(); track a.id) {
              <tr [attr.data-appointment-id]="a.id">
                <td>{{ a.startsAt | clinicTime: 'time' }}</td>
                <td>{{ a.patient.fullName }}</td>
                <td>
                  {{ a.doctor.fullName }} <span class="small text-secondary">· {{ a.doctor.specialization }}</span>
                </td>
                <td><hms-status-badge [status]="a.status" /></td>
                <td class="text-end text-nowrap">
                  @if (canCheckIn(a)) {
                    <button
                      type="button"
                      class="btn btn-sm btn-primary me-1"
                      (click)="checkIn(a)"
                      [disabled]="busyId() === a.id"
                      data-testid="desk-check-in"
                    >
                      Check in
                    </button>
                  }
                  @if (canCancel(a)) {
                    <button
                      type="button"
                      class="btn btn-sm btn-outline-danger"
                      (click)="cancel(a)"
                      [disabled]="busyId() === a.id"
                    >
                      Cancel
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class FrontDeskTodayComponent {
  private readonly api = inject(AdminAppointmentsApi);
  private readonly toasts = inject(ToastService);
  private readonly reasons = inject(ReasonService);
  private readonly clinic = inject(ClinicTime);
  protected readonly busyId = signal<string | null>(null);
  protected readonly list = loader(() => {
    const today = this.clinic.today();
    return this.api.list({ from: today, to: today, pageSize: PAGE_SIZE_MAX });
  });
  protected readonly visits = computed(() =>
    [...(this.list.value()?.items ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  );
  protected readonly todayLabel = computed(() => this.clinic.format(new Date(), 'weekday'));
  protected readonly counts = computed(() => {
    const v = this.visits();
    const n = (s: string) => v.filter((a) => a.status === s).length;
    return `${v.length} visits: ${n('booked')} expected, ${n('checked_in')} checked in, ${n('completed')} seen, ${n('no_show')} no-shows`;
  });

  protected canCheckIn(a: Appointment): boolean {
    return canTransition(a.status, 'check_in');
  }

  protected canCancel(a: Appointment): boolean {
    return canTransition(a.status, 'cancel') && Date.parse(a.startsAt) > Date.now();
  }

  protected checkIn(a: Appointment): void {
    this.busyId.set(a.id);
    this.api.checkIn(a.id).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success(`${a.patient.fullName} is checked in.`);
        this.list.load();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }

  protected async cancel(a: Appointment): Promise<void> {
    const reason = await this.reasons.ask({
      title: 'Cancel appointment',
      text: `Cancel ${a.patient.fullName}'s visit with ${a.doctor.fullName} at ${this.clinic.format(a.startsAt, 'time')}? The patient is emailed the reason.`,
      confirmLabel: 'Cancel appointment',
    });
    if (!reason) return;
    this.busyId.set(a.id);
    this.api.cancel(a.id, reason).subscribe({
      next: () => {
        this.busyId.set(null);
        this.toasts.success('Appointment cancelled; the patient is told.');
        this.list.load();
      },
      error: (e: unknown) => {
        this.busyId.set(null);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }
}
