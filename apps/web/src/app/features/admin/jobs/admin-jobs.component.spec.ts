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

  it('shows past runs in words, newest first, and asks again for one kind', async () => {
    TestBed.configureTestingModule({
      imports: [AdminJobsComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(AdminJobsComponent);
    fixture.detectChanges();
    const first = backend.expectOne((r) => r.url === '/api/v1/jobs');
    expect(first.request.params.get('kind')).toBeNull();
    const job = (id: string, kind: string, summary: string) => ({
      id,
      kind,
      status: 'completed',
      progress: 100,
      createdAt: '2026-12-08T08:00:00Z',
      startedAt: '2026-12-08T08:00:01Z',
      finishedAt: '2026-12-08T08:00:05Z',
      result: {},
      error: null,
      summary,
    });
    first.flush({
      items: [
        job('j2', 'monthly-reports', 'Monthly reports for November 2026: 12 doctors emailed'),
        job('j1', 'daily-reminders', 'Sent 42 reminders for Tue 8 Dec'),
      ],
      total: 2,
      page: 1,
      pageSize: 10,
    });
    fixture.detectChanges();
    await fixture.whenStable();
    const el: HTMLElement = fixture.nativeElement;
    const items = [...el.querySelectorAll('[aria-label="Past runs, newest first"] li')].map((li) => li.textContent);
    expect(items[0]).toContain('Monthly reports for November 2026: 12 doctors emailed');
    expect(items[1]).toContain('Sent 42 reminders for Tue 8 Dec');

    const select = el.querySelector<HTMLSelectElement>('#job-history-kind')!;
    select.value = 'daily-reminders';
    select.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    const second = backend.expectOne((r) => r.url === '/api/v1/jobs');
    expect(second.request.params.get('kind')).toBe('daily-reminders');
    second.flush({ items: [], total: 0, page: 1, pageSize: 10 });
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el.textContent).toContain('No runs yet.');
  });
});
