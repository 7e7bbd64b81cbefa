import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { FormControl, FormGroup } from '@angular/forms';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AvailabilityEditorComponent, windowRules } from './availability-editor.component';

function group(startTime: string, endTime: string, slotMinutes: number) {
  return new FormGroup({
    startTime: new FormControl(startTime),
    endTime: new FormControl(endTime),
    slotMinutes: new FormControl(slotMinutes),
  });
}

describe('windowRules', () => {
  it('accepts a window the slot length divides', () => {
    expect(windowRules(group('09:00', '12:00', 30))).toBeNull();
  });
  it('refuses a window that ends before it starts', () => {
    expect(windowRules(group('12:00', '09:00', 30))).toEqual({ window: 'The window must end after it starts.' });
  });
  it('explains a slot length that does not divide the window', () => {
    expect(windowRules(group('09:00', '10:00', 45))).toEqual({
      window: 'A 60-minute window cannot be cut into 45-minute slots.',
    });
  });
});

describe('AvailabilityEditorComponent', () => {
  it('explains an overlapping window (409) next to the form', async () => {
    TestBed.configureTestingModule({
      imports: [AvailabilityEditorComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AvailabilityEditorComponent);
    fixture.detectChanges();
    backend.expectOne((r) => r.url === '/api/v1/doctor/availability' && r.method === 'GET').flush([]);
    fixture.detectChanges();
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.textContent).toContain('No availability published');

    el.querySelector<HTMLButtonElement>('[data-testid="add-window"]')!.click();
    const post = backend.expectOne({ method: 'POST', url: '/api/v1/doctor/availability' });
    expect(post.request.body).toEqual(
      expect.objectContaining({ startTime: '09:00', endTime: '12:00', slotMinutes: 30 }),
    );
    post.flush(
      { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Overlaps an existing window.' },
      { status: 409, statusText: 'Conflict' },
    );
    fixture.detectChanges();
    const error = el.querySelector('[data-testid="window-error"]')?.textContent ?? '';
    expect(error).toContain('Overlaps an existing window.');
    expect(error).toContain('change the hours or remove the other window first');
  });

  it('puts a 400 field error next to its field', async () => {
    TestBed.configureTestingModule({
      imports: [AvailabilityEditorComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AvailabilityEditorComponent);
    fixture.detectChanges();
    backend.expectOne((r) => r.method === 'GET').flush([]);
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-testid="add-window"]')!.click();
    backend.expectOne({ method: 'POST', url: '/api/v1/doctor/availability' }).flush(
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'slotMinutes', message: 'must divide the window' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();
    expect(el.querySelector('#window-slot-error')?.textContent?.trim()).toBe('must divide the window');
    expect(el.querySelector('#window-slot')?.classList.contains('is-invalid')).toBe(true);
  });
});
