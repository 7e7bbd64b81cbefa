import { HttpContext } from '@angular/common/http';
import { computed, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AuthClient, type AuthResponse, type RegisterDto, type User } from '@hms/api-client';
import { hasPermission, type Permission, type Role } from '@hms/shared';
import { finalize, firstValueFrom, map, Observable, share } from 'rxjs';
import { SILENT_ERRORS, SKIP_AUTH_RETRY } from '../http/api';

export type RegisterRequest = RegisterDto;

export type SignOutReason = 'idle' | 'expired' | 'user';

/** Where the forced password change lives. */
export const CHANGE_PASSWORD_URL = '/account/password';

/** Loads a URL as a new document: every component, dialog and form of the previous user is gone. */
export const PAGE_LOADER = new InjectionToken<(url: string) => void>('PAGE_LOADER', {
  providedIn: 'root',
  factory: () => (url: string) => window.location.assign(url),
});

const HOME: Record<Role, string> = {
  admin: '/admin',
  doctor: '/doctor',
  patient: '/patient',
  receptionist: '/desk',
};

export function homeUrl(role: Role | null): string {
  return role ? HOME[role] : '/login';
}

/**
 * The signed-in user and their access token, held in memory only.
 * The refresh token lives in an HttpOnly cookie the browser sends to /auth/refresh.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly client = inject(AuthClient);
  private readonly router = inject(Router);
  private readonly loadPage = inject(PAGE_LOADER);

  private readonly token = signal<string | null>(null);
  private readonly current = signal<User | null>(null);
  private refreshing: Observable<string> | null = null;

  readonly user = this.current.asReadonly();
  readonly role = computed<Role | null>(() => this.current()?.role ?? null);
  readonly signedIn = computed(() => this.current() !== null);
  /** A temporary or generated password: nothing but the password change until it is changed. */
  readonly mustChangePassword = computed(() => this.current()?.mustChangePassword === true);

  accessToken(): string | null {
    return this.token();
  }

  can(permission: Permission): boolean {
    return hasPermission(this.role(), permission);
  }

  home(): string {
    return this.mustChangePassword() ? CHANGE_PASSWORD_URL : homeUrl(this.role());
  }

  login(email: string, password: string): Observable<User> {
    return this.client.authLogin({ body: { email, password } }, this.context()).pipe(map((res) => this.accept(res)));
  }

  register(body: RegisterRequest): Observable<User> {
    return this.client.authRegister({ body }, this.context()).pipe(map((res) => this.accept(res)));
  }

  /** A new access token from the refresh cookie. Concurrent callers share one request. */
  refresh(): Observable<string> {
    if (!this.refreshing) {
      this.refreshing = this.client.authRefresh({ body: {} }, this.context()).pipe(
        map((res) => {
          this.accept(res);
          return res.accessToken;
        }),
        finalize(() => (this.refreshing = null)),
        share(),
      );
    }
    return this.refreshing;
  }

  /** At start: sign in silently when the browser still holds a valid refresh cookie. */
  async restoreSession(): Promise<void> {
    try {
      await firstValueFrom(this.refresh());
    } catch {
      this.clear();
    }
  }

  /**
   * Signs out: the session ends on the server (logout needs only the refresh
   * cookie, so an expired access token never blocks it) and the cookie is
   * cleared. The sign-in page is then loaded as a new document, so nothing of
   * the previous user (an open dialog, a half-filled form, a patient's data)
   * stays in memory or on screen.
   */
  async logout(reason: SignOutReason = 'user'): Promise<void> {
    try {
      await firstValueFrom(this.client.authLogout({ body: {} }, this.context()));
    } catch {
      /* offline: the page reload below still drops everything held in memory */
    }
    this.clear();
    this.loadPage(reason === 'user' ? '/login' : `/login?reason=${reason}`);
  }

  /** The API answered 403 password_change_required: go to the password change. */
  passwordChangeRequired(): void {
    const user = this.current();
    if (user && !user.mustChangePassword) this.current.set({ ...user, mustChangePassword: true });
    void this.router.navigateByUrl(CHANGE_PASSWORD_URL);
  }

  /** The refresh token was refused: the session is over. */
  sessionExpired(): void {
    if (this.current() === null) return;
    const returnUrl = this.router.url;
    this.clear();
    // A new document, as for any sign-out: no dialog or form of the ended session survives.
    this.loadPage(`/login?reason=expired&returnUrl=${encodeURIComponent(returnUrl)}`);
  }

  private accept(res: AuthResponse): User {
    this.token.set(res.accessToken);
    this.current.set(res.user);
    return res.user;
  }

  private clear(): void {
    this.token.set(null);
    this.current.set(null);
  }

  /** Auth calls report their own failures and never trigger the refresh-and-retry. */
  private context(): HttpContext {
    return new HttpContext().set(SKIP_AUTH_RETRY, true).set(SILENT_ERRORS, true);
  }
}
