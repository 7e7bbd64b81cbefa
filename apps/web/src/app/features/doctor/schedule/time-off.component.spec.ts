import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { addDays, ClinicTime } from '../../../core/time/clinic-time';
import { formatClinicDate, UNREADABLE_DATE } from '../../../shared/ui/date-input.component';
import { TimeOffComponent } from './time-off.component';

describe('TimeOffComponent', () => {
  it('takes time off, then reloads the time off ahead and tells its host', async () => {
    TestBed.configureTestingModule({
      imports: [TimeOffComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TimeOffComponent);
    let changes = 0;
    fixture.componentInstance.changed.subscribe(() => changes++);
    fixture.detectChanges();
    backend.expectOne((r) => r.url === '/api/v1/doctor/time-off' && r.method === 'GET').flush([]);
    fixture.detectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid="time-off-list"]')?.textContent).toContain('No time off planned.');

    el.querySelector<HTMLButtonElement>('[data-testid="add-time-off"]')!.click();
    const post = backend.expectOne({ method: 'POST', url: '/api/v1/doctor/time-off' });
    expect(post.request.body).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const date = (post.request.body as { date: string }).date;
    post.flush({ id: 'o1', date, wholeDay: true, startTime: null, endTime: null, reason: null });
    expect(changes).toBe(1);
    backend
      .expectOne((r) => r.url === '/api/v1/doctor/time-off' && r.method === 'GET')
      .flush([{ id: 'o1', date, wholeDay: true, startTime: null, endTime: null, reason: null }]);
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="time-off-list"]')?.textContent).toContain('whole day');
    backend.verify();
  });
});

describe('TimeOffComponent date field', () => {
  // Template-driven forms connect their fields a tick after the first render.
  async function setup() {
    TestBed.configureTestingModule({
      imports: [TimeOffComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(TimeOffComponent);
    fixture.detectChanges();
    backend.expectOne((r) => r.url === '/api/v1/doctor/time-off' && r.method === 'GET').flush([]);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const type = (text: string) => {
      const box = el.querySelector<HTMLInputElement>('#off-date')!;
      box.value = text;
      box.dispatchEvent(new Event('input'));
      box.dispatchEvent(new Event('blur'));
      fixture.detectChanges();
    };
    return { backend, fixture, el, type };
  }

  it('shows the day as "7 Dec 2026" and sends what was typed in that format as YYYY-MM-DD', async () => {
    const { backend, fixture, el, type } = await setup();
    await fixture.whenStable();
    const tomorrow = addDays(TestBed.inject(ClinicTime).today(), 1);
    expect(el.querySelector<HTMLInputElement>('#off-date')!.value).toBe(formatClinicDate(tomorrow));
    expect(el.querySelector('label[for="off-date"]')?.textContent).toContain('Date');

    const later = addDays(tomorrow, 30);
    type(formatClinicDate(later));
    el.querySelector<HTMLButtonElement>('[data-testid="add-time-off"]')!.click();
    const post = backend.expectOne({ method: 'POST', url: '/api/v1/doctor/time-off' });
    expect(post.request.body).toEqual({ date: later });
  });

  it('sends nothing while the text is not a date, and says how to write one', async () => {
    const { backend, fixture, el, type } = await setup();
    type('12/31/2026');
    expect(el.querySelector('#off-date')?.classList).toContain('is-invalid');
    el.querySelector<HTMLButtonElement>('[data-testid="add-time-off"]')!.click();
    TestBed.inject(HttpTestingController).expectNone({ method: 'POST', url: '/api/v1/doctor/time-off' });
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="time-off-error"]')?.textContent).toContain(UNREADABLE_DATE);
    backend.verify();
  });
});
