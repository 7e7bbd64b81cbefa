import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { PatientDoctorListItemDto } from '@hms/api-client';
import { DoctorSearchComponent } from './doctor-search.component';

const doctor = (id: string, fullName: string, nextFreeAt: string | null): PatientDoctorListItemDto => ({
  id,
  fullName,
  specialization: { id: 's1', name: 'Cardiology' },
  qualification: 'MD',
  experienceYears: 12,
  nextFreeAt,
});

describe('DoctorSearchComponent', () => {
  it('shows each doctor’s next free time, or that nothing is free and a waitlist link', async () => {
    TestBed.configureTestingModule({
      imports: [DoctorSearchComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DoctorSearchComponent);
    fixture.detectChanges();
    backend.expectOne('/api/v1/patient/specializations').flush([]);
    // The list waits for typing to settle (debounce) before asking.
    const request = await new Promise<ReturnType<HttpTestingController['expectOne']>>((resolve) => {
      const poll = () => {
        const found = backend.match((r) => r.url === '/api/v1/patient/doctors');
        if (found.length > 0) resolve(found[0]);
        else setTimeout(poll, 20);
      };
      poll();
    });
    request.flush({
      items: [doctor('d1', 'Dr Ada Byron', '2026-12-08T09:30:00Z'), doctor('d2', 'Dr Busy Bee', null)],
      total: 2,
      page: 1,
      pageSize: 100,
    });
    fixture.detectChanges();
    await fixture.whenStable();
    const cards = [...(fixture.nativeElement as HTMLElement).querySelectorAll('article')];
    expect(cards[0].querySelector('[data-testid="next-free"]')?.textContent?.trim()).toBe(
      'Next free: Tue 8 Dec, 09:30',
    );
    expect(cards[0].textContent).toContain('See times and book');
    expect(cards[1].querySelector('[data-testid="next-free"]')?.textContent?.trim()).toBe(
      'Nothing free in the next 7 days',
    );
    expect(cards[1].textContent).not.toContain('See times and book');
    expect(cards[1].querySelector('a')?.getAttribute('href')).toBe('/patient/doctors/d2#waitlist');
  });
});
