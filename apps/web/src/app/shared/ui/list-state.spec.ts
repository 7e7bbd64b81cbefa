import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Doctor } from '@hms/api-client';
import { DoctorsListComponent } from '../../features/admin/doctors/doctors-list.component';
import { AdminAppointmentsComponent } from '../../features/admin/appointments/admin-appointments.component';
import { DoctorAppointmentsComponent } from '../../features/doctor/appointments/doctor-appointments.component';
import { DoctorPatientsComponent } from '../../features/doctor/patients/doctor-patients.component';
import { ListState } from './list-state';

function doctors(n: number, from = 1): Doctor[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d${from + i}`,
    fullName: `Doctor ${from + i}`,
    email: `d${from + i}@clinic.test`,
    specialization: { id: 's1', name: 'Cardiology' },
    qualification: 'MD',
    experienceYears: 3,
    active: true,
  })) as Doctor[];
}

async function setUp(url: string) {
  TestBed.configureTestingModule({
    providers: [
      provideRouter([
        { path: 'admin/doctors', component: DoctorsListComponent },
        { path: 'admin/appointments', component: AdminAppointmentsComponent },
        { path: 'doctor/appointments', component: DoctorAppointmentsComponent },
        { path: 'doctor/patients', component: DoctorPatientsComponent },
      ]),
      provideHttpClient(),
      provideHttpClientTesting(),
    ],
  });
  const backend = TestBed.inject(HttpTestingController);
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl(url);
  harness.fixture.detectChanges();
  await harness.fixture.whenStable();
  return { backend, harness, router: TestBed.inject(Router) };
}

/** The one open request to a list route (other reads on the page, e.g. departments, are answered empty). */
function listRequest(backend: HttpTestingController, path: string): TestRequest {
  for (const other of backend.match((r) => r.url === '/api/v1/admin/specializations')) other.flush([]);
  return backend.expectOne((r) => r.url === path);
}

function params(req: TestRequest): Record<string, string> {
  const p = req.request.params;
  return Object.fromEntries(p.keys().map((k) => [k, p.get(k) ?? '']));
}

async function settle(harness: RouterTestingHarness): Promise<void> {
  harness.fixture.detectChanges();
  await harness.fixture.whenStable();
  harness.fixture.detectChanges();
}

// Generous: the first test compiles the routed components, slow on a busy machine.
describe('URL-synced list state', { timeout: 30_000 }, () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('asks the server for the filters and page in the URL and shows the range of the total', async () => {
    const { backend, harness } = await setUp('/admin/doctors?search=ada&active=false&page=3');
    const req = listRequest(backend, '/api/v1/admin/doctors');
    expect(params(req)).toEqual({ search: 'ada', active: 'false', page: '3', pageSize: '20' });
    req.flush({ items: doctors(20, 41), total: 213, page: 3, pageSize: 20 });
    await settle(harness);

    const el: HTMLElement = harness.routeNativeElement!;
    expect(el.querySelector('[data-testid="pager-summary"]')?.textContent?.trim()).toBe('Showing 41–60 of 213 doctors');
    expect(el.querySelectorAll('[data-testid="list-row"]')).toHaveLength(20);
    expect((el.querySelector('#doc-search') as HTMLInputElement).value).toBe('ada');
    expect((el.querySelector('#doc-active') as HTMLSelectElement).value).toBe('false');
  });

  it('a page link puts the page in the URL; a filter change goes back to page 1 and keeps the other filters', async () => {
    const { backend, harness, router } = await setUp('/admin/doctors?active=true');
    listRequest(backend, '/api/v1/admin/doctors').flush({ items: doctors(20), total: 45, page: 1, pageSize: 20 });
    await settle(harness);
    const el: HTMLElement = harness.routeNativeElement!;

    const two = [...el.querySelectorAll<HTMLAnchorElement>('ngb-pagination a.page-link')].find(
      (a) => a.textContent?.trim() === '2',
    )!;
    two.click();
    await settle(harness);
    expect(router.url).toBe('/admin/doctors?active=true&page=2');
    const second = listRequest(backend, '/api/v1/admin/doctors');
    expect(params(second)).toMatchObject({ active: 'true', page: '2' });
    second.flush({ items: doctors(20, 21), total: 45, page: 2, pageSize: 20 });
    await settle(harness);
    expect(el.querySelector('[data-testid="pager-summary"]')?.textContent?.trim()).toBe('Showing 21–40 of 45 doctors');

    const status = el.querySelector('#doc-active') as HTMLSelectElement;
    status.value = 'false';
    status.dispatchEvent(new Event('change'));
    await settle(harness);
    expect(router.url).toBe('/admin/doctors?active=false');
    const third = listRequest(backend, '/api/v1/admin/doctors');
    expect(params(third)).toMatchObject({ active: 'false', page: '1' });
    third.flush({ items: doctors(1), total: 1, page: 1, pageSize: 20 });
    await settle(harness);
    expect(el.querySelector('[data-testid="pager-summary"]')?.textContent?.trim()).toBe('1 doctor');
    expect(el.querySelector('ngb-pagination')).toBeNull();
  });

  it('admin appointments: upcoming asks soonest first, past latest first, a chosen order wins', async () => {
    const { backend, harness } = await setUp('/admin/appointments?when=upcoming&specializationId=s1&search=ada');
    const upcoming = listRequest(backend, '/api/v1/admin/appointments');
    expect(params(upcoming)).toEqual({
      scope: 'upcoming',
      order: 'asc',
      specializationId: 's1',
      search: 'ada',
      page: '1',
      pageSize: '20',
    });
    upcoming.flush({ items: [], total: 0, page: 1, pageSize: 20 });

    await harness.navigateByUrl('/admin/appointments?when=past&page=2');
    await settle(harness);
    const past = listRequest(backend, '/api/v1/admin/appointments');
    expect(params(past)).toEqual({ scope: 'past', order: 'desc', page: '2', pageSize: '20' });
    past.flush({ items: [], total: 0, page: 2, pageSize: 20 });

    await harness.navigateByUrl('/admin/appointments?order=asc&patientId=p1');
    await settle(harness);
    const chosen = listRequest(backend, '/api/v1/admin/appointments');
    expect(params(chosen)).toEqual({ order: 'asc', patientId: 'p1', page: '1', pageSize: '20' });
    chosen.flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(harness);
    expect(harness.routeNativeElement!.querySelector('[data-testid="narrowed"]')?.textContent).toContain('one patient');
  });

  it('doctor appointments: the schedule soonest first, the past latest first, the tab in the URL', async () => {
    const { backend, harness } = await setUp('/doctor/appointments');
    const upcoming = listRequest(backend, '/api/v1/doctor/appointments');
    expect(params(upcoming)).toEqual({ scope: 'upcoming', order: 'asc', page: '1', pageSize: '20' });
    upcoming.flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(harness);
    const el: HTMLElement = harness.routeNativeElement!;
    const pastTab = [...el.querySelectorAll<HTMLAnchorElement>('a.nav-link')].find((a) =>
      a.textContent?.includes('Past'),
    )!;
    expect(pastTab.getAttribute('href')).toBe('/doctor/appointments?scope=past');

    await harness.navigateByUrl('/doctor/appointments?scope=past&page=4');
    await settle(harness);
    const past = listRequest(backend, '/api/v1/doctor/appointments');
    expect(params(past)).toEqual({ scope: 'past', order: 'desc', page: '4', pageSize: '20' });
    past.flush({ items: [], total: 0, page: 4, pageSize: 20 });
    await settle(harness);
    expect(el.querySelector('a.nav-link.active')?.textContent?.trim()).toBe('Past');

    await harness.navigateByUrl('/doctor/appointments?scope=today');
    await settle(harness);
    const today = listRequest(backend, '/api/v1/doctor/appointments');
    expect(params(today)).toMatchObject({ scope: 'today', order: 'asc' });
    today.flush({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('admin appointments: a date typed "7 Dec 2026" filters as from=2026-12-07 in the URL and the request', async () => {
    const { backend, harness, router } = await setUp('/admin/appointments?to=2026-12-31');
    listRequest(backend, '/api/v1/admin/appointments').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(harness);
    const el: HTMLElement = harness.routeNativeElement!;
    expect((el.querySelector('#ap-to') as HTMLInputElement).value).toBe('31 Dec 2026');
    expect(el.querySelector('label[for="ap-from"]')?.textContent?.trim()).toBe('From');

    const from = el.querySelector('#ap-from') as HTMLInputElement;
    from.value = '7 Dec 2026';
    from.dispatchEvent(new Event('input'));
    // The URL changes once typing pauses.
    await vi.waitFor(() => expect(router.url).toBe('/admin/appointments?to=2026-12-31&from=2026-12-07'), {
      timeout: 5000,
    });
    await settle(harness);
    const req = listRequest(backend, '/api/v1/admin/appointments');
    expect(params(req)).toMatchObject({ from: '2026-12-07', to: '2026-12-31' });
    req.flush({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('the list shell: an empty later page offers the way back to page 1', async () => {
    const { backend, harness, router } = await setUp('/doctor/appointments?scope=past&page=3');
    listRequest(backend, '/api/v1/doctor/appointments').flush({ items: [], total: 0, page: 3, pageSize: 20 });
    await settle(harness);
    const el: HTMLElement = harness.routeNativeElement!;
    expect(el.textContent).toContain('No past appointments.');
    expect(el.querySelector('[data-testid="pager-summary"]')).toBeNull();
    [...el.querySelectorAll('button')].find((b) => b.textContent?.includes('Back to the first page'))!.click();
    await settle(harness);
    expect(router.url).toBe('/doctor/appointments?scope=past');
    listRequest(backend, '/api/v1/doctor/appointments').flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await settle(harness);
    expect([...el.querySelectorAll('button')].some((b) => b.textContent?.includes('Back to the first page'))).toBe(
      false,
    );
  });

  it('the list shell: a spinner while the first page loads, the error when it fails', async () => {
    const { backend, harness } = await setUp('/doctor/patients');
    const el: HTMLElement = harness.routeNativeElement!;
    expect(el.querySelector('hms-loading [role="status"]')).not.toBeNull();
    listRequest(backend, '/api/v1/doctor/patients').flush(
      { type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The list is unavailable.' },
      { status: 503, statusText: 'Service Unavailable' },
    );
    await settle(harness);
    expect(el.querySelector('hms-loading')).toBeNull();
    expect(el.querySelector('.alert-danger[role="alert"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="doctor-patients-table"]')).toBeNull();
  });

  it('doctor patients: the search from the URL goes to the server', async () => {
    const { backend } = await setUp('/doctor/patients?search=rosa&page=2');
    const req = listRequest(backend, '/api/v1/doctor/patients');
    expect(params(req)).toEqual({ search: 'rosa', page: '2', pageSize: '20' });
    req.flush({ items: [], total: 0, page: 2, pageSize: 20 });
  });
});

describe('ListState.range', () => {
  it('gives the first and last row of a page within the total', () => {
    expect(ListState.range(213, 2, 20)).toEqual({ first: 21, last: 40 });
    expect(ListState.range(213, 11, 20)).toEqual({ first: 201, last: 213 });
    expect(ListState.range(0, 1, 20)).toEqual({ first: 0, last: 0 });
  });
});
