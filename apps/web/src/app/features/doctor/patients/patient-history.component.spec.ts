import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { PatientHistoryEntryDto } from '@hms/api-client';
import { PatientHistoryComponent } from './patient-history.component';

const treatment = (appointmentId: string) => ({
  id: `t-${appointmentId}`,
  appointmentId,
  diagnosis: 'Flu',
  prescription: '',
  notes: '',
  version: 1,
  createdAt: '2030-05-06T09:30:00Z',
  updatedAt: '2030-05-06T09:30:00Z',
});

const rows: PatientHistoryEntryDto[] = [
  {
    id: 'mine',
    startsAt: '2030-05-06T09:00:00Z',
    endsAt: '2030-05-06T09:30:00Z',
    status: 'completed',
    reason: '',
    doctor: { id: 'd-me', fullName: 'Dr Ada Byron' },
    department: { id: 's1', name: 'Cardiology' },
    treatment: treatment('mine'),
    editable: true,
  },
  {
    id: 'theirs',
    startsAt: '2030-05-08T09:00:00Z',
    endsAt: '2030-05-08T09:30:00Z',
    status: 'completed',
    reason: '',
    doctor: { id: 'd-other', fullName: 'Dr Grace Hopper' },
    department: { id: 's2', name: 'Dermatology' },
    treatment: treatment('theirs'),
    editable: false,
  },
];

describe('PatientHistoryComponent', () => {
  async function render() {
    TestBed.configureTestingModule({
      imports: [PatientHistoryComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PatientHistoryComponent);
    fixture.componentRef.setInput('patientId', 'p1');
    fixture.detectChanges();
    await fixture.whenStable();
    backend
      .expectOne((r) => r.url === '/api/v1/doctor/patients/p1/history')
      .flush({ items: rows, total: 2, page: 1, pageSize: 100 });
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const row = (el: HTMLElement, id: string) => el.querySelector<HTMLElement>(`[data-appointment-id="${id}"]`)!;

  it('names the treating doctor and department on every row, latest first', async () => {
    const el = await render();
    const doctors = [...el.querySelectorAll('[data-testid="history-doctor"]')].map((d) =>
      d.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(doctors).toHaveLength(2);
    expect(doctors[0]).toBe('Dr Grace Hopper · Dermatology');
    expect(doctors[1]).toMatch(/^Dr Ada Byron · Cardiology\s*Your visit$/);
    expect(el.textContent).not.toContain('undefined');
  });

  it("offers Edit treatment only on the doctor's own visits", async () => {
    const el = await render();
    const edit = (id: string) =>
      [...row(el, id).querySelectorAll('button')].filter((b) => b.textContent?.trim() === 'Edit treatment');
    expect(edit('mine')).toHaveLength(1);
    expect(edit('theirs')).toHaveLength(0);
  });
});
