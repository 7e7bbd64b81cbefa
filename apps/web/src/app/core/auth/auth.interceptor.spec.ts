import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { AuthResponse } from '@hms/api-client';
import { authInterceptor } from './auth.interceptor';
import { ToastService } from '../ui/toast.service';
import { AuthService, PAGE_LOADER } from './auth.service';

function authResponse(token: string): AuthResponse {
  return {
    accessToken: token,
    expiresIn: 900,
    refreshToken: 'refresh-' + token,
    user: { id: 'u1', email: 'pat@example.com', role: 'patient', active: true, mustChangePassword: false },
  };
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthService;
  let loaded: string[];

  beforeEach(() => {
    loaded = [];
    TestBed.configureTestingModule({
      providers: [
        { provide: PAGE_LOADER, useValue: (url: string) => loaded.push(url) },
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => backend.verify());

  function signIn(token = 'token-1'): void {
    auth.login('pat@example.com', 'secret-pass').subscribe();
    backend.expectOne('/api/v1/auth/login').flush(authResponse(token));
  }

  it('sends the access token to API routes only', () => {
    signIn();
    http.get('/api/v1/patient/profile').subscribe();
    http.get('https://cdn.example.com/file.json').subscribe();
    expect(backend.expectOne('/api/v1/patient/profile').request.headers.get('Authorization')).toBe('Bearer token-1');
    expect(backend.expectOne('https://cdn.example.com/file.json').request.headers.has('Authorization')).toBe(false);
  });

  it('refreshes once on 401 and retries the call with the new token', () => {
    signIn();
    let body: unknown;
    http.get('/api/v1/patient/profile').subscribe((b) => (body = b));
    backend.expectOne('/api/v1/patient/profile').flush({}, { status: 401, statusText: 'Unauthorized' });

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.withCredentials).toBe(true);
    refresh.flush(authResponse('token-2'));

    const retry = backend.expectOne('/api/v1/patient/profile');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer token-2');
    retry.flush({ fullName: 'Pat' });
    expect(body).toEqual({ fullName: 'Pat' });
    expect(auth.accessToken()).toBe('token-2');
  });

  it('keeps the session and says when to try again when the refresh is rate limited', () => {
    signIn();
    const toasts = TestBed.inject(ToastService);
    let failed: HttpErrorResponse | undefined;
    http.get('/api/v1/patient/profile').subscribe({ error: (e: HttpErrorResponse) => (failed = e) });
    backend.expectOne('/api/v1/patient/profile').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush(
      {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'This session is refreshing too often; try again in 40 seconds',
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '40' } },
    );
    expect(failed?.status).toBe(429);
    expect(auth.signedIn()).toBe(true);
    expect(toasts.toasts().map((t) => t.text)).toEqual([
      'This session is refreshing too often; try again in 40 seconds',
    ]);
  });

  it('shares one refresh between concurrent 401s', () => {
    signIn();
    http.get('/api/v1/a').subscribe();
    http.get('/api/v1/b').subscribe();
    backend.expectOne('/api/v1/a').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/b').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush(authResponse('token-2'));
    backend.expectOne('/api/v1/a').flush({});
    backend.expectOne('/api/v1/b').flush({});
  });

  it('does not retry a second time when the retried call is refused again', () => {
    signIn();
    let status = 0;
    http.get('/api/v1/doctor/dashboard').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });
    backend.expectOne('/api/v1/doctor/dashboard').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush(authResponse('token-2'));
    backend.expectOne('/api/v1/doctor/dashboard').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(401);
  });

  it('ends the session and goes to sign in when the refresh is refused', async () => {
    signIn();
    let status = 0;
    http.get('/api/v1/patient/profile').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });
    backend.expectOne('/api/v1/patient/profile').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush({}, { status: 401, statusText: 'Unauthorized' });

    expect(status).toBe(401);
    expect(auth.signedIn()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(loaded).toEqual([expect.stringMatching(/^\/login\?reason=expired&returnUrl=/)]);
  });

  it('sends the user to the password change on 403 password_change_required', () => {
    signIn();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    http.get('/api/v1/patient/profile').subscribe({ error: () => undefined });
    backend
      .expectOne('/api/v1/patient/profile')
      .flush(
        { type: 'urn:hms:problem:password_change_required', title: 'Forbidden', status: 403 },
        { status: 403, statusText: 'Forbidden' },
      );
    expect(auth.mustChangePassword()).toBe(true);
    expect(navigate).toHaveBeenCalledWith('/account/password');
  });

  it('passes a 401 through when nobody is signed in', () => {
    let status = 0;
    http.get('/api/v1/patient/profile').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });
    backend.expectOne('/api/v1/patient/profile').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(401);
  });

  it('never refreshes on a failed sign-in', () => {
    let status = 0;
    auth.login('pat@example.com', 'wrong').subscribe({ error: (e: HttpErrorResponse) => (status = e.status) });
    backend.expectOne('/api/v1/auth/login').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(401);
  });
});
