import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '@hms/api-client';
import { addDays, ClinicTime, ClinicTimePipe, dateLabel } from './clinic-time';

describe('ClinicTime', () => {
  it('gives the clinic date of an instant in the clinic time zone', () => {
    const clinic = TestBed.inject(ClinicTime);
    clinic.setTimeZone('America/New_York');
    expect(clinic.dateOf('2030-03-10T03:30:00Z')).toBe('2030-03-09');
    clinic.setTimeZone('Asia/Tokyo');
    expect(clinic.dateOf('2030-03-09T16:00:00Z')).toBe('2030-03-10');
  });

  it('formats wall-clock times in the clinic time zone', () => {
    const clinic = TestBed.inject(ClinicTime);
    clinic.setTimeZone('Europe/Berlin');
    expect(clinic.format('2030-07-01T07:30:00Z', 'time')).toBe('09:30');
  });

  it('ignores an unknown time zone', () => {
    const clinic = TestBed.inject(ClinicTime);
    clinic.setTimeZone('Mars/Olympus');
    expect(clinic.timeZone()).toBe('UTC');
  });

  it('adds days across month ends', () => {
    expect(addDays('2030-01-31', 1)).toBe('2030-02-01');
    expect(addDays('2030-03-01', -1)).toBe('2030-02-28');
    expect(dateLabel('2030-02-01')).toBe('Fri 1 Feb');
  });

  it('takes the time zone and booking horizon from GET /api/v1/clinic', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    const clinic = TestBed.inject(ClinicTime);
    const http = TestBed.inject(HttpTestingController);
    const loading = clinic.load();
    http
      .expectOne('/api/v1/clinic')
      .flush({ name: 'Harbour Clinic', timeZone: 'Asia/Tokyo', today: '2030-01-01', bookingHorizonDays: 10 });
    await loading;
    expect(clinic.timeZone()).toBe('Asia/Tokyo');
    expect(clinic.horizonDays()).toBe(10);
    expect(clinic.name()).toBe('Harbour Clinic');
  });

  it('refuses to show times when the clinic route fails, and shows them after a retry', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')],
    });
    const clinic = TestBed.inject(ClinicTime);
    const pipe = TestBed.runInInjectionContext(() => new ClinicTimePipe());
    const http = TestBed.inject(HttpTestingController);
    const failing = clinic.load();
    http.expectOne('/api/v1/clinic').flush('down', { status: 503, statusText: 'Unavailable' });
    await failing;
    expect(clinic.loadError()).toMatch(/time zone could not be loaded/);
    expect(pipe.transform('2030-07-01T07:30:00Z', 'time')).toBe('—');
    expect(pipe.transform('2030-07-01T07:30:00Z')).toBe('—');

    const retry = clinic.load();
    http
      .expectOne('/api/v1/clinic')
      .flush({ name: 'Harbour Clinic', timeZone: 'Europe/Berlin', today: '2030-01-01', bookingHorizonDays: 10 });
    await retry;
    expect(clinic.loadError()).toBeNull();
    expect(pipe.transform('2030-07-01T07:30:00Z', 'time')).toBe('09:30');
  });
});
