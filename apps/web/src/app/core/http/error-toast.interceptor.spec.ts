import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ToastService } from '../ui/toast.service';
import { SILENT_ERRORS } from './api';
import { errorToastInterceptor } from './error-toast.interceptor';

describe('errorToastInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let toasts: ToastService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([errorToastInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    toasts = TestBed.inject(ToastService);
  });

  it('toasts a server failure with its problem detail', () => {
    http.get('/api/v1/x').subscribe({ error: () => undefined });
    backend
      .expectOne('/api/v1/x')
      .flush(
        { type: 'about:blank', title: 'Internal', status: 500, detail: 'Try later' },
        { status: 500, statusText: 'Error' },
      );
    expect(toasts.toasts().map((t) => [t.kind, t.text])).toEqual([['danger', 'Try later']]);
  });

  it('tells how long to wait when rate limited', () => {
    http.get('/api/v1/x').subscribe({ error: () => undefined });
    backend
      .expectOne('/api/v1/x')
      .flush({}, { status: 429, statusText: 'Too Many', headers: { 'Retry-After': '240' } });
    expect(toasts.toasts()[0]?.text).toBe('Too many requests. Please try again in 4 minutes.');
  });

  it("shows the server's rate-limit detail, which names when to try again", () => {
    http.post('/api/v1/exports/treatments', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/exports/treatments').flush(
      {
        type: 'about:blank',
        title: 'Too Many Requests',
        status: 429,
        detail: 'You reached 10 exports a day; try again in 3 hours',
      },
      { status: 429, statusText: 'Too Many', headers: { 'Retry-After': '10000' } },
    );
    expect(toasts.toasts()[0]?.text).toBe('You reached 10 exports a day; try again in 3 hours');
  });

  it('leaves validation and conflicts to the screen', () => {
    http.post('/api/v1/x', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/x').flush({ status: 409, title: 'Conflict' }, { status: 409, statusText: 'Conflict' });
    http.post('/api/v1/y', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/y').flush({ status: 400, title: 'Bad' }, { status: 400, statusText: 'Bad Request' });
    expect(toasts.toasts()).toEqual([]);
  });

  it('stays quiet for calls marked silent', () => {
    http
      .get('/api/v1/x', { context: new HttpContext().set(SILENT_ERRORS, true) })
      .subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/x').flush({}, { status: 503, statusText: 'Unavailable' });
    expect(toasts.toasts()).toEqual([]);
  });
});
