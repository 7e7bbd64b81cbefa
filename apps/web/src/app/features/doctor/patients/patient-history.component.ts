import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NgbModal } from '@ng-bootstrap/ng-bootstrap';
import type { PatientHistoryEntryDto } from '@hms/api-client';
import { loader } from '../../../core/http/loader';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { byStart } from '../../../shared/appointments/appointment-format';
import { TreatmentViewComponent } from '../../../shared/appointments/treatment-view.component';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { openVisitForm } from '../appointments/visit-form.component';
import { DoctorPatientsApi } from '../doctor.api';

/**
 * A patient's visits with every doctor, latest first. Each row names the
 * treating doctor and department; only the signed-in doctor's own visits
 * offer "Edit treatment".
 */
@Component({
  selector: 'hms-patient-history',
  imports: [
    RouterLink,
    ClinicTimePipe,
    StatusBadgeComponent,
    TreatmentViewComponent,
    LoadingComponent,
    EmptyStateComponent,
    ErrorBoxComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item"><a routerLink="/doctor/patients">My patients</a></li>
        <li class="breadcrumb-item active" aria-current="page">{{ name() }}</li>
      </ol>
    </nav>
    <h1 class="page-title">History of {{ name() }}</h1>
    <hms-error-box [message]="history.error()" />
    @if (history.loading() && !history.value()) {
      <hms-loading />
    } @else if (!history.error()) {
      @if (items().length === 0) {
        <hms-empty text="No appointments." />
      } @else {
        <ul class="list-group">
          @for (a of items(); track a.id) {
            <li class="list-group-item py-3" [attr.data-appointment-id]="a.id" data-testid="history-row">
              <div class="d-flex flex-wrap justify-content-between gap-2">
                <div>
                  <div class="fw-semibold">{{ a.startsAt | clinicTime }}</div>
                  <div data-testid="history-doctor">
                    {{ a.doctor.fullName }} <span class="text-secondary">· {{ a.department.name }}</span>
                    @if (a.editable) {
                      <span class="badge text-bg-light border ms-1">Your visit</span>
                    }
                  </div>
                  @if (a.reason) {
                    <div class="small text-secondary">Reason: {{ a.reason }}</div>
                  }
                  @if (a.cancelReason) {
                    <div class="small text-secondary">Cancelled: {{ a.cancelReason }}</div>
                  }
                </div>
                <div class="d-flex flex-wrap align-items-center gap-2">
                  <hms-status-badge [status]="a.status" />
                  @if (a.editable && a.status === 'completed' && a.treatment) {
                    <button type="button" class="btn btn-sm btn-outline-primary" (click)="edit(a)">
                      Edit treatment
                    </button>
                  }
                </div>
              </div>
              @if (a.treatment; as t) {
                <div class="mt-2 border-top pt-2">
                  <hms-treatment-view [treatment]="t" [revisionsFor]="a.editable ? 'doctor' : null" />
                </div>
              }
            </li>
          }
        </ul>
      }
    }
  `,
})
export class PatientHistoryComponent {
  private readonly api = inject(DoctorPatientsApi);
  private readonly modals = inject(NgbModal);
  private readonly toasts = inject(ToastService);
  readonly patientId = input.required<string>();
  /** The patient's name, passed by the link that opened this page (history rows do not repeat it). */
  private readonly passedName = ((inject(Location).getState() ?? {}) as { patientName?: unknown }).patientName;
  protected readonly history = loader(() => this.api.history(this.patientId()), false);
  protected readonly items = computed(() => byStart(this.history.value() ?? [], true));
  protected readonly name = computed(() =>
    typeof this.passedName === 'string' && this.passedName ? this.passedName : 'patient',
  );

  constructor() {
    effect(() => {
      this.patientId();
      untracked(() => this.history.load());
    });
  }

  protected async edit(a: PatientHistoryEntryDto): Promise<void> {
    const ref = openVisitForm(this.modals, { id: a.id, startsAt: a.startsAt, treatment: a.treatment });
    try {
      if (await ref.result) {
        this.toasts.success('Treatment saved.');
        this.history.load();
      }
    } catch {
      /* dismissed */
    }
  }
}
