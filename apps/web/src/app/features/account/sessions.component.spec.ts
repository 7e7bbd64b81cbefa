import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { describeDevice, SessionsComponent } from './sessions.component';

const sessions = [
  {
    id: 's1',
    createdAt: '2030-05-06T08:00:00Z',
    lastUsedAt: '2030-05-06T09:00:00Z',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0',
    ip: '10.1.2.3',
    current: true,
  },
  {
    id: 's2',
    createdAt: '2030-05-05T08:00:00Z',
    lastUsedAt: '2030-05-05T10:00:00Z',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Safari/604.1',
    ip: '10.9.9.9',
    current: false,
  },
];

describe('SessionsComponent', () => {
  it('names devices from their user agent', () => {
    expect(describeDevice(sessions[0].userAgent)).toBe('Firefox on Linux');
    expect(describeDevice(sessions[1].userAgent)).toBe('Safari on iOS');
    expect(
      describeDevice('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0'),
    ).toBe('Edge on Windows');
    expect(describeDevice('')).toBe('Unknown device');
  });

  it('lists the sessions and signs out another one', async () => {
    TestBed.configureTestingModule({
      imports: [SessionsComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SessionsComponent);
    fixture.detectChanges();
    backend.expectOne('/api/v1/auth/sessions').flush(sessions);
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const items = el.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('This session');
    expect(items[0].textContent).toContain('10.1.2.3');
    expect(items[1].textContent).toContain('Safari on iOS');

    items[1].querySelector<HTMLButtonElement>('button')!.click();
    backend
      .expectOne((r) => r.method === 'DELETE' && r.url === '/api/v1/auth/sessions/s2')
      .flush(null, {
        status: 204,
        statusText: 'No Content',
      });
    await fixture.whenStable();
    backend.expectOne('/api/v1/auth/sessions').flush([sessions[0]]);
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelectorAll('li')).toHaveLength(1);
    backend.verify();
  });
});
