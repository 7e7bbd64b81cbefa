import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { loader } from '../../../core/http/loader';
import { problemMessage, toProblem } from '../../../core/http/problem';
import { ClinicTimePipe } from '../../../core/time/clinic-time';
import { ToastService } from '../../../core/ui/toast.service';
import { ConfirmService } from '../../../shared/ui/confirm.service';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from '../../../shared/ui/loading.component';
import { StaffApi, type StaffMember } from '../../desk/desk.api';

/** Staff accounts of the front desk: invite by email, deactivate, restore. */
@Component({
  selector: 'hms-admin-staff',
  imports: [FormsModule, ClinicTimePipe, LoadingComponent, ErrorBoxComponent, EmptyStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="page-title">Staff</h1>
    <div class="row g-4">
      <div class="col-lg-7">
        <hms-error-box [message]="list.error()" />
        @if (list.loading() && !list.value()) {
          <hms-loading />
        } @else if ((list.value() ?? []).length === 0) {
          <hms-empty text="No front desk staff yet." />
        } @else {
          <p class="text-secondary small">{{ list.value()!.length }} staff accounts</p>
          <ul class="list-group" data-testid="staff-list">
            @for (s of list.value(); track s.id) {
              <li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">
                <div>
                  <strong>{{ s.fullName }}</strong> <span class="badge text-bg-light">{{ s.role }}</span>
                  @if (!s.active) {
                    <span class="badge text-bg-secondary">deactivated</span>
                  }
                  <div class="small text-secondary">
                    {{ s.email }} ·
                    {{ s.lastLoginAt ? 'last sign-in ' + (s.lastLoginAt | clinicTime) : 'not signed in yet' }}
                  </div>
                </div>
                @if (s.active) {
                  <button type="button" class="btn btn-sm btn-outline-danger" (click)="setActive(s, false)">
                    Deactivate
                  </button>
                } @else {
                  <button type="button" class="btn btn-sm btn-outline-primary" (click)="setActive(s, true)">
                    Restore
                  </button>
                }
              </li>
            }
          </ul>
        }
      </div>
      <div class="col-lg-5">
        <h2 class="h5">Invite a receptionist</h2>
        <form (ngSubmit)="invite()" novalidate data-testid="staff-invite-form">
          <div class="mb-2">
            <label for="staff-name" class="form-label">Full name</label>
            <input
              id="staff-name"
              class="form-control"
              name="fullName"
              required
              maxlength="120"
              [(ngModel)]="fullName"
            />
          </div>
          <div class="mb-2">
            <label for="staff-email" class="form-label">Email</label>
            <input
              id="staff-email"
              type="email"
              class="form-control"
              name="email"
              required
              maxlength="254"
              [(ngModel)]="email"
            />
            <div class="form-text">They are emailed a link to set their password.</div>
          </div>
          @if (error()) {
            <div class="alert alert-danger" role="alert">{{ error() }}</div>
          }
          <button type="submit" class="btn btn-primary" [disabled]="busy()" data-testid="staff-invite">
            Send invitation
          </button>
        </form>
      </div>
    </div>
  `,
})
export class AdminStaffComponent {
  private readonly api = inject(StaffApi);
  private readonly toasts = inject(ToastService);
  private readonly confirm = inject(ConfirmService);
  protected readonly list = loader(() => this.api.list());
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected fullName = '';
  protected email = '';

  protected invite(): void {
    if (!this.fullName.trim() || !this.email.trim()) {
      this.error.set('Name and email are needed.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.api.invite({ fullName: this.fullName.trim(), email: this.email.trim(), role: 'receptionist' }).subscribe({
      next: (s) => {
        this.busy.set(false);
        this.toasts.success(`Invitation sent to ${s.email}.`);
        this.fullName = '';
        this.email = '';
        this.list.load();
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(problemMessage(toProblem(e)));
      },
    });
  }

  protected async setActive(s: StaffMember, active: boolean): Promise<void> {
    if (!active) {
      const ok = await this.confirm.ask({
        title: 'Deactivate staff account',
        text: `${s.fullName} will be signed out everywhere and cannot sign in until restored.`,
        confirmLabel: 'Deactivate',
        danger: true,
      });
      if (!ok) return;
    }
    this.api.setActive(s.id, active).subscribe({
      next: () => {
        this.toasts.success(active ? `${s.fullName} is restored.` : `${s.fullName} is deactivated.`);
        this.list.load();
      },
      error: (e: unknown) => this.toasts.error(problemMessage(toProblem(e))),
    });
  }
}
