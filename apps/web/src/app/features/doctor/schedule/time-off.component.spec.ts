import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TimeOffComponent } from './time-off.component';

describe('TimeOffComponent', () => {
  it('takes time off, then reloads the time off ahead and tells its host', () => {
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
