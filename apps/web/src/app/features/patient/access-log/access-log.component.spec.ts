import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AccessLogEntry } from '@hms/api-client';
import { ClinicTime } from '../../../core/time/clinic-time';
import { AccessLogComponent } from './access-log.component';

const entries: AccessLogEntry[] = [
  {
    at: '2030-05-06T09:15:00Z',
    actor: { fullName: 'Dr Ada Byron', role: 'doctor' },
    action: 'patient.history.read',
    resource: { type: 'patient', id: 'p1' },
  },
  {
    at: '2030-05-05T16:00:00Z',
    actor: { fullName: 'Clinic administrator', role: 'admin' },
    action: 'export.downloaded',
    resource: { type: 'export', id: 'j1' },
  },
];

describe('AccessLogComponent', () => {
  it('tells the patient in plain words who read their record and when, in the clinic’s time', async () => {
    TestBed.configureTestingModule({
      imports: [AccessLogComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    TestBed.inject(ClinicTime).setTimeZone('Europe/Berlin');
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AccessLogComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    backend
      .expectOne((r) => r.url === '/api/v1/patient/access-log')
      .flush({ items: entries, total: 2, page: 1, pageSize: 20 });
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();

    const el: HTMLElement = fixture.nativeElement;
    const rows = [...el.querySelectorAll('[data-testid="access-entry"]')].map((r) =>
      (r.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    expect(rows[0]).toContain('Dr Ada Byron (doctor) opened your visit history');
    expect(rows[0]).toContain('11:15'); // 09:15 UTC in Berlin (summer time)
    expect(rows[1]).toContain('Clinic administrator downloaded an export of your records');
    expect(el.textContent).toContain('Europe/Berlin');
    backend.verify();
  });
});
