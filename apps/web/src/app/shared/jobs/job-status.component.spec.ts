import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Job } from '@hms/api-client';
import { JobStatusComponent } from './job-status.component';

const job = (status: Job['status'], result: Job['result'] = null): Job => ({
  id: 'job-9',
  kind: 'treatments-export',
  summary: 'Treatment export',
  status,
  createdAt: '2030-01-01T10:00:00Z',
  startedAt: null,
  finishedAt: status === 'completed' || status === 'failed' ? '2030-01-01T10:00:04Z' : null,
  progress: 0,
  error: null,
  result,
});

describe('JobStatusComponent', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows live status and offers the download once the export completes', () => {
    TestBed.configureTestingModule({
      imports: [JobStatusComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(JobStatusComponent);
    fixture.componentRef.setInput('downloadable', true);
    const finished: Job[] = [];
    fixture.componentInstance.finishedJob.subscribe((j) => finished.push(j));
    fixture.componentInstance.follow(job('queued'));
    vi.advanceTimersByTime(0);
    backend.expectOne('/api/v1/jobs/job-9').flush(job('running'));
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.textContent).toContain('running');
    expect(el.textContent).not.toContain('Download CSV');

    vi.advanceTimersByTime(1500);
    backend
      .expectOne('/api/v1/jobs/job-9')
      .flush(job('completed', { rows: 4, downloadUrl: '/api/v1/exports/job-9/download' }));
    fixture.detectChanges();
    expect(el.textContent).toContain('4 row(s) exported.');
    expect(el.textContent).toContain('Download CSV');
    expect(finished.map((j) => j.status)).toEqual(['completed']);
    vi.advanceTimersByTime(10_000);
    backend.expectNone('/api/v1/jobs/job-9');
  });

  it('says so when the job fails', () => {
    TestBed.configureTestingModule({
      imports: [JobStatusComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(JobStatusComponent);
    fixture.componentInstance.follow(job('queued'));
    vi.advanceTimersByTime(0);
    backend.expectOne('/api/v1/jobs/job-9').flush(job('failed'));
    fixture.detectChanges();
    expect(fixture.nativeElement.textContent).toContain('The job failed');
  });
});
