import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { DOCUMENT } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ToastService } from '../ui/toast.service';
import { AuthService } from './auth.service';
import { IDLE_TIMEOUT_MS, IdleService } from './idle.service';

describe('IdleService', () => {
  let auth: AuthService;
  let idle: IdleService;
  let logout: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: IDLE_TIMEOUT_MS, useValue: 30 * 60 * 1000 },
      ],
    });
    auth = TestBed.inject(AuthService);
    auth.login('p@example.com', 'pw').subscribe();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/auth/login')
      .flush({
        accessToken: 't',
        expiresIn: 900,
        user: { id: '1', email: 'p@example.com', role: 'patient', active: true },
      });
    logout = vi.spyOn(auth, 'logout').mockResolvedValue();
    idle = TestBed.inject(IdleService);
    idle.start();
  });

  afterEach(() => {
    idle.stop();
    vi.useRealTimers();
  });

  it('signs out after 30 minutes without activity', () => {
    vi.advanceTimersByTime(29 * 60 * 1000);
    expect(logout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60 * 1000 + 30_000);
    expect(logout).toHaveBeenCalledWith('idle');
  });

  it('warns shortly before signing out', () => {
    const toasts = TestBed.inject(ToastService);
    vi.advanceTimersByTime(27 * 60 * 1000);
    expect(toasts.toasts()).toEqual([]);
    vi.advanceTimersByTime(90 * 1000);
    expect(toasts.toasts().map((t) => t.kind)).toEqual(['warning']);
    expect(logout).not.toHaveBeenCalled();
  });

  it('keeps the session while the user is active, refreshing it on the server', () => {
    const doc = TestBed.inject(DOCUMENT);
    const backend = TestBed.inject(HttpTestingController);
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(20 * 60 * 1000);
      doc.dispatchEvent(new KeyboardEvent('keydown'));
      vi.advanceTimersByTime(30_000);
      backend.expectOne('/api/v1/auth/refresh').flush({
        accessToken: `t${i}`,
        expiresIn: 900,
        user: { id: '1', email: 'p@example.com', role: 'patient', active: true, mustChangePassword: false },
      });
    }
    expect(logout).not.toHaveBeenCalled();
    expect(auth.accessToken()).toBe('t3');
  });

  it('does not refresh while nobody uses the page', () => {
    vi.advanceTimersByTime(25 * 60 * 1000);
    TestBed.inject(HttpTestingController).expectNone('/api/v1/auth/refresh');
  });
});
