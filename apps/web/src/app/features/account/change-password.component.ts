import { HttpContext } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { AuthClient } from '@hms/api-client';
import { PASSWORD_MIN_LENGTH } from '@hms/shared';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { SILENT_ERRORS } from '../../core/http/api';
import { FormState } from '../../core/forms/form-state';
import { PASSWORD_HINT, sameAs } from '../../core/forms/password';
import { ToastService } from '../../core/ui/toast.service';

/** Change the password; also the forced change of a temporary or generated password. */
@Component({
  selector: 'hms-change-password',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row justify-content-center">
      <div class="col-12 col-md-9 col-lg-6">
        <h1 class="page-title">{{ auth.mustChangePassword() ? 'Choose your own password' : 'Change password' }}</h1>
        @if (auth.mustChangePassword()) {
          <div class="alert alert-warning" role="alert">
            Your password was set for you and is only temporary. Choose your own password to continue.
          </div>
        } @else {
          <p class="text-secondary">Your other sessions are signed out when the password changes; this one stays.</p>
        }
        @if (state.formError(); as error) {
          <div class="alert alert-danger" role="alert">{{ error }}</div>
        }
        <form [formGroup]="state.form" (ngSubmit)="submit()" novalidate class="card card-body shadow-sm">
          <div class="mb-3">
            <label for="pw-current" class="form-label">Current password</label>
            <input
              id="pw-current"
              type="password"
              class="form-control"
              formControlName="currentPassword"
              autocomplete="current-password"
              [class.is-invalid]="state.invalid('currentPassword')"
              [attr.aria-invalid]="state.invalid('currentPassword')"
              aria-describedby="pw-current-error"
            />
            <div id="pw-current-error" class="invalid-feedback" aria-live="polite">
              {{ state.message('currentPassword', 'Current password') }}
            </div>
          </div>
          <div class="mb-3">
            <label for="pw-new" class="form-label">New password</label>
            <input
              id="pw-new"
              type="password"
              class="form-control"
              formControlName="newPassword"
              autocomplete="new-password"
              [class.is-invalid]="state.invalid('newPassword')"
              [attr.aria-invalid]="state.invalid('newPassword')"
              aria-describedby="pw-new-hint pw-new-error"
            />
            <div id="pw-new-hint" class="form-text">{{ hint }}</div>
            <div id="pw-new-error" class="invalid-feedback" aria-live="polite">
              {{ state.message('newPassword', 'New password') }}
            </div>
          </div>
          <div class="mb-3">
            <label for="pw-repeat" class="form-label">Repeat the new password</label>
            <input
              id="pw-repeat"
              type="password"
              class="form-control"
              formControlName="repeat"
              autocomplete="new-password"
              [class.is-invalid]="state.invalid('repeat')"
              [attr.aria-invalid]="state.invalid('repeat')"
              aria-describedby="pw-repeat-error"
            />
            <div id="pw-repeat-error" class="invalid-feedback" aria-live="polite">
              {{ state.message('repeat', 'Repeated password') }}
            </div>
          </div>
          <div>
            <button type="submit" class="btn btn-primary" [disabled]="state.busy()">
              @if (state.busy()) {
                <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>
              }
              Change password
            </button>
          </div>
        </form>
      </div>
    </div>
  `,
})
export class ChangePasswordComponent {
  protected readonly auth = inject(AuthService);
  private readonly client = inject(AuthClient);
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);
  protected readonly hint = PASSWORD_HINT;
  protected readonly state = new FormState(
    inject(NonNullableFormBuilder).group({
      currentPassword: ['', Validators.required],
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
    const { currentPassword, newPassword } = this.state.form.getRawValue();
    this.client
      .authChangePassword({ body: { currentPassword, newPassword } }, new HttpContext().set(SILENT_ERRORS, true))
      .subscribe({
        next: () => void this.changed(),
        error: (error: unknown) => this.state.fail(error),
      });
  }

  private async changed(): Promise<void> {
    const wasRequired = this.auth.mustChangePassword();
    // A new access token without the password-change requirement.
    await firstValueFrom(this.auth.refresh()).catch(() => undefined);
    this.state.done();
    this.state.reset();
    this.toasts.success('Your password was changed. Your other sessions were signed out.');
    if (wasRequired) void this.router.navigateByUrl(this.auth.home());
  }
}
