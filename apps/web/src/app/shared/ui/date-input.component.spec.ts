import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { NgbCalendar } from '@ng-bootstrap/ng-bootstrap';
import { FormControl, FormsModule, ReactiveFormsModule } from '@angular/forms';
import { ClinicTime } from '../../core/time/clinic-time';
import { DateInputComponent, formatClinicDate, UNREADABLE_DATE } from './date-input.component';

@Component({
  imports: [FormsModule, ReactiveFormsModule, DateInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label for="d-model">Day</label>
    <hms-date-input inputId="d-model" [ngModel]="day()" (ngModelChange)="day.set($event)" />
    <label for="d-control">Birth</label>
    <hms-date-input inputId="d-control" [formControl]="birth" max="2026-12-07" />
  `,
})
class HostComponent {
  readonly day = signal('2026-12-07');
  readonly birth = new FormControl('', { nonNullable: true });
}

function setup() {
  TestBed.configureTestingModule({ imports: [HostComponent] });
  const fixture = TestBed.createComponent(HostComponent);
  fixture.detectChanges();
  const el = fixture.nativeElement as HTMLElement;
  const box = (id: string) => el.querySelector<HTMLInputElement>(`#${id}`)!;
  const type = (id: string, text: string) => {
    box(id).value = text;
    box(id).dispatchEvent(new Event('input'));
    box(id).dispatchEvent(new Event('blur'));
    fixture.detectChanges();
  };
  return { fixture, el, box, type, host: fixture.componentInstance };
}

describe('DateInputComponent', () => {
  it('shows the model as "7 Dec 2026" and writes typed dates back as YYYY-MM-DD', async () => {
    const { fixture, box, type, host } = setup();
    await fixture.whenStable();
    expect(box('d-model').value).toBe('7 Dec 2026');
    expect(box('d-model').placeholder).toBe('e.g. 7 Dec 2026');

    type('d-model', '24 Dec 2026');
    expect(host.day()).toBe('2026-12-24');
    type('d-model', '2027-01-05');
    expect(host.day()).toBe('2027-01-05');
    type('d-model', '');
    expect(host.day()).toBe('');
  });

  it('leaves the model empty and the field invalid while the text is not a date', () => {
    const { el, box, type, host } = setup();
    type('d-control', '31 Feb 1990');
    expect(host.birth.value).toBe('');
    expect(host.birth.errors).toEqual({ date: UNREADABLE_DATE });
    expect(box('d-control').classList).toContain('is-invalid');
    expect(box('d-control').getAttribute('aria-invalid')).toBe('true');
    // The page's own `.invalid-feedback` after the field shows: the host carries `is-invalid` too.
    expect(el.querySelectorAll('hms-date-input')[1]!.classList).toContain('is-invalid');

    type('d-control', '28 Feb 1990');
    expect(host.birth.value).toBe('1990-02-28');
    expect(host.birth.valid).toBe(true);
    expect(box('d-control').classList).not.toContain('is-invalid');
  });

  it('refuses a date after max, naming the bound in the app format', () => {
    const { host, type } = setup();
    type('d-control', '8 Dec 2026');
    expect(host.birth.value).toBe('2026-12-08');
    expect(host.birth.errors).toEqual({ maxDate: 'Choose 7 Dec 2026 or earlier.' });
  });

  it('writes a reset of the form control into the text box', async () => {
    const { fixture, box, host } = setup();
    host.birth.setValue('1980-02-29');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(box('d-control').value).toBe('29 Feb 1980');
    host.birth.reset();
    fixture.detectChanges();
    expect(box('d-control').value).toBe('');
  });

  it('opens a labelled calendar whose today is the clinic date', async () => {
    const { fixture, el } = setup();
    const clinic = TestBed.inject(ClinicTime);
    vi.spyOn(clinic, 'today').mockReturnValue('2031-03-15');
    const button = el.querySelector<HTMLButtonElement>('button[aria-label="Choose a date from the calendar"]')!;
    expect(button).not.toBeNull();
    button.click();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(document.querySelector('ngb-datepicker')).not.toBeNull();
    const calendar = fixture.debugElement.query(By.directive(DateInputComponent)).injector.get(NgbCalendar);
    expect(calendar.getToday()).toEqual(expect.objectContaining({ year: 2031, month: 3, day: 15 }));
    vi.restoreAllMocks();
  });

  it('formats clinic dates for messages', () => {
    expect(formatClinicDate('2026-12-07')).toBe('7 Dec 2026');
    expect(formatClinicDate('not a date')).toBe('not a date');
  });
});
