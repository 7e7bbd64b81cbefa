import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthService, CHANGE_PASSWORD_URL, homeUrl, PAGE_LOADER } from './auth.service';

const doctor = { id: 'd1', email: 'doc@example.com', role: 'doctor' as const, active: true, mustChangePassword: false };

describe('AuthService', () => {
  let auth: AuthService;
  let backend: HttpTestingController;
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
    auth = TestBed.inject(AuthService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('keeps the token in memory and never in web storage', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    auth.login('doc@example.com', 'pw-12345678').subscribe();
    const req = backend.expectOne('/api/v1/auth/login');
    expect(req.request.body).toEqual({ email: 'doc@example.com', password: 'pw-12345678' });
    expect(req.request.withCredentials).toBe(true);
    req.flush({ accessToken: 'abc', expiresIn: 900, refreshToken: 'r', user: doctor });

    expect(auth.accessToken()).toBe('abc');
    expect(auth.role()).toBe('doctor');
    expect(auth.home()).toBe('/doctor');
    expect(setItem).not.toHaveBeenCalled();
  });

  it('reads permissions from the shared map', () => {
    auth.login('doc@example.com', 'pw').subscribe();
    backend.expectOne('/api/v1/auth/login').flush({ accessToken: 'abc', expiresIn: 900, user: doctor });
    expect(auth.can('availability:manage')).toBe(true);
    expect(auth.can('appointments:book')).toBe(false);
    expect(auth.can('doctors:manage')).toBe(false);
  });

  it('restores a session from the refresh cookie at start', async () => {
    const done = auth.restoreSession();
    backend.expectOne('/api/v1/auth/refresh').flush({ accessToken: 'fresh', expiresIn: 900, user: doctor });
    await done;
    expect(auth.signedIn()).toBe(true);
    expect(auth.accessToken()).toBe('fresh');
  });

  it('starts signed out when there is no valid refresh cookie', async () => {
    const done = auth.restoreSession();
    backend
      .expectOne('/api/v1/auth/refresh')
      .flush({ title: 'Unauthorized', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    await done;
    expect(auth.signedIn()).toBe(false);
  });

  it('ends the session on the server on sign out, forgets the user and reloads the sign-in page', async () => {
    auth.login('doc@example.com', 'pw').subscribe();
    backend.expectOne('/api/v1/auth/login').flush({ accessToken: 'abc', expiresIn: 900, user: doctor });

    const done = auth.logout('idle');
    const req = backend.expectOne('/api/v1/auth/logout');
    expect(req.request.withCredentials).toBe(true);
    req.flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(auth.signedIn()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(loaded).toEqual(['/login?reason=idle']);
  });

  it('signs out on the server even when nobody is signed in here (expired access token)', async () => {
    const done = auth.logout('user');
    backend.expectOne('/api/v1/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
    await done;
    expect(loaded).toEqual(['/login']);
  });

  it('sends an account with a temporary password to the password change', () => {
    auth.login('doc@example.com', 'pw').subscribe();
    backend
      .expectOne('/api/v1/auth/login')
      .flush({ accessToken: 'abc', expiresIn: 900, user: { ...doctor, mustChangePassword: true } });
    expect(auth.mustChangePassword()).toBe(true);
    expect(auth.home()).toBe(CHANGE_PASSWORD_URL);
  });

  it('maps each role to its portal', () => {
    expect(homeUrl('admin')).toBe('/admin');
    expect(homeUrl('patient')).toBe('/patient');
    expect(homeUrl(null)).toBe('/login');
  });
});
