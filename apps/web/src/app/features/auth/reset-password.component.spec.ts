import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ResetPasswordComponent } from './reset-password.component';

describe('ResetPasswordComponent', () => {
  let backend: HttpTestingController;

  async function render(inputs: Record<string, unknown> = {}) {
    TestBed.configureTestingModule({
      imports: [ResetPasswordComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ResetPasswordComponent);
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

  it('sends the token and the new password, then goes to sign in', async () => {
    const fixture = await render({ token: 'tok-1' });
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const el: HTMLElement = fixture.nativeElement;
    fill(el, '#reset-new', 'harbor-violet-engine-7');
    fill(el, '#reset-repeat', 'harbor-violet-engine-7');
    submit(el);
    const req = backend.expectOne('/api/v1/auth/password/reset');
    expect(req.request.body).toEqual({ token: 'tok-1', newPassword: 'harbor-violet-engine-7' });
    req.flush(null, { status: 204, statusText: 'No Content' });
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { reason: 'password-set' } });
  });

  it('refuses two different passwords without calling the API', async () => {
    const fixture = await render({ token: 'tok-1' });
    const el: HTMLElement = fixture.nativeElement;
    fill(el, '#reset-new', 'harbor-violet-engine-7');
    fill(el, '#reset-repeat', 'harbor-violet-engine-8');
    submit(el);
    fixture.detectChanges();
    backend.expectNone('/api/v1/auth/password/reset');
    expect(el.querySelector('#reset-repeat')?.getAttribute('aria-invalid')).toBe('true');
    expect(el.querySelector('#reset-repeat-error')?.textContent?.trim()).toBe('The two passwords do not match.');
  });

  it("shows the server's reason next to the password, and explains a used or expired link", async () => {
    const fixture = await render({ token: 'tok-1', invite: true });
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('h1')?.textContent).toContain('Welcome');
    fill(el, '#reset-new', 'password123');
    fill(el, '#reset-repeat', 'password123');
    submit(el);
    backend.expectOne('/api/v1/auth/password/reset').flush(
      {
        type: 'urn:hms:problem:password_rejected',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'newPassword', message: 'newPassword is a commonly used password' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();
    expect(el.querySelector('#reset-new-error')?.textContent).toContain('commonly used');

    fill(el, '#reset-new', 'harbor-violet-engine-7');
    fill(el, '#reset-repeat', 'harbor-violet-engine-7');
    submit(el);
    backend.expectOne('/api/v1/auth/password/reset').flush(
      {
        type: 'urn:hms:problem:password_token_invalid',
        title: 'Bad Request',
        status: 400,
        errors: [{ field: 'token', message: 'token is invalid' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    fixture.detectChanges();
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('invalid, has expired or was already used');
  });
});
