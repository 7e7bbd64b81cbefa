import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ClinicTime } from '../time/clinic-time';
import { ClinicZoneBannerComponent } from './clinic-zone-banner.component';

describe('ClinicZoneBannerComponent', () => {
  it('shows an error with Retry when GET /clinic fails, and goes away once a retry succeeds', async () => {
    TestBed.configureTestingModule({
      imports: [ClinicZoneBannerComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const clinic = TestBed.inject(ClinicTime);
    const fixture = TestBed.createComponent(ClinicZoneBannerComponent);
    const el: HTMLElement = fixture.nativeElement;

    const first = clinic.load();
    http.expectOne('/api/v1/clinic').flush('down', { status: 503, statusText: 'Unavailable' });
    await first;
    fixture.detectChanges();
    await fixture.whenStable();
    const banner = el.querySelector('[data-testid="clinic-zone-error"]');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent).toContain('times are not shown');

    el.querySelector<HTMLButtonElement>('button')!.click();
    http
      .expectOne('/api/v1/clinic')
      .flush({ name: 'Clinic', timeZone: 'Asia/Tokyo', today: '2030-01-01', bookingHorizonDays: 7 });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    fixture.detectChanges();
    expect(el.querySelector('[data-testid="clinic-zone-error"]')).toBeNull();
    expect(clinic.timeZone()).toBe('Asia/Tokyo');
  });
});
