import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AdminJobsComponent } from './admin-jobs.component';

describe('AdminJobsComponent queue dashboard', () => {
  it('signs the dashboard in by POSTing a fresh token in a form body, never in a URL', async () => {
    TestBed.configureTestingModule({
      imports: [AdminJobsComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const opened = vi.spyOn(window, 'open').mockReturnValue(null);
    const submitted: HTMLFormElement[] = [];
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (this: HTMLFormElement) {
      submitted.push(this);
    });
    const fixture = TestBed.createComponent(AdminJobsComponent);
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const button = [...el.querySelectorAll('button')].find((b) => b.textContent?.includes('queue dashboard'))!;
    button.click();
    expect(opened).toHaveBeenCalledWith('', 'hms-queues');
    backend.expectOne('/api/v1/auth/refresh').flush({
      accessToken: 'fresh-token',
      expiresIn: 900,
      refreshToken: 'r',
      user: { id: 'u1', email: 'admin@example.com', role: 'admin', active: true },
    });
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r, 0));
    expect(submitted).toHaveLength(1);
    const form = submitted[0];
    expect(form.method).toBe('post');
    expect(form.getAttribute('action')).toBe('/api/v1/admin/queues/session');
    expect(form.target).toBe('hms-queues');
    expect((form.elements.namedItem('token') as HTMLInputElement).value).toBe('fresh-token');
    vi.restoreAllMocks();
  });
});
