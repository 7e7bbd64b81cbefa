import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { LoginComponent } from './login.component';

describe('LoginComponent', () => {
  let backend: HttpTestingController;

  async function render(inputs: Record<string, string> = {}) {
    TestBed.configureTestingModule({
      imports: [LoginComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(LoginComponent);
    for (const [k, v] of Object.entries(inputs)) fixture.componentRef.setInput(k, v);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  function fill(el: HTMLElement, selector: string, value: string) {
    const input = el.querySelector<HTMLInputElement>(selector)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function submit(el: HTMLElement) {
    el.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
  }

  it('says the credentials are wrong on 401 without telling which one', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    fill(el, '#login-email', 'pat@example.com');
    fill(el, '#login-password', 'nope');
    submit(el);
    backend
      .expectOne('/api/v1/auth/login')
      .flush({ status: 401, title: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    fixture.detectChanges();
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Wrong email or password.');
  });

  it('says when to try again after too many failed sign-ins', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    fill(el, '#login-email', 'pat@example.com');
    fill(el, '#login-password', 'nope');
    submit(el);
    backend.expectOne('/api/v1/auth/login').flush(
      {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Too many failed sign-ins for this account from this network address; try again in 12 minutes',
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '700' } },
    );
    fixture.detectChanges();
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'Too many failed sign-ins for this account from this network address; try again in 12 minutes',
    );
  });

  it('does not call the API when a field is missing and marks it invalid', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    submit(el);
    fixture.detectChanges();
    backend.expectNone('/api/v1/auth/login');
    expect(el.querySelector('#login-email')?.getAttribute('aria-invalid')).toBe('true');
    expect(el.querySelector('#login-email-error')?.textContent?.trim()).toBe('Email is required.');
  });

  it('goes back to the page asked for, but never to another site', async () => {
    for (const [returnUrl, expected] of [
      ['/patient/treatments', '/patient/treatments'],
      ['//evil.example.com', '/patient'],
    ]) {
      TestBed.resetTestingModule();
      const fixture = await render({ returnUrl });
      const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
      const el: HTMLElement = fixture.nativeElement;
      fill(el, '#login-email', 'pat@example.com');
      fill(el, '#login-password', 'right-password');
      submit(el);
      backend.expectOne('/api/v1/auth/login').flush({
        accessToken: 't',
        expiresIn: 900,
        user: { id: '1', email: 'pat@example.com', role: 'patient', active: true, mustChangePassword: false },
      });
      expect(navigate).toHaveBeenCalledWith(expected);
    }
  });

  it('explains an idle sign-out', async () => {
    const fixture = await render({ reason: 'idle' });
    expect(fixture.nativeElement.textContent).toContain('signed out after 30 minutes without activity');
  });
});
