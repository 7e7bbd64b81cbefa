import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { PatientAppointmentsApi, PatientDirectoryApi } from './patient.api';

describe('patient API services', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('books with the Idempotency-Key header and the body the API expects', () => {
    TestBed.inject(PatientAppointmentsApi)
      .book({ doctorId: 'd1', startsAt: '2030-01-01T09:00:00Z', reason: 'Cough' }, 'key-1')
      .subscribe();
    const req = backend.expectOne({ method: 'POST', url: '/api/v1/patient/appointments' });
    expect(req.request.headers.get('Idempotency-Key')).toBe('key-1');
    expect(req.request.body).toEqual({ doctorId: 'd1', startsAt: '2030-01-01T09:00:00Z', reason: 'Cough' });
  });

  it('asks for one scope of appointments and unwraps the page', () => {
    let ids: string[] = [];
    TestBed.inject(PatientAppointmentsApi)
      .list('past')
      .subscribe((items) => (ids = items.map((a) => a.id)));
    const req = backend.expectOne((r) => r.url === '/api/v1/patient/appointments');
    expect(req.request.params.get('scope')).toBe('past');
    expect(req.request.params.get('pageSize')).toBe('100');
    req.flush({ items: [{ id: 'a2' }, { id: 'a1' }], total: 2, page: 1, pageSize: 100 });
    expect(ids).toEqual(['a2', 'a1']);
  });

  it('leaves out empty filters when searching doctors', () => {
    TestBed.inject(PatientDirectoryApi).doctors({ search: 'ada' }).subscribe();
    const req = backend.expectOne((r) => r.url === '/api/v1/patient/doctors');
    expect(req.request.params.get('search')).toBe('ada');
    expect(req.request.params.has('specializationId')).toBe(false);
    req.flush({ items: [], total: 0, page: 1, pageSize: 100 });
  });

  it('reschedules with only the new start', () => {
    TestBed.inject(PatientAppointmentsApi).reschedule('a1', '2030-01-02T10:00:00Z').subscribe();
    const req = backend.expectOne({ method: 'POST', url: '/api/v1/patient/appointments/a1/reschedule' });
    expect(req.request.body).toEqual({ startsAt: '2030-01-02T10:00:00Z' });
  });
});
