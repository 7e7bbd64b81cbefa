import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Role } from '@hms/shared';
import { AuthService } from '../auth/auth.service';
import { HeaderComponent } from './header.component';

describe('HeaderComponent', () => {
  async function renderAs(role: Role | null): Promise<string[]> {
    TestBed.configureTestingModule({
      imports: [HeaderComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    if (role) {
      TestBed.inject(AuthService).login('x@example.com', 'pw').subscribe();
      TestBed.inject(HttpTestingController)
        .expectOne('/api/v1/auth/login')
        .flush({
          accessToken: 't',
          expiresIn: 900,
          refreshToken: 'r',
          user: { id: '1', email: 'x@example.com', role, active: true },
        });
    }
    const fixture = TestBed.createComponent(HeaderComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll('.navbar-nav .nav-link')].map(
      (a) => a.textContent?.trim() ?? '',
    );
  }

  it('shows a patient only the patient portal', async () => {
    expect(await renderAs('patient')).toEqual([
      'Home',
      'Find a doctor',
      'My appointments',
      'Waitlist',
      'Treatments',
      'Who viewed my record',
      'Profile',
    ]);
  });

  it('shows a doctor only the doctor portal', async () => {
    expect(await renderAs('doctor')).toEqual([
      'My day',
      'Appointments',
      'Weekly schedule',
      'Availability',
      'My patients',
    ]);
  });

  it('shows an admin the admin portal', async () => {
    expect(await renderAs('admin')).toEqual([
      'Dashboard',
      'Specializations',
      'Doctors',
      'Patients',
      'Today',
      'Appointments',
      'Jobs',
      'Audit',
    ]);
  });

  it('offers sign in and registration to visitors', async () => {
    expect(await renderAs(null)).toEqual([]);
    const fixture = TestBed.createComponent(HeaderComponent);
    fixture.detectChanges();
    const text = (fixture.nativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('Sign in');
    expect(text).toContain('Register');
  });
});
