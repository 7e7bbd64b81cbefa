import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { PublicDoctor, Slot } from '@hms/api-client';
import { ToastService } from '../../../core/ui/toast.service';
import { DoctorBookingComponent, SLOT_TAKEN_MESSAGE } from './doctor-booking.component';

const doctor: PublicDoctor = {
  id: 'd1',
  fullName: 'Dr Ada Byron',
  specialization: { id: 's1', name: 'Cardiology' },
  qualification: 'MD',
  experienceYears: 12,
};
const slots: Slot[] = [
  { startsAt: '2030-05-06T09:00:00Z', endsAt: '2030-05-06T09:30:00Z', available: true },
  { startsAt: '2030-05-06T09:30:00Z', endsAt: '2030-05-06T10:00:00Z', available: true },
];

describe('DoctorBookingComponent', () => {
  let backend: HttpTestingController;

  async function render() {
    TestBed.configureTestingModule({
      imports: [DoctorBookingComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DoctorBookingComponent);
    fixture.componentRef.setInput('id', 'd1');
    fixture.detectChanges();
    await fixture.whenStable();
    backend.expectOne('/api/v1/patient/doctors/d1').flush(doctor);
    backend.expectOne('/api/v1/patient/doctors/d1/availability').flush(slots);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture;
  }

  function pick(el: HTMLElement, startsAt: string) {
    el.querySelector<HTMLButtonElement>(`[data-starts-at="${startsAt}"]`)!.click();
  }

  it('books the chosen slot with a reason and an idempotency key', async () => {
    const fixture = await render();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const el: HTMLElement = fixture.nativeElement;
    expect(el.textContent).toContain('Dr Ada Byron');

    pick(el, '2030-05-06T09:30:00Z');
    fixture.detectChanges();
    const reason = el.querySelector<HTMLTextAreaElement>('#booking-reason')!;
    reason.value = 'Chest pain';
    reason.dispatchEvent(new Event('input'));
    el.querySelector<HTMLButtonElement>('[data-testid="book"]')!.click();

    const req = backend.expectOne({ method: 'POST', url: '/api/v1/patient/appointments' });
    expect(req.request.body).toEqual({ doctorId: 'd1', startsAt: '2030-05-06T09:30:00Z', reason: 'Chest pain' });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    req.flush({ id: 'a1', startsAt: '2030-05-06T09:30:00Z', doctor: { id: 'd1', fullName: 'Dr Ada Byron' } });

    expect(navigate).toHaveBeenCalledWith(['/patient/appointments']);
    expect(TestBed.inject(ToastService).toasts()[0]?.kind).toBe('success');
  });

  it('tells the patient the slot was just taken and refreshes the free times on 409', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    pick(el, '2030-05-06T09:00:00Z');
    fixture.detectChanges();
    el.querySelector<HTMLButtonElement>('[data-testid="book"]')!.click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/patient/appointments' })
      .flush(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Slot already taken' },
        { status: 409, statusText: 'Conflict' },
      );

    backend.expectOne('/api/v1/patient/doctors/d1/availability').flush([{ ...slots[0], available: false }, slots[1]]);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();

    expect(el.querySelector('[data-testid="slot-message"]')?.textContent?.trim()).toBe(SLOT_TAKEN_MESSAGE);
    expect(el.querySelector<HTMLButtonElement>('[data-starts-at="2030-05-06T09:00:00Z"]')!.disabled).toBe(true);
    expect(el.querySelector<HTMLButtonElement>('[data-testid="book"]')!.disabled).toBe(true);
  });

  it('tells the patient they already have a visit at that time, not that someone else took it', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    pick(el, '2030-05-06T09:00:00Z');
    fixture.detectChanges();
    el.querySelector<HTMLButtonElement>('[data-testid="book"]')!.click();
    backend.expectOne({ method: 'POST', url: '/api/v1/patient/appointments' }).flush(
      {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'patient_overlap',
        detail: 'You already have an appointment that overlaps this time',
      },
      { status: 409, statusText: 'Conflict' },
    );
    backend.expectOne('/api/v1/patient/doctors/d1/availability').flush(slots);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();

    const message = el.querySelector('[data-testid="slot-message"]')?.textContent?.trim();
    expect(message).toBe('You already have a visit at that time. Pick another time or move that visit.');
    expect(message).not.toContain('someone else');
  });

  it('reuses the idempotency key when retrying after a network failure', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    pick(el, '2030-05-06T09:00:00Z');
    fixture.detectChanges();
    const book = el.querySelector<HTMLButtonElement>('[data-testid="book"]')!;
    book.click();
    const first = backend.expectOne({ method: 'POST', url: '/api/v1/patient/appointments' });
    const key = first.request.headers.get('Idempotency-Key');
    first.error(new ProgressEvent('error'), { status: 0 });
    fixture.detectChanges();
    book.click();
    const second = backend.expectOne({ method: 'POST', url: '/api/v1/patient/appointments' });
    expect(second.request.headers.get('Idempotency-Key')).toBe(key);
  });
});
