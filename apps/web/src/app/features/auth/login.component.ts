import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ClinicTime } from '../../core/time/clinic-time';
import { FormState } from '../../core/forms/form-state';
import { rateLimitMessage } from '../../core/http/problem';

@Component({
  selector: 'hms-login',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row justify-content-center">
      <div class="col-12 col-sm-10 col-md-7 col-lg-5">
        <div class="card shadow-sm">
          <div class="card-body p-4">
            <h1 class="page-title">Sign in</h1>
            @if (notice(); as text) {
              <div class="alert alert-info" role="status">{{ text }}</div>
            }
            @if (state.formError(); as error) {
              <div class="alert alert-danger" role="alert">{{ error }}</div>
            }
            <form [formGroup]="state.form" (ngSubmit)="submit()" novalidate>
              <div class="mb-3">
                <label for="login-email" class="form-label">Email</label>
                <input
                  id="login-email"
                  type="email"
                  class="form-control"
                  formControlName="email"
                  autocomplete="username"
                  [class.is-invalid]="state.invalid('email')"
                  [attr.aria-invalid]="state.invalid('email')"
                  aria-describedby="login-email-error"
                />
                <div id="login-email-error" class="invalid-feedback">{{ state.message('email', 'Email') }}</div>
              </div>
              <div class="mb-3">
                <label for="login-password" class="form-label">Password</label>
                <input
                  id="login-password"
                  type="password"
                  class="form-control"
                  formControlName="password"
                  autocomplete="current-password"
                  [class.is-invalid]="state.invalid('password')"
                  [attr.aria-invalid]="state.invalid('password')"
                  aria-describedby="login-password-error"
                />
                <div id="login-password-error" class="invalid-feedback">
                  {{ state.message('password', 'Password') }}
                </div>
              </div>
              <button type="submit" class="btn btn-primary w-100" [disabled]="state.busy()">
                @if (state.busy()) {
                  <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
                }
                Sign in
              </button>
            </form>
            <p class="mt-3 mb-1 text-center"><a routerLink="/forgot-password">Forgot your password?</a></p>
            <p class="mb-0 text-center">New patient? <a routerLink="/register">Create an account</a></p>
          </div>
        </div>
      </div>
    </div>
  `,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly clinic = inject(ClinicTime);
  readonly returnUrl = input<string>();
  readonly reason = input<string>();

  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      email: ['', [Validators.required, Validators.email]],
      password: ['', Validators.required],
    }),
  );

  protected readonly notice = computed(() => {
    switch (this.reason()) {
      case 'idle':
        return `You were signed out after ${this.clinic.sessionIdleMinutes()} minutes without activity.`;
      case 'expired':
        return 'Your session has ended. Please sign in again.';
      case 'password-set':
        return 'Your password is set. Sign in with it.';
      default:
        return null;
    }
  });

  protected submit(): void {
    if (!this.state.begin()) return;
    const { email, password } = this.state.form.getRawValue();
    this.auth.login(email.trim(), password).subscribe({
      next: (user) => {
        this.state.done();
        const target = user.mustChangePassword ? null : this.returnUrl();
        const safe = target && target.startsWith('/') && !target.startsWith('//') ? target : this.auth.home();
        void this.router.navigateByUrl(safe);
      },
      error: (error: unknown) => {
        const problem = this.state.fail(error);
        if (problem.status === 401) this.state.formError.set('Wrong email or password.');
        else if (problem.status === 429 && error instanceof HttpErrorResponse)
          this.state.formError.set(rateLimitMessage(error));
        else if (problem.status === 403)
          this.state.formError.set('This account is deactivated. Please contact the clinic.');
      },
    });
  }
}
