import { HttpContext } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthClient } from '@hms/api-client';
import { PASSWORD_MIN_LENGTH } from '@hms/shared';
import { SILENT_ERRORS } from '../../core/http/api';
import { FormState } from '../../core/forms/form-state';
import { PASSWORD_HINT, sameAs } from '../../core/forms/password';

/** The target of an emailed link: a password reset, or (invite) a new doctor's first password. */
@Component({
  selector: 'hms-reset-password',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row justify-content-center">
      <div class="col-12 col-sm-10 col-md-7 col-lg-5">
        <div class="card shadow-sm">
          <div class="card-body p-4">
            <h1 class="page-title">{{ invite() ? 'Welcome: choose your password' : 'Choose a new password' }}</h1>
            @if (!token()) {
              <div class="alert alert-warning" role="alert">
                This page needs the link from your email. Open the link again, or ask for a new one.
              </div>
              <p class="mb-0"><a routerLink="/forgot-password">Email me a new link</a></p>
            } @else if (linkDead()) {
              <div class="alert alert-danger" role="alert">
                This link is invalid, has expired or was already used.
                @if (invite()) {
                  Ask the clinic for a new invitation, or
                }
                <a routerLink="/forgot-password">ask for a new link</a>.
              </div>
            } @else {
              @if (state.formError(); as error) {
                <div class="alert alert-danger" role="alert">{{ error }}</div>
              }
              <form [formGroup]="state.form" (ngSubmit)="submit()" novalidate>
                <div class="mb-3">
                  <label for="reset-new" class="form-label">New password</label>
                  <input
                    id="reset-new"
                    type="password"
                    class="form-control"
                    formControlName="newPassword"
                    autocomplete="new-password"
                    [class.is-invalid]="state.invalid('newPassword')"
                    [attr.aria-invalid]="state.invalid('newPassword')"
                    aria-describedby="reset-new-hint reset-new-error"
                  />
                  <div id="reset-new-hint" class="form-text">{{ hint }}</div>
                  <div id="reset-new-error" class="invalid-feedback" aria-live="polite">
                    {{ state.message('newPassword', 'New password') }}
                  </div>
                </div>
                <div class="mb-3">
                  <label for="reset-repeat" class="form-label">Repeat the new password</label>
                  <input
                    id="reset-repeat"
                    type="password"
                    class="form-control"
                    formControlName="repeat"
                    autocomplete="new-password"
                    [class.is-invalid]="state.invalid('repeat')"
                    [attr.aria-invalid]="state.invalid('repeat')"
                    aria-describedby="reset-repeat-error"
                  />
                  <div id="reset-repeat-error" class="invalid-feedback" aria-live="polite">
                    {{ state.message('repeat', 'Repeated password') }}
                  </div>
                </div>
                <button type="submit" class="btn btn-primary w-100" [disabled]="state.busy()">
                  @if (state.busy()) {
                    <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
                  }
                  {{ invite() ? 'Set my password' : 'Save the new password' }}
                </button>
              </form>
            }
          </div>
        </div>
      </div>
    </div>
  `,
})
export class ResetPasswordComponent {
  private readonly client = inject(AuthClient);
  private readonly router = inject(Router);
  /** From the link's query string. */
  readonly token = input<string>();
  /** From the route: the invitation wording. */
  readonly invite = input(false);
  protected readonly hint = PASSWORD_HINT;
  protected readonly linkDead = signal(false);
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      newPassword: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(128)]],
      repeat: ['', [Validators.required, sameAs('newPassword')]],
    }),
  );

  constructor() {
    this.state.form.controls.newPassword.valueChanges.subscribe(() =>
      this.state.form.controls.repeat.updateValueAndValidity({ emitEvent: false }),
    );
  }

  protected submit(): void {
    if (!this.state.begin()) return;
    const { newPassword } = this.state.form.getRawValue();
    this.client
      .authResetPassword(
        { body: { token: this.token() ?? '', newPassword } },
        new HttpContext().set(SILENT_ERRORS, true),
      )
      .subscribe({
        next: () => {
          this.state.done();
          void this.router.navigate(['/login'], { queryParams: { reason: 'password-set' } });
        },
        error: (error: unknown) => {
          const problem = this.state.fail(error);
          if (problem.status === 400 && problem.errors?.some((e) => e.field === 'token')) {
            this.linkDead.set(true);
          }
        },
      });
  }
}
