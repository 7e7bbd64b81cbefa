import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { fullNameValidators, phoneValidators } from '../../../core/forms/limits';
import { FormState } from '../../../core/forms/form-state';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { dateOfBirthValidator } from '../../../core/forms/date-of-birth';
import { ClinicTime, ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { byStart, specializationName } from '../../../shared/appointments/appointment-format';
import { JobsApi } from '../../../shared/jobs/jobs.api';
import { JobStatusComponent } from '../../../shared/jobs/job-status.component';
import { TreatmentViewComponent } from '../../../shared/appointments/treatment-view.component';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StatusBadgeComponent } from '../../../shared/ui/status-badge.component';
import { AdminPatientsApi, PatientUpdate } from '../admin.api';
import { DateInputComponent } from '../../../shared/ui/date-input.component';

@Component({
  selector: 'hms-patient-details',
  imports: [
    DateInputComponent,
    ReactiveFormsModule,
    RouterLink,
    JobStatusComponent,
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
        <li class="breadcrumb-item"><a routerLink="/admin/patients">Patients</a></li>
        <li class="breadcrumb-item active" aria-current="page">{{ patient.value()?.fullName ?? 'Patient' }}</li>
      </ol>
    </nav>
    <hms-error-box [message]="patient.error()" />
    @if (patient.loading() && !patient.value()) {
      <hms-loading />
    } @else if (patient.value(); as p) {
      <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 class="page-title mb-0">
          {{ p.fullName }} <hms-status-badge [status]="p.active ? 'active' : 'inactive'" />
        </h1>
        <button
          type="button"
          class="btn"
          [class]="p.active ? 'btn btn-outline-danger' : 'btn btn-outline-success'"
          (click)="toggleActive()"
        >
          {{ p.active ? 'Blacklist patient' : 'Lift blacklist' }}
        </button>
      </div>
      <div class="row g-4">
        <section class="col-lg-5" aria-labelledby="pd-edit-title">
          <form class="card card-body" [formGroup]="state.form" (ngSubmit)="save()" novalidate>
            <h2 id="pd-edit-title" class="h5">Details</h2>
            <p class="small text-secondary">{{ p.email }}</p>
            @if (state.formError(); as error) {
              <div class="alert alert-danger" role="alert">{{ error }}</div>
            }
            <div class="mb-3">
              <label for="pd-name" class="form-label">Full name</label>
              <input
                id="pd-name"
                class="form-control"
                formControlName="fullName"
                [class.is-invalid]="state.invalid('fullName')"
                aria-describedby="pd-name-error"
              />
              <div id="pd-name-error" class="invalid-feedback">{{ state.message('fullName', 'Full name') }}</div>
            </div>
            <div class="mb-3">
              <label for="pd-dob" class="form-label">Date of birth</label>
              <hms-date-input
                inputId="pd-dob"
                formControlName="dateOfBirth"
                placeholder="e.g. 7 Dec 1990"
                calendarLabel="Choose the date of birth from a calendar"
                [max]="clinic.today()"
                [invalid]="state.invalid('dateOfBirth')"
                describedBy="pd-dob-error"
              />
              <div id="pd-dob-error" class="invalid-feedback">{{ state.message('dateOfBirth', 'Date of birth') }}</div>
            </div>
            <div class="mb-3">
              <label for="pd-phone" class="form-label">Phone</label>
              <input
                id="pd-phone"
                type="tel"
                class="form-control"
                formControlName="phone"
                [class.is-invalid]="state.invalid('phone')"
                aria-describedby="pd-phone-error"
              />
              <div id="pd-phone-error" class="invalid-feedback">{{ state.message('phone', 'Phone') }}</div>
            </div>
            <div><button type="submit" class="btn btn-primary" [disabled]="state.busy()">Save</button></div>
          </form>
          <div class="card card-body mt-3">
            <h2 class="h6">Treatments export</h2>
            <p class="small text-secondary">A CSV of this patient's visits and treatments.</p>
            <div>
              <button
                type="button"
                class="btn btn-sm btn-outline-primary mb-2"
                (click)="exportHistory()"
                [disabled]="exporting()"
              >
                Export treatments
              </button>
            </div>
            <hms-job-status label="Patient export" [downloadable]="true" (finishedJob)="exporting.set(false)" />
          </div>
          <a class="d-inline-block mt-3" routerLink="/admin/appointments" [queryParams]="{ patientId: p.id }"
            >All of this patient's appointments</a
          >
          <a class="d-block mt-1" routerLink="/admin/audit" [queryParams]="{ patientId: p.id }"
            >Who read or changed this patient's record</a
          >
        </section>
        <section class="col-lg-7" aria-labelledby="pd-history-title">
          <h2 id="pd-history-title" class="h5">Appointment history</h2>
          @if (history().length === 0) {
            <hms-empty text="No appointments yet." />
          } @else {
            <ul class="list-group">
              @for (a of history(); track a.id) {
                <li class="list-group-item">
                  <div class="d-flex flex-wrap justify-content-between gap-2">
                    <div>
                      <div class="fw-semibold">{{ a.startsAt | clinicTime }}</div>
                      <div class="small text-secondary">{{ a.doctor.fullName }} · {{ spec(a.doctor) }}</div>
                    </div>
                    <hms-status-badge [status]="a.status" />
                  </div>
                  @if (a.treatment; as t) {
                    <div class="mt-2 border-top pt-2"><hms-treatment-view [treatment]="t" revisionsFor="admin" /></div>
                  }
                </li>
              }
            </ul>
          }
        </section>
      </div>
    }
  `,
})
export class PatientDetailsComponent {
  private readonly api = inject(AdminPatientsApi);
  private readonly toasts = inject(ToastService);
  private readonly confirm = inject(ConfirmService);
  private readonly jobs = inject(JobsApi);
  private readonly exportStatus = viewChild(JobStatusComponent);
  protected readonly exporting = signal(false);
  readonly id = input.required<string>();
  protected readonly patient = loader(() => this.api.get(this.id()), false);
  protected readonly history = computed(() => byStart(this.patient.value()?.appointments ?? [], true));
  protected readonly spec = specializationName;
  protected readonly clinic = inject(ClinicTime);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      fullName: ['', fullNameValidators],
      dateOfBirth: ['', dateOfBirthValidator(() => this.clinic.today())],
      phone: ['', phoneValidators],
    }),
  );

  constructor() {
    effect(() => {
      this.id();
      untracked(() => this.patient.load());
    });
    effect(() => {
      const p = this.patient.value();
      if (p)
        untracked(() =>
          this.state.reset({ fullName: p.fullName, dateOfBirth: p.dateOfBirth ?? '', phone: p.phone ?? '' }),
        );
    });
  }

  protected save(): void {
    if (!this.state.begin()) return;
    const v = this.state.form.getRawValue();
    const body: PatientUpdate = { fullName: v.fullName.trim(), phone: v.phone.trim() };
    if (v.dateOfBirth) body.dateOfBirth = v.dateOfBirth;
    this.api.update(this.id(), body).subscribe({
      next: () => {
        this.state.done();
        this.toasts.success('Patient saved.');
        this.patient.load();
      },
      error: (e: unknown) => this.state.fail(e),
    });
  }

  protected exportHistory(): void {
    this.exporting.set(true);
    this.jobs.exportTreatments(this.id()).subscribe({
      next: (job) => this.exportStatus()?.follow(job),
      error: (e: unknown) => {
        this.exporting.set(false);
        this.toasts.error(problemMessage(toProblem(e)));
      },
    });
  }

  protected async toggleActive(): Promise<void> {
    const p = this.patient.value();
    if (!p) return;
    if (p.active) {
      const ok = await this.confirm.ask({
        title: 'Blacklist patient',
        text: `Blacklist ${p.fullName}? They can no longer sign in or book.`,
        confirmLabel: 'Blacklist',
        danger: true,
      });
      if (!ok) return;
    }
    this.api.update(p.id, { active: !p.active }).subscribe({
      next: () => {
        this.toasts.success(p.active ? `${p.fullName} is blacklisted.` : `${p.fullName} is active again.`);
        this.patient.load();
      },
      error: (e: unknown) => this.toasts.error(problemMessage(toProblem(e))),
    });
  }
}
