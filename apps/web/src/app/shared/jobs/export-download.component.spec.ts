import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Job } from '@hms/api-client';
import { ExportDownloadComponent } from './export-download.component';

const job = (status: Job['status'], result: Job['result'] = null): Job => ({
  id: 'job-7',
  kind: 'treatments-export',
  summary: 'Treatment export',
  status,
  createdAt: '2030-01-01T10:00:00Z',
  startedAt: null,
  finishedAt: status === 'completed' ? '2030-01-01T10:00:04Z' : null,
  progress: 0,
  error: null,
  result,
});

describe('ExportDownloadComponent (the export email link target)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function render() {
    TestBed.configureTestingModule({
      imports: [ExportDownloadComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ExportDownloadComponent);
    fixture.componentRef.setInput('jobId', 'job-7');
    fixture.detectChanges();
    return { fixture, backend, el: fixture.nativeElement as HTMLElement };
  }

  it("offers the signed-in requester their export's download", () => {
    const { fixture, backend, el } = render();
    backend
      .expectOne('/api/v1/jobs/job-7')
      .flush(job('completed', { rows: 3, downloadUrl: '/api/v1/exports/job-7/download' }));
    fixture.detectChanges();
    vi.advanceTimersByTime(0);
    backend
      .match('/api/v1/jobs/job-7')
      .forEach((r) => r.flush(job('completed', { rows: 3, downloadUrl: '/api/v1/exports/job-7/download' })));
    fixture.detectChanges();
    expect(el.textContent).toContain('3 row(s) exported.');
    expect(el.textContent).toContain('Download CSV');
  });

  it("says not found for someone else's or an unknown export", () => {
    const { fixture, backend, el } = render();
    backend
      .expectOne('/api/v1/jobs/job-7')
      .flush(
        { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Job not found' },
        { status: 404, statusText: 'Not Found' },
      );
    fixture.detectChanges();
    expect(el.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Job not found');
    expect(el.textContent).not.toContain('Download CSV');
  });
});
