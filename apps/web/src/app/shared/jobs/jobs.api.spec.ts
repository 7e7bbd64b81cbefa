import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Job } from '@hms/api-client';
import { JobsApi } from './jobs.api';

const job = (status: Job['status'], result: Job['result'] = null): Job => ({
  id: 'job-1',
  kind: 'treatments-export',
  summary: 'Treatment export',
  status,
  createdAt: '2030-01-01T10:00:00Z',
  startedAt: status === 'queued' ? null : '2030-01-01T10:00:01Z',
  progress: status === 'completed' ? 100 : 0,
  error: null,
  finishedAt: status === 'completed' ? '2030-01-01T10:00:05Z' : null,
  result,
});

describe('JobsApi', () => {
  let api: JobsApi;
  let backend: HttpTestingController;

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(JobsApi);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    backend.verify();
    vi.useRealTimers();
  });

  it('polls the job until it completes, then stops', () => {
    const seen: string[] = [];
    let completed = false;
    api.watch('job-1', 1000).subscribe({ next: (j) => seen.push(j.status), complete: () => (completed = true) });

    vi.advanceTimersByTime(0);
    backend.expectOne('/api/v1/jobs/job-1').flush(job('queued'));
    vi.advanceTimersByTime(1000);
    backend.expectOne('/api/v1/jobs/job-1').flush(job('running'));
    vi.advanceTimersByTime(1000);
    backend
      .expectOne('/api/v1/jobs/job-1')
      .flush(job('completed', { rows: 3, downloadUrl: '/api/v1/exports/job-1/download' }));
    vi.advanceTimersByTime(5000);
    backend.expectNone('/api/v1/jobs/job-1');

    expect(seen).toEqual(['queued', 'running', 'completed']);
    expect(completed).toBe(true);
  });

  it('starts an admin export of everyone with an empty body and a patient one with the id', () => {
    api.exportTreatments().subscribe();
    expect(backend.expectOne('/api/v1/exports/treatments').request.body).toEqual({});
    api.exportTreatments('p-1').subscribe();
    expect(backend.expectOne('/api/v1/exports/treatments').request.body).toEqual({ patientId: 'p-1' });
  });

  it('downloads the CSV with the file name the server gives', () => {
    let name = '';
    api
      .download(job('completed', { downloadUrl: '/api/v1/exports/job-1/download' }))
      .subscribe((r) => (name = r.filename));
    const req = backend.expectOne('/api/v1/exports/job-1/download');
    expect(req.request.responseType).toBe('blob');
    req.flush(new Blob(['a,b\n']), {
      headers: { 'Content-Disposition': 'attachment; filename="treatments-2030.csv"' },
    });
    expect(name).toBe('treatments-2030.csv');
  });
});
