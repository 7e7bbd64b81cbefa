import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { EnvironmentInjector, runInInjectionContext } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, provideRouter, Router, RouterStateSnapshot, UrlTree } from '@angular/router';
import type { Role } from '@hms/shared';
import { guestGuard, permissionGuard } from './auth.guards';
import { AuthService } from './auth.service';

describe('route guards', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
  });

  function signInAs(role: Role): void {
    TestBed.inject(AuthService).login('x@example.com', 'pw').subscribe();
    backend
      .expectOne('/api/v1/auth/login')
      .flush({ accessToken: 't', expiresIn: 900, user: { id: '1', email: 'x@example.com', role, active: true } });
  }

  function run(guard: ReturnType<typeof permissionGuard>, url: string): boolean | UrlTree {
    return runInInjectionContext(TestBed.inject(EnvironmentInjector), () =>
      guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    ) as boolean | UrlTree;
  }

  const serialize = (result: boolean | UrlTree) =>
    typeof result === 'boolean' ? result : TestBed.inject(Router).serializeUrl(result);

  it('sends a visitor to sign in with the page they wanted', () => {
    expect(serialize(run(permissionGuard('admin:dashboard'), '/admin/doctors'))).toBe(
      '/login?returnUrl=%2Fadmin%2Fdoctors',
    );
  });

  it('lets a role in when the shared map gives it the permission', () => {
    signInAs('admin');
    expect(run(permissionGuard('admin:dashboard'), '/admin')).toBe(true);
  });

  it('sends a role without the permission to its own portal', () => {
    signInAs('patient');
    expect(serialize(run(permissionGuard('admin:dashboard'), '/admin'))).toBe('/patient');
    expect(serialize(run(permissionGuard('availability:manage'), '/doctor/availability'))).toBe('/patient');
  });

  it('keeps signed-in users away from the sign-in page', () => {
    expect(run(guestGuard, '/login')).toBe(true);
    signInAs('doctor');
    expect(serialize(run(guestGuard, '/login'))).toBe('/doctor');
  });
});
