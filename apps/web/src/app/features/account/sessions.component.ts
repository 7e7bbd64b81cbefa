import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AuthClient, type SessionDto } from '@hms/api-client';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { problemMessage, toProblem } from '../../core/http/problem';
import { ClinicTimePipe } from '../../core/time/clinic-time';
import { ToastService } from '../../core/ui/toast.service';

/** "Firefox on Linux" from a User-Agent header; good enough to tell one's own devices apart. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|Chromium\/|CriOS\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /CrOS/.test(ua)
            ? 'ChromeOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 60);
}

@Component({
  selector: 'hms-sessions',
  imports: [ClinicTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 mb-3">
      <h1 class="page-title mb-0">Sessions</h1>
      <button
        type="button"
        class="btn btn-outline-danger"
        [disabled]="busy() || others() === 0"
        (click)="signOutOthers()"
      >
        Sign out all other sessions
      </button>
    </div>
    <p class="text-secondary">
      Every place you are signed in. A session ends when you sign out, after a period without activity, or when your
      password changes.
    </p>
    <div aria-live="polite">
      @if (error(); as text) {
        <div class="alert alert-danger" role="alert">{{ text }}</div>
      }
      @if (sessions() === null) {
        <p class="text-secondary">
          <span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>Loading…
        </p>
      } @else {
        <ul class="list-group" aria-label="Your sessions">
          @for (s of sessions(); track s.id) {
            <li class="list-group-item d-flex flex-wrap align-items-center justify-content-between gap-2">
              <div>
                <div class="fw-semibold">
                  {{ device(s.userAgent) }}
                  @if (s.current) {
                    <span class="badge text-bg-success ms-1">This session</span>
                  }
                </div>
                <div class="small text-secondary">
                  Address {{ s.ip || 'unknown' }} · last used {{ s.lastUsedAt | clinicTime }} · signed in
                  {{ s.createdAt | clinicTime }}
                </div>
              </div>
              <button
                type="button"
                class="btn btn-sm btn-outline-secondary"
                [disabled]="busy()"
                (click)="signOut(s)"
                [attr.aria-label]="'Sign out ' + device(s.userAgent) + (s.current ? ' (this session)' : '')"
              >
                Sign out
              </button>
            </li>
          } @empty {
            <li class="list-group-item text-secondary">No active sessions.</li>
          }
        </ul>
      }
    </div>
  `,
})
export class SessionsComponent {
  private readonly client = inject(AuthClient);
  private readonly auth = inject(AuthService);
  private readonly toasts = inject(ToastService);
  protected readonly sessions = signal<SessionDto[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly device = describeDevice;

  constructor() {
    void this.load();
  }

  protected others(): number {
    return (this.sessions() ?? []).filter((s) => !s.current).length;
  }

  protected async signOut(session: SessionDto): Promise<void> {
    if (session.current) {
      await this.auth.logout('user');
      return;
    }
    await this.run(
      () => firstValueFrom(this.client.authRevokeSession({ id: session.id })),
      'The session was signed out.',
    );
  }

  protected async signOutOthers(): Promise<void> {
    await this.run(() => firstValueFrom(this.client.authRevokeOtherSessions()), 'All other sessions were signed out.');
  }

  private async run(call: () => Promise<unknown>, done: string): Promise<void> {
    this.busy.set(true);
    try {
      await call();
      this.toasts.success(done);
      await this.load();
    } catch (error) {
      this.error.set(problemMessage(toProblem(error)));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.sessions.set(await firstValueFrom(this.client.authSessions()));
      this.error.set(null);
    } catch (error) {
      this.sessions.set([]);
      this.error.set(problemMessage(toProblem(error)));
    }
  }
}
