import { inject, Injectable, Injector, Pipe, PipeTransform, signal } from '@angular/core';
import { ClinicClient } from '@hms/api-client';
import { clinicDateOf } from '@hms/shared';
import { firstValueFrom } from 'rxjs';

/**
 * Dates and times of the clinic. Calendar dates (`YYYY-MM-DD`) and wall-clock
 * times (`HH:mm`) are in the clinic's time zone; instants are ISO strings.
 */
@Injectable({ providedIn: 'root' })
export class ClinicTime {
  private readonly injector = inject(Injector);
  readonly timeZone = signal('UTC');
  readonly name = signal('Clinic');
  /** Availability and bookings reach this many days past today. */
  readonly horizonDays = signal(7);
  /** The app signs out after this many minutes without activity (the server ends the session then too). */
  readonly sessionIdleMinutes = signal(30);

  /**
   * Why the clinic's settings could not be read; null when they were (or are
   * loading). While set, no time is shown (the pipe writes a dash): UTC shown
   * as if it were clinic time would put every visit at the wrong hour.
   */
  readonly loadError = signal<string | null>(null);
  readonly loading = signal(false);

  /** Reads the clinic's time zone and booking horizon from the API (GET /clinic); on failure sets `loadError`. */
  async load(): Promise<void> {
    this.loading.set(true);
    this.loadError.set(null);
    try {
      const info = await firstValueFrom(this.injector.get(ClinicClient).clinicInfo());
      this.setTimeZone(info.timeZone);
      this.name.set(info.name);
      if (info.bookingHorizonDays > 0) this.horizonDays.set(info.bookingHorizonDays);
      if (info.sessionIdleMinutes > 0) this.sessionIdleMinutes.set(info.sessionIdleMinutes);
    } catch {
      this.loadError.set('The clinic’s time zone could not be loaded, so times are not shown.');
    } finally {
      this.loading.set(false);
    }
  }

  setTimeZone(zone: string | null | undefined): void {
    if (!zone) return;
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      this.timeZone.set(zone);
    } catch {
      /* unknown zone: keep the current one */
    }
  }

  /** The clinic's calendar date of an instant. */
  dateOf(instant: Date | string): string {
    return clinicDateOf(new Date(instant), this.timeZone());
  }

  today(): string {
    return this.dateOf(new Date());
  }

  format(instant: Date | string, style: 'date' | 'time' | 'datetime' | 'weekday' = 'datetime'): string {
    const opts: Intl.DateTimeFormatOptions = { timeZone: this.timeZone() };
    if (style === 'date' || style === 'datetime')
      Object.assign(opts, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
    if (style === 'time' || style === 'datetime')
      Object.assign(opts, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (style === 'weekday') Object.assign(opts, { weekday: 'long', day: 'numeric', month: 'long' });
    return new Intl.DateTimeFormat('en-GB', opts).format(new Date(instant));
  }
}

/** Calendar arithmetic on `YYYY-MM-DD` dates, shared with the API. */
export { addDays } from '@hms/shared';

/** A calendar date `YYYY-MM-DD` as a readable label, e.g. "Mon 3 Mar". */
export function dateLabel(date: string, withYear = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
  }).format(new Date(`${date}T00:00:00Z`));
}

@Pipe({ name: 'clinicTime', pure: false })
export class ClinicTimePipe implements PipeTransform {
  private readonly clinic = inject(ClinicTime);
  transform(
    value: string | Date | null | undefined,
    style: 'date' | 'time' | 'datetime' | 'weekday' = 'datetime',
  ): string {
    if (!value) return '';
    // Without the clinic's zone a time would be shown in the wrong zone: show none (the layout says why).
    if (this.clinic.loadError() !== null) return '—';
    return this.clinic.format(value, style);
  }
}
