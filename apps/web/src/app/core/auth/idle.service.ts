import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, Injectable, InjectionToken } from '@angular/core';
import { ClinicTime } from '../time/clinic-time';
import { ToastService } from '../ui/toast.service';
import { AuthService } from './auth.service';

/**
 * Milliseconds without keyboard, pointer or scroll activity before the user is
 * signed out: the server's SESSION_IDLE_MINUTES (GET /clinic), 30 by default.
 */
export const IDLE_TIMEOUT_MS = new InjectionToken<number>('IDLE_TIMEOUT_MS', {
  providedIn: 'root',
  factory: () => inject(ClinicTime).sessionIdleMinutes() * 60 * 1000,
});

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll', 'mousemove'] as const;

/** Signs the user out after a period of inactivity (SESSION_IDLE_MINUTES, 30 by default). */
@Injectable({ providedIn: 'root' })
export class IdleService {
  private readonly auth = inject(AuthService);
  private readonly document = inject(DOCUMENT);
  private readonly timeout = inject(IDLE_TIMEOUT_MS);
  private readonly toasts = inject(ToastService);
  private lastActivity = Date.now();
  private lastKeepAlive = Date.now();
  private warned = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly onActivity = () => {
    this.lastActivity = Date.now();
    this.warned = false;
  };

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  start(): void {
    if (this.timer) return;
    this.lastActivity = Date.now();
    this.lastKeepAlive = this.lastActivity;
    for (const name of ACTIVITY_EVENTS) {
      this.document.addEventListener(name, this.onActivity, { passive: true, capture: true });
    }
    const every = Math.max(1000, Math.min(30_000, Math.floor(this.timeout / 10)));
    this.timer = setInterval(() => this.check(), every);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const name of ACTIVITY_EVENTS) {
      this.document.removeEventListener(name, this.onActivity, { capture: true });
    }
  }

  private keepAliveEvery(): number {
    return Math.max(60_000, Math.floor(this.timeout / 3));
  }

  /**
   * Public for tests: signs out when the user has been idle for the whole
   * timeout, and keeps the server session alive while the user is active.
   */
  check(now = Date.now()): void {
    if (!this.auth.signedIn()) {
      this.lastActivity = now;
      return;
    }
    const idle = now - this.lastActivity;
    if (idle >= this.timeout) {
      this.lastActivity = now;
      this.warned = false;
      void this.auth.logout('idle');
    } else if (this.lastActivity > this.lastKeepAlive && now - this.lastKeepAlive >= this.keepAliveEvery()) {
      // Typing a long note calls no API: refresh anyway, so the server does not end an active session as idle.
      this.lastKeepAlive = now;
      this.auth.refresh().subscribe({ error: () => this.auth.sessionExpired() });
    } else if (!this.warned && this.timeout >= 10 * 60_000 && idle >= this.timeout - 2 * 60_000) {
      this.warned = true;
      this.toasts.show('You will be signed out in about two minutes unless you continue.', 'warning', 30_000);
    }
  }
}
