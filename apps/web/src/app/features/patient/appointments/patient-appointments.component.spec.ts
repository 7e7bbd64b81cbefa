import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { NgbConfig } from '@ng-bootstrap/ng-bootstrap';
import type { Appointment } from '@hms/api-client';
import { splitByTime } from '../../../shared/appointments/appointment-format';
import { PatientAppointmentsComponent } from './patient-appointments.component';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

function visit(id: string, startHours: number, status: Appointment['status'], extra: Partial<Appointment> = {}) {
  return {
    id,
    doctor: { id: `doc-${id}`, fullName: `Dr ${id}`, specialization: 'Cardiology' },
    patient: { id: 'p1', fullName: 'Ann Lee' },
    startsAt: at(startHours),
    endsAt: at(startHours + 0.5),
    status,
    reason: '',
    treatment: null,
    createdAt: at(-100),
    ...extra,
  } as Appointment;
}

const visits: Appointment[] = [
  visit('ahead', 48, 'booked'),
  visit('clinic-cancelled', 24, 'cancelled', { cancelledBy: 'doctor', cancelReason: 'The doctor is ill' }),
  visit('self-cancelled', 30, 'cancelled', { cancelledBy: 'patient' }),
  visit('done', -48, 'completed'),
  visit('missed', -24, 'no_show'),
  visit('ended-booked', -2, 'booked'),
  visit('in-progress', -0.25, 'checked_in'),
];

describe('splitByTime', () => {
  it('splits by the end of the visit, not by status; cancelled ones apart', () => {
    const split = splitByTime(visits);
    expect(split.upcoming.map((a) => a.id)).toEqual(['in-progress', 'ahead']);
    expect(split.past.map((a) => a.id)).toEqual(['ended-booked', 'missed', 'done']);
    expect(split.cancelled.map((a) => a.id)).toEqual(['self-cancelled', 'clinic-cancelled']);
  });
});

describe('PatientAppointmentsComponent', () => {
  async function render() {
    TestBed.configureTestingModule({
      imports: [PatientAppointmentsComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    // No fade: the pane of the tab left behind leaves the page at once.
    TestBed.inject(NgbConfig).animation = false;
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PatientAppointmentsComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    backend
      .expectOne((r) => r.url === '/api/v1/patient/appointments' && !r.params.has('scope'))
      .flush({ items: visits, total: visits.length, page: 1, pageSize: 100 });
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  const ids = (el: HTMLElement) =>
    [...el.querySelectorAll<HTMLElement>('[data-appointment-id]')].map((li) => li.dataset['appointmentId']);

  async function openTab(fixture: Awaited<ReturnType<typeof render>>, label: string) {
    const el: HTMLElement = fixture.nativeElement;
    [...el.querySelectorAll<HTMLButtonElement>('.nav-link')].find((b) => b.textContent?.includes(label))!.click();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  it('lists only visits still ahead under Upcoming, and finished ones under Past', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    expect(ids(el)).toEqual(['in-progress', 'ahead']);
    await openTab(fixture, 'Past');
    expect(ids(el)).toEqual(['ended-booked', 'missed', 'done']);
  });

  it("shows the clinic's reason and Book again on a visit the clinic cancelled", async () => {
    const fixture = await render();
    await openTab(fixture, 'Cancelled');
    const el: HTMLElement = fixture.nativeElement;
    expect(ids(el)).toEqual(['self-cancelled', 'clinic-cancelled']);
    const byClinic = el.querySelector<HTMLElement>('[data-appointment-id="clinic-cancelled"]')!;
    expect(byClinic.querySelector('[data-testid="cancel-reason"]')?.textContent).toContain('The doctor is ill');
    expect(byClinic.querySelector('[data-testid="book-again"]')?.getAttribute('href')).toBe(
      '/patient/doctors/doc-clinic-cancelled',
    );
    const bySelf = el.querySelector<HTMLElement>('[data-appointment-id="self-cancelled"]')!;
    expect(bySelf.querySelector('[data-testid="book-again"]')).toBeNull();
  });
});
