import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { addDays, ClinicTime } from '../../core/time/clinic-time';
import { RegisterComponent } from './register.component';

describe('RegisterComponent date of birth', () => {
  async function render() {
    TestBed.configureTestingModule({
      imports: [RegisterComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(RegisterComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  function fill(el: HTMLElement, id: string, value: string) {
    const input = el.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('refuses a date of birth in the future with a message, sending nothing', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    const today = TestBed.inject(ClinicTime).today();
    fill(el, 'reg-fullName', 'Ana Lima');
    fill(el, 'reg-email', 'ana@example.com');
    fill(el, 'reg-password', 'long-enough-password-1');
    fill(el, 'reg-dateOfBirth', '2031-01-01' > today ? '2031-01-01' : addDays(today, 1));
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    await fixture.whenStable();

    TestBed.inject(HttpTestingController).expectNone('/api/v1/auth/register');
    expect(el.querySelector('#reg-dateOfBirth-error')?.textContent?.trim()).toBe(
      'The date of birth cannot be in the future.',
    );
    expect(el.querySelector('#reg-dateOfBirth')?.classList).toContain('is-invalid');
  });

  it('accepts today', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    fill(el, 'reg-fullName', 'Ana Lima');
    fill(el, 'reg-email', 'ana@example.com');
    fill(el, 'reg-password', 'long-enough-password-1');
    fill(el, 'reg-dateOfBirth', TestBed.inject(ClinicTime).today());
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/register');
  });
});
