import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DATE_OF_BIRTH_IN_FUTURE } from '../../../core/forms/date-of-birth';
import { addDays, ClinicTime } from '../../../core/time/clinic-time';
import { formatClinicDate } from '../../../shared/ui/date-input.component';
import { WalkInFormComponent } from './walk-in-form.component';

describe('WalkInFormComponent date of birth', () => {
  // Template-driven forms connect their fields a tick after the first render.
  async function setup() {
    TestBed.configureTestingModule({
      imports: [WalkInFormComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(WalkInFormComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const fill = (id: string, text: string) => {
      const box = el.querySelector<HTMLInputElement>(`#${id}`)!;
      box.value = text;
      box.dispatchEvent(new Event('input'));
      box.dispatchEvent(new Event('blur'));
      fixture.detectChanges();
    };
    const submit = () => {
      el.querySelector<HTMLButtonElement>('[data-testid="walk-in-submit"]')!.click();
      fixture.detectChanges();
    };
    return { el, fill, submit, backend: TestBed.inject(HttpTestingController) };
  }

  it('reads "29 Feb 1980" and registers the patient born on 1980-02-29', async () => {
    const { el, fill, submit, backend } = await setup();
    expect(el.querySelector<HTMLInputElement>('#walkin-dob')!.placeholder).toBe('e.g. 7 Dec 1990');
    fill('walkin-name', 'Walter Inn');
    fill('walkin-dob', '29 Feb 1980');
    fill('walkin-phone', '+1 555 0142');
    submit();
    const post = backend.expectOne((r) => r.method === 'POST');
    expect(post.request.body).toEqual({ fullName: 'Walter Inn', dateOfBirth: '1980-02-29', phone: '+1 555 0142' });
  });

  it('reads ISO dates too, and refuses a date of birth after today', async () => {
    const { el, fill, submit, backend } = await setup();
    const tomorrow = addDays(TestBed.inject(ClinicTime).today(), 1);
    fill('walkin-name', 'Walter Inn');
    fill('walkin-dob', tomorrow);
    fill('walkin-phone', '+1 555 0142');
    expect(el.querySelector<HTMLInputElement>('#walkin-dob')!.classList).toContain('is-invalid');
    submit();
    backend.expectNone((r) => r.method === 'POST');
    expect(el.textContent).toContain(DATE_OF_BIRTH_IN_FUTURE);
    expect(formatClinicDate(tomorrow)).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  });

  it('asks for a date of birth when the text is not one', async () => {
    const { el, fill, submit, backend } = await setup();
    fill('walkin-name', 'Walter Inn');
    fill('walkin-dob', '02/29/1980');
    fill('walkin-phone', '+1 555 0142');
    submit();
    backend.expectNone((r) => r.method === 'POST');
    expect(el.textContent).toContain('Name, date of birth and phone are needed.');
  });
});
