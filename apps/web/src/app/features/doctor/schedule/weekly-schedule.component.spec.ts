import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { WeeklyScheduleComponent } from './weekly-schedule.component';

const VISIT = {
  id: 'a1',
  doctor: { id: 'd1', fullName: 'Dr. A', specialization: 'Cardiology' },
  patient: { id: 'p1', fullName: 'Pat Booked' },
  startsAt: '2026-03-03T10:00:00.000Z',
  endsAt: '2026-03-03T10:30:00.000Z',
  status: 'booked',
  reason: '',
  treatment: null,
  createdAt: '2026-03-01T10:00:00.000Z',
};

describe('WeeklyScheduleComponent', () => {
  function setup() {
    TestBed.configureTestingModule({
      imports: [WeeklyScheduleComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(WeeklyScheduleComponent);
    fixture.detectChanges();
    backend
      .expectOne((r) => r.url === '/api/v1/doctor/schedule' && r.method === 'GET')
      .flush({
        weekly: [{ weekday: 2, startTime: '09:00', endTime: '12:00' }],
        slotMinutes: 30,
        bufferMinutes: 5,
        minNoticeMinutes: 60,
        bookingHorizonDays: 7,
        updatedAt: null,
      });
    backend.expectOne((r) => r.url === '/api/v1/doctor/availability').flush([]);
    for (const r of backend.match((req) => req.url === '/api/v1/doctor/time-off')) r.flush([]);
    fixture.detectChanges();
    return { backend, fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows the template in the week grid and saves the whole week in one request', async () => {
    const { backend, fixture, el } = setup();
    await fixture.whenStable();
    expect(el.querySelectorAll('[data-testid="grid-template"]')).toHaveLength(1);
    expect(el.querySelector('[data-testid="grid-template"]')?.textContent).toContain('09:00–12:00');
    el.querySelector<HTMLButtonElement>('[data-testid="add-window-5"]')!.click();
    fixture.detectChanges();
    el.querySelector<HTMLButtonElement>('[data-testid="save-template"]')!.click();
    const put = backend.expectOne({ method: 'PUT', url: '/api/v1/doctor/schedule' });
    expect(put.request.body).toEqual({
      weekly: [
        { weekday: 2, startTime: '09:00', endTime: '12:00' },
        { weekday: 5, startTime: '09:00', endTime: '12:00' },
      ],
      slotMinutes: 30,
      bufferMinutes: 5,
      minNoticeMinutes: 60,
    });
  });

  it('lists the visits time off would cancel and retries with cancelBooked', () => {
    const { backend, fixture, el } = setup();
    el.querySelector<HTMLButtonElement>('[data-testid="add-time-off"]')!.click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/doctor/time-off' })
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, code: 'time_off_has_bookings', appointments: [VISIT] },
        { status: 409, statusText: 'Conflict' },
      );
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="affected-visits"]')?.textContent).toContain('Pat Booked');
    el.querySelector<HTMLButtonElement>('[data-testid="cancel-and-take-off"]')!.click();
    const retry = backend.expectOne({ method: 'POST', url: '/api/v1/doctor/time-off' });
    expect(retry.request.body).toEqual(expect.objectContaining({ cancelBooked: true }));
  });
});
