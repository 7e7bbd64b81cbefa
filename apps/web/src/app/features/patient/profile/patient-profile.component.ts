import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { dateOfBirthValidator } from '../../../core/forms/date-of-birth';
import { ClinicTime } from '../../../core/time/clinic-time';
import { DateInputComponent } from '../../../shared/ui/date-input.component';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { fullNameValidators, phoneValidators } from '../../../core/forms/limits';
import { FormState } from '../../../core/forms/form-state';
import { loader } from '../../../core/http/loader';
import { ToastService } from '../../../core/ui/toast.service';
import { ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { PatientProfileApi, ProfileUpdate } from '../patient.api';
import { ExportHistoryComponent } from './export-history.component';

@Component({
  selector: 'hms-patient-profile',
  imports: [ReactiveFormsModule, DateInputComponent, LoadingComponent, ErrorBoxComponent, ExportHistoryComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">My profile</h1>
    <div class="row g-4">
      <div class="col-lg-7">
        <hms-error-box [message]="profile.error()" />
        @if (profile.loading() && !profile.value()) {
          <hms-loading />
        } @else if (profile.value(); as p) {
          <form class="card card-body" [formGroup]="state.form" (ngSubmit)="save()" novalidate>
            <p class="small text-secondary">
              Signed in as <strong>{{ p.email }}</strong>
            </p>
            @if (state.formError(); as error) {
              <div class="alert alert-danger" role="alert">{{ error }}</div>
            }
            <div class="mb-3">
              <label for="profile-name" class="form-label">Full name</label>
              <input
                id="profile-name"
                class="form-control"
                formControlName="fullName"
                autocomplete="name"
                [class.is-invalid]="state.invalid('fullName')"
                aria-describedby="profile-name-error"
              />
              <div id="profile-name-error" class="invalid-feedback">{{ state.message('fullName', 'Full name') }}</div>
            </div>
            <div class="row">
              <div class="col-sm-6 mb-3">
                <label for="profile-dob" class="form-label">Date of birth</label>
                <hms-date-input
                  inputId="profile-dob"
                  formControlName="dateOfBirth"
                  placeholder="e.g. 7 Dec 1990"
                  calendarLabel="Choose the date of birth from a calendar"
                  [max]="clinic.today()"
                  [invalid]="state.invalid('dateOfBirth')"
                  describedBy="profile-dob-error"
                />
                <div id="profile-dob-error" class="invalid-feedback">
                  {{ state.message('dateOfBirth', 'Date of birth') }}
                </div>
              </div>
              <div class="col-sm-6 mb-3">
                <label for="profile-phone" class="form-label">Phone</label>
                <input
                  id="profile-phone"
                  type="tel"
                  class="form-control"
                  formControlName="phone"
                  autocomplete="tel"
                  [class.is-invalid]="state.invalid('phone')"
                  aria-describedby="profile-phone-error"
                />
                <div id="profile-phone-error" class="invalid-feedback">{{ state.message('phone', 'Phone') }}</div>
              </div>
            </div>
            <div>
              <button type="submit" class="btn btn-primary" [disabled]="state.busy()">Save changes</button>
            </div>
          </form>
        }
      </div>
      <aside class="col-lg-5">
        <hms-export-history />
      </aside>
    </div>
  `,
})
export class PatientProfileComponent {
  private readonly api = inject(PatientProfileApi);
  private readonly toasts = inject(ToastService);
  protected readonly profile = loader(() => this.api.get());
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
      const p = this.profile.value();
      if (p) this.state.reset({ fullName: p.fullName, dateOfBirth: p.dateOfBirth ?? '', phone: p.phone ?? '' });
    });
  }

  protected save(): void {
    if (!this.state.begin()) return;
    const v = this.state.form.getRawValue();
    const body: ProfileUpdate = { fullName: v.fullName.trim(), phone: v.phone.trim() };
    if (v.dateOfBirth) body.dateOfBirth = v.dateOfBirth;
    this.api.update(body).subscribe({
      next: (p) => {
        this.state.done();
        this.profile.value.set(p);
        this.toasts.success('Profile saved.');
      },
      error: (e: unknown) => this.state.fail(e),
    });
  }
}
