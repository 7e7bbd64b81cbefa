import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { AuthClient } from '@hms/api-client';
import { SILENT_ERRORS } from '../../core/http/api';
import { HttpContext } from '@angular/common/http';
import { FormState } from '../../core/forms/form-state';

@Component({
  selector: 'hms-forgot-password',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row justify-content-center">
      <div class="col-12 col-sm-10 col-md-7 col-lg-5">
        <div class="card shadow-sm">
          <div class="card-body p-4">
            <h1 class="page-title">Forgot your password?</h1>
            @if (sentTo(); as email) {
              <div class="alert alert-success" role="status">
                If an account exists for {{ email }}, we have emailed it a link to choose a new password. The link works
                once, for 30 minutes.
              </div>
              <p class="mb-0"><a routerLink="/login">Back to sign in</a></p>
            } @else {
              <p>Enter the email you sign in with. We will email you a link to choose a new password.</p>
              @if (state.formError(); as error) {
                <div class="alert alert-danger" role="alert">{{ error }}</div>
              }
              <form [formGroup]="state.form" (ngSubmit)="submit()" novalidate>
                <div class="mb-3">
                  <label for="forgot-email" class="form-label">Email</label>
                  <input
                    id="forgot-email"
                    type="email"
                    class="form-control"
                    formControlName="email"
                    autocomplete="username"
                    [class.is-invalid]="state.invalid('email')"
                    [attr.aria-invalid]="state.invalid('email')"
                    aria-describedby="forgot-email-error"
                  />
                  <div id="forgot-email-error" class="invalid-feedback" aria-live="polite">
                    {{ state.message('email', 'Email') }}
                  </div>
                </div>
                <button type="submit" class="btn btn-primary w-100" [disabled]="state.busy()">
                  @if (state.busy()) {
                    <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
                  }
                  Email me a link
                </button>
              </form>
              <p class="mt-3 mb-0 text-center"><a routerLink="/login">Back to sign in</a></p>
            }
          </div>
        </div>
      </div>
    </div>
  `,
})
export class ForgotPasswordComponent {
  private readonly client = inject(AuthClient);
  protected readonly sentTo = signal<string | null>(null);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({ email: ['', [Validators.required, Validators.email]] }),
  );

  protected submit(): void {
    if (!this.state.begin()) return;
    const email = this.state.form.getRawValue().email.trim();
    this.client.authForgotPassword({ body: { email } }, new HttpContext().set(SILENT_ERRORS, true)).subscribe({
      next: () => {
        this.state.done();
        this.sentTo.set(email);
      },
      error: (error: unknown) => this.state.fail(error),
    });
  }
}
