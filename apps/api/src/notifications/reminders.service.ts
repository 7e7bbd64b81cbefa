import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InvalidInputError } from '../common/errors/domain-errors';
import { clinicDateOf, clinicDayRange, isClinicDate } from '../common/time/clinic-time';
import { JobDto } from '../jobs/dto/job.dto';
import { jobKeys, REMINDERS_ATTEMPTS, REMINDERS_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { JobRecordsService, TrackedJobData } from '../jobs/job-records.service';
import { runsWorkers } from '../jobs/roles';
import { addressOf, buildAppointmentMail } from './appointment-mail';
import { MailSender, SendInFlightError } from './mail-sender.service';
import { NotificationsRepository } from './notifications.repository';
import type { Branding } from './templates';

export const DAILY_REMINDERS_JOB = 'daily-reminders';
/** Appointments read, claimed and sent per round trip. */
export const REMINDER_BATCH_SIZE = 1_000;

export interface DailyRemindersData extends TrackedJobData {
  date: string;
}

export interface RemindersResult extends Record<string, unknown> {
  date: string;
  appointments: number;
  sent: number;
  skipped: number;
}

/**
 * Daily reminders: one email per booked appointment of a clinic day, with
 * the .ics invitation. The job for a date has the id `daily-reminders:<date>`
 * and each email the key `reminder:<appointmentId>:<date>`, so a second
 * run, a second scheduler or a retry sends nothing twice.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly records: JobRecordsService,
    private readonly sender: MailSender,
    private readonly repository: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<DailyRemindersData, Record<string, unknown>>('mail', DAILY_REMINDERS_JOB, (job) =>
      this.records.track(job, REMINDERS_ATTEMPTS, async (progress) => {
        const result = await this.sendForDate(job.data.date, progress);
        if (result.failed > 0) throw new Error(`${result.failed} reminder(s) failed: ${result.lastError ?? ''}`);
        if (result.inFlight > 0) throw new SendInFlightError([`${result.inFlight} reminder(s)`]);
        const { failed: _f, lastError: _l, inFlight: _i, ...rest } = result;
        return { result: rest };
      }),
    );
  }

  /** Starts (or finds) the reminder job of a clinic date; default today. */
  async start(date: string | undefined, requestedBy: string | null): Promise<JobDto> {
    const day = date ?? clinicDateOf(new Date(), this.config.clinicTimezone);
    if (!isClinicDate(day))
      throw new InvalidInputError('invalid_date', 'date is not a calendar date', [
        { field: 'date', message: 'date must be a valid calendar date YYYY-MM-DD' },
      ]);
    return this.records.launch<{ date: string }>({
      key: jobKeys.dailyReminders(day),
      kind: 'daily-reminders',
      requestedBy,
      params: { date: day },
      queue: 'mail',
      name: DAILY_REMINDERS_JOB,
      data: { date: day },
      attempts: REMINDERS_ATTEMPTS,
      backoffMs: REMINDERS_BACKOFF_MS,
    });
  }

  /** Streams the day's booked appointments in keyset batches and sends each reminder through the log. */
  async sendForDate(
    date: string,
    progress: (percent: number) => Promise<void> = async () => undefined,
  ): Promise<RemindersResult & { failed: number; inFlight: number; lastError: string | null }> {
    const brand: Branding = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    const organizer = addressOf(this.config.mailFrom);
    const { start: from, end: to } = clinicDayRange(date, this.config.clinicTimezone);
    const dayMs = to.getTime() - from.getTime();
    const totals = {
      date,
      appointments: 0,
      sent: 0,
      skipped: 0,
      failed: 0,
      inFlight: 0,
      lastError: null as string | null,
    };
    // The next page is read while the current one is being sent (one page ahead, memory stays bounded).
    let pending = this.repository.bookedBetween(from, to, null, REMINDER_BATCH_SIZE);
    for (;;) {
      const batch = await pending;
      if (batch.length === 0) break;
      const last = batch[batch.length - 1];
      const more = batch.length === REMINDER_BATCH_SIZE;
      if (more) {
        pending = this.repository.bookedBetween(
          from,
          to,
          { startsAt: last.startsAt, id: last.id },
          REMINDER_BATCH_SIZE,
        );
        pending.catch(() => undefined); // awaited on the next turn; never an unhandled rejection meanwhile
      }
      const outcome = await this.sender.sendMany(
        'reminder',
        batch.filter((a) => a.patientActive),
        (a) => jobKeys.reminder(a.id, date),
        (a) => buildAppointmentMail(brand, 'reminder', a, organizer),
      );
      totals.appointments += outcome.considered;
      totals.sent += outcome.sent;
      totals.skipped += outcome.skipped;
      totals.failed += outcome.failed;
      totals.inFlight += outcome.inFlight;
      totals.lastError = outcome.lastError ?? totals.lastError;
      await progress(((last.startsAt.getTime() - from.getTime()) / dayMs) * 100);
      if (!more) break;
    }
    return totals;
  }
}
