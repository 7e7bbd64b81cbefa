import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@hms/shared';
import { fullNameValidators } from '../../../core/forms/limits';
import { FormState } from '../../../core/forms/form-state';
import { loader } from '../../../core/http/loader';
import { ToastService } from '../../../core/ui/toast.service';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { AdminDoctorsApi, DoctorCreate, DoctorUpdate, SpecializationsApi } from '../admin.api';

/** Creates a doctor (with their login) or edits one. */
@Component({
  selector: 'hms-doctor-form',
  imports: [ReactiveFormsModule, RouterLink, LoadingComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="breadcrumb">
      <ol class="breadcrumb">
        <li class="breadcrumb-item"><a routerLink="/admin/doctors">Doctors</a></li>
        <li class="breadcrumb-item active" aria-current="page">{{ isNew() ? 'New doctor' : 'Edit' }}</li>
      </ol>
    </nav>
    <h1 class="page-title">{{ isNew() ? 'New doctor' : 'Edit ' + (doctor.value()?.fullName ?? 'doctor') }}</h1>
    <hms-error-box [message]="doctor.error() ?? specs.error()" />
    @if (!isNew() && doctor.loading()) {
      <hms-loading />
    } @else {
      <form class="card card-body" style="max-width: 44rem" [formGroup]="state.form" (ngSubmit)="save()" novalidate>
        @if (state.formError(); as error) {
          <div class="alert alert-danger" role="alert">{{ error }}</div>
        }
        <div class="row">
          <div class="col-md-6 mb-3">
            <label for="doc-name" class="form-label">Full name</label>
            <input
              id="doc-name"
              class="form-control"
              formControlName="fullName"
              [class.is-invalid]="state.invalid('fullName')"
              aria-describedby="doc-name-error"
            />
            <div id="doc-name-error" class="invalid-feedback">{{ state.message('fullName', 'Full name') }}</div>
          </div>
          <div class="col-md-6 mb-3">
            <label for="doc-spec-select" class="form-label">Specialization</label>
            <select
              id="doc-spec-select"
              class="form-select"
              formControlName="specializationId"
              [class.is-invalid]="state.invalid('specializationId')"
              aria-describedby="doc-spec-error"
            >
              <option value="" disabled>Choose…</option>
              @for (s of specs.value() ?? []; track s.id) {
                <option [value]="s.id">{{ s.name }}</option>
              }
            </select>
            <div id="doc-spec-error" class="invalid-feedback">
              {{ state.message('specializationId', 'Specialization') }}
            </div>
          </div>
          @if (isNew()) {
            <div class="col-md-6 mb-3">
              <label for="doc-email" class="form-label">Email (sign-in)</label>
              <input
                id="doc-email"
                type="email"
                class="form-control"
                formControlName="email"
                autocomplete="off"
                [class.is-invalid]="state.invalid('email')"
                aria-describedby="doc-email-error"
              />
              <div id="doc-email-error" class="invalid-feedback">{{ state.message('email', 'Email') }}</div>
            </div>
            <div class="col-md-6 mb-3">
              <label for="doc-password" class="form-label"
                >Temporary password <span class="small text-secondary">(optional)</span></label
              >
              <input
                id="doc-password"
                type="password"
                class="form-control"
                formControlName="password"
                autocomplete="new-password"
                [class.is-invalid]="state.invalid('password')"
                aria-describedby="doc-password-help doc-password-error"
              />
              <div id="doc-password-help" class="form-text">
                Leave empty to email the doctor an invitation link (valid 72 hours) to choose a password. A temporary
                password must be changed at first sign-in.
              </div>
              <div id="doc-password-error" class="invalid-feedback">{{ state.message('password', 'Password') }}</div>
            </div>
          } @else {
            <div class="col-12 mb-3 small text-secondary">Sign-in email: {{ doctor.value()?.email }}</div>
          }
          <div class="col-md-8 mb-3">
            <label for="doc-qualification" class="form-label"
              >Qualification <span class="small text-secondary">(optional)</span></label
            >
            <input
              id="doc-qualification"
              class="form-control"
              formControlName="qualification"
              [class.is-invalid]="state.invalid('qualification')"
              aria-describedby="doc-qualification-error"
            />
            <div id="doc-qualification-error" class="invalid-feedback">
              {{ state.message('qualification', 'Qualification') }}
            </div>
          </div>
          <div class="col-md-4 mb-3">
            <label for="doc-experience" class="form-label">Years of experience</label>
            <input
              id="doc-experience"
              type="number"
              min="0"
              max="80"
              class="form-control"
              formControlName="experienceYears"
              [class.is-invalid]="state.invalid('experienceYears')"
              aria-describedby="doc-experience-error"
            />
            <div id="doc-experience-error" class="invalid-feedback">
              {{ state.message('experienceYears', 'Experience') }}
            </div>
          </div>
        </div>
        <div class="d-flex gap-2">
          <button type="submit" class="btn btn-primary" [disabled]="state.busy()" data-testid="save-doctor">
            {{ isNew() ? 'Create doctor' : 'Save' }}
          </button>
          <a class="btn btn-outline-secondary" routerLink="/admin/doctors">Back</a>
        </div>
      </form>
    }
  `,
})
export class DoctorFormComponent {
  private readonly api = inject(AdminDoctorsApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);
  readonly id = input<string>();
  protected readonly isNew = computed(() => !this.id() || this.id() === 'new');
  private readonly specsApi = inject(SpecializationsApi);
  protected readonly specs = loader(() => this.specsApi.list());
  protected readonly doctor = loader(() => this.api.get(this.id() ?? ''), false);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      fullName: ['', fullNameValidators],
      specializationId: ['', Validators.required],
      email: ['', [Validators.required, Validators.email]],
      password: ['', [Validators.minLength(PASSWORD_MIN_LENGTH)]],
      qualification: ['', Validators.maxLength(200)],
      experienceYears: [null as number | null, [Validators.min(0), Validators.max(80)]],
    }),
  );

  constructor() {
    effect(() => {
      const isNew = this.isNew();
      untracked(() => {
        const { email, password } = this.state.form.controls;
        if (isNew) {
          email.enable();
          password.enable();
        } else {
          email.disable();
          password.disable();
          this.doctor.load();
        }
      });
    });
    effect(() => {
      const d = this.doctor.value();
      if (d && !this.isNew()) {
        untracked(() =>
          this.state.form.patchValue({
            fullName: d.fullName,
            specializationId: d.specialization.id,
            qualification: d.qualification ?? '',
            experienceYears: d.experienceYears ?? null,
          }),
        );
      }
    });
  }

  protected save(): void {
    if (!this.state.begin()) return;
    const v = this.state.form.getRawValue();
    const common: DoctorUpdate = { fullName: v.fullName.trim(), specializationId: v.specializationId };
    if (v.qualification.trim()) common.qualification = v.qualification.trim();
    if (v.experienceYears !== null && `${v.experienceYears}` !== '') common.experienceYears = Number(v.experienceYears);
    const call = this.isNew()
      ? this.api.create({
          ...common,
          email: v.email.trim(),
          ...(v.password ? { password: v.password } : {}),
        } as DoctorCreate)
      : this.api.update(this.id() ?? '', common);
    call.subscribe({
      next: (d) => {
        this.state.done();
        this.toasts.success(
          !this.isNew()
            ? `Saved ${d.fullName}.`
            : v.password
              ? `Created ${d.fullName}.`
              : `Created ${d.fullName}. An invitation to set a password was emailed.`,
        );
        void this.router.navigate(['/admin/doctors']);
      },
      error: (e: unknown) => {
        const problem = this.state.fail(e);
        if (problem.status === 409) {
          this.state.serverFields.set({ email: 'An account with this email already exists.' });
          this.state.formError.set(null);
        }
      },
    });
  }
}
