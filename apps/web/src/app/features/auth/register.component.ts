import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { dateOfBirthValidator } from '../../core/forms/date-of-birth';
import { ClinicTime } from '../../core/time/clinic-time';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PASSWORD_MIN_LENGTH } from '@hms/shared';
import { AuthService, RegisterRequest } from '../../core/auth/auth.service';
import { fullNameValidators, phoneValidators } from '../../core/forms/limits';
import { FormState } from '../../core/forms/form-state';
import { DateInputComponent } from '../../shared/ui/date-input.component';

@Component({
  selector: 'hms-register',
  imports: [ReactiveFormsModule, RouterLink, DateInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row justify-content-center">
      <div class="col-12 col-md-9 col-lg-6">
        <div class="card shadow-sm">
          <div class="card-body p-4">
            <h1 class="page-title">Create a patient account</h1>
            @if (state.formError(); as error) {
              <div class="alert alert-danger" role="alert">{{ error }}</div>
            }
            <form [formGroup]="state.form" (ngSubmit)="submit()" novalidate>
              @for (field of fields; track field.name) {
                <div class="mb-3">
                  <label [for]="'reg-' + field.name" class="form-label">
                    {{ field.label }}
                    @if (!field.required) {
                      <span class="text-secondary small">(optional)</span>
                    }
                  </label>
                  @if (field.type === 'date') {
                    <hms-date-input
                      [inputId]="'reg-' + field.name"
                      [formControlName]="field.name"
                      placeholder="e.g. 7 Dec 1990"
                      calendarLabel="Choose the date of birth from a calendar"
                      [max]="clinic.today()"
                      [invalid]="state.invalid(field.name)"
                      [describedBy]="'reg-' + field.name + '-hint reg-' + field.name + '-error'"
                    />
                  } @else {
                    <input
                      [id]="'reg-' + field.name"
                      [type]="field.type"
                      class="form-control"
                      [formControlName]="field.name"
                      [attr.autocomplete]="field.autocomplete"
                      [class.is-invalid]="state.invalid(field.name)"
                      [attr.aria-invalid]="state.invalid(field.name)"
                      [attr.aria-describedby]="'reg-' + field.name + '-hint reg-' + field.name + '-error'"
                    />
                  }
                  @if (field.hint) {
                    <div [id]="'reg-' + field.name + '-hint'" class="form-text">{{ field.hint }}</div>
                  }
                  <div [id]="'reg-' + field.name + '-error'" class="invalid-feedback">
                    {{ state.message(field.name, field.label) }}
                  </div>
                </div>
              }
              <button type="submit" class="btn btn-primary w-100" [disabled]="state.busy()">
                @if (state.busy()) {
                  <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
                }
                Create account
              </button>
            </form>
            <p class="mt-3 mb-0 text-center">Already registered? <a routerLink="/login">Sign in</a></p>
          </div>
        </div>
      </div>
    </div>
  `,
})
export class RegisterComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly clinic = inject(ClinicTime);

  protected readonly fields = [
    { name: 'fullName', label: 'Full name', type: 'text', autocomplete: 'name', required: true, hint: '' },
    { name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true, hint: '' },
    {
      name: 'password',
      label: 'Password',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      hint: `At least ${PASSWORD_MIN_LENGTH} characters.`,
    },
    { name: 'dateOfBirth', label: 'Date of birth', type: 'date', autocomplete: 'bday', required: false, hint: '' },
    {
      name: 'phone',
      label: 'Phone',
      type: 'tel',
      autocomplete: 'tel',
      required: false,
      hint: 'Digits, spaces, brackets or dashes.',
    },
  ] as const;

  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      fullName: ['', fullNameValidators],
      email: ['', [Validators.required, Validators.email]],
      password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
      dateOfBirth: ['', dateOfBirthValidator(() => this.clinic.today())],
      phone: ['', phoneValidators],
    }),
  );

  protected submit(): void {
    if (!this.state.begin()) return;
    const value = this.state.form.getRawValue();
    const body: RegisterRequest = {
      email: value.email.trim(),
      password: value.password,
      fullName: value.fullName.trim(),
    };
    if (value.dateOfBirth) body.dateOfBirth = value.dateOfBirth;
    if (value.phone.trim()) body.phone = value.phone.trim();
    this.auth.register(body).subscribe({
      next: (user) => {
        this.state.done();
        void this.router.navigateByUrl(user.role === 'patient' ? '/patient' : '/');
      },
      error: (error: unknown) => {
        const problem = this.state.fail(error);
        if (problem.status === 409) {
          this.state.serverFields.set({ email: 'An account with this email already exists.' });
          this.state.formError.set(null);
        }
      },
    });
  }
}
