import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InvalidInputError } from '../common/errors/domain-errors';
import { clinicDateOf, clinicDayRange, isClinicDate } from '../common/time/clinic-time';
import { JobDto } from '../jobs/dto/job.dto';
import { jobKeys, REMINDERS_ATTEMPTS, REMINDERS_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { JobRecordsService, TrackedJobData } from '../jobs/job-records.service';
import { ProgressReporter } from '../jobs/job-progress';
import { runsWorkers } from '../jobs/roles';
import { addressOf, buildAppointmentMail } from './appointment-mail';
import { MailSender, SEND_CONCURRENCY, SEND_LEASE_MS, SendInFlightError } from './mail-sender.service';
import { NotificationLogRepository } from './notification-log.repository';
import { RemindersRepository, type ClaimedReminderPage, type ReminderRow } from './reminders.repository';
import type { Branding } from './templates';

export const DAILY_REMINDERS_JOB = 'daily-reminders';
export const REMINDER_SWEEP_JOB = 'reminder-sweep';
/** Appointments read, claimed and sent per round trip. */
export const REMINDER_BATCH_SIZE = 500;
const REMINDER_KIND = 'reminder';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface DailyRemindersData extends TrackedJobData {
  date: string;
}

export interface RemindersResult extends Record<string, unknown> {
  date: string;
  appointments: number;
  sent: number;
  skipped: number;
}

export interface ReminderRunTotals {
  appointments: number;
  sent: number;
  skipped: number;
  failed: number;
  inFlight: number;
  lastError: string | null;
}

interface Window {
  from: Date;
  to: Date;
  /** Appointments starting at or before this instant have started and are left out. */
  notBefore: Date;
  unsentOnly: boolean;
}

const keyOf = (a: ReminderRow) => jobKeys.reminder(a.id, a.sequence);

/**
 * Reminders: one email per booked appointment and sequence, with the .ics
 * invitation, always before the visit starts.
 *
 * - The sweep (`REMINDER_SWEEP_CRON`, every 15 minutes) reminds each booked
 *   visit starting within the next `REMINDER_LEAD_HOURS` (default 24) that has
 *   no reminder sent for its current sequence: a visit at 07:30 is reminded
 *   the day before, one booked after the daily run at the next sweep.
 * - The daily run (`REMINDER_CRON`, 08:00, or an admin for any clinic date)
 *   covers the not yet started visits of one clinic day.
 *
 * Each reminder is claimed in the notification log under
 * `reminder:<appointmentId>:<sequence>` before it is sent, so the sweep, the
 * daily run, retries and several processes send it once; a reschedule bumps
 * the sequence, so the visit is reminded again for its new time.
 *
 * The work is pipelined: each page is read and claimed in one statement
 * while the previous page is built and sent, and each page is marked sent in
 * one statement while the next is being sent; at most two pages are held at
 * a time, so memory stays flat however many visits the day has.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly records: JobRecordsService,
    private readonly sender: MailSender,
    private readonly log: NotificationLogRepository,
    private readonly repository: RemindersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<DailyRemindersData, Record<string, unknown>>('mail', DAILY_REMINDERS_JOB, (job) =>
      this.records.track(job, REMINDERS_ATTEMPTS, async (progress) => {
        const result = await this.sendForDate(job.data.date, progress);
        throwOnUnfinished(result);
        const { failed: _f, lastError: _l, inFlight: _i, ...rest } = result;
        return { result: rest };
      }),
    );
    this.queue.process<{ at: string }, Record<string, unknown>>('mail', REMINDER_SWEEP_JOB, async (job) => {
      const result = await this.sweep(new Date(Math.max(Date.now(), Date.parse(job.data.at))));
      throwOnUnfinished(result);
      return { appointments: result.appointments, sent: result.sent, skipped: result.skipped };
    });
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

  /** Enqueues one sweep for the minute of `now` (every scheduler firing that minute yields the same job). */
  async enqueueSweep(now: Date = new Date()): Promise<void> {
    const minute = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();
    await this.queue.enqueue(
      'mail',
      REMINDER_SWEEP_JOB,
      { at: minute },
      { jobId: jobKeys.reminderSweep(minute), attempts: REMINDERS_ATTEMPTS, backoffMs: REMINDERS_BACKOFF_MS },
    );
  }

  /** Reminds every booked visit starting in (now, now + lead] that has no reminder sent for its current sequence. */
  sweep(now: Date = new Date()): Promise<ReminderRunTotals> {
    const to = new Date(now.getTime() + this.config.reminderLeadHours * HOUR_MS + 1);
    return this.run({ from: now, to, notBefore: now, unsentOnly: true });
  }

  /** Reminds the booked visits of one clinic day that have not started at `now`. */
  async sendForDate(
    date: string,
    progress: (percent: number) => Promise<void> = async () => undefined,
    now: Date = new Date(),
  ): Promise<RemindersResult & ReminderRunTotals> {
    const { start: from, end: to } = clinicDayRange(date, this.config.clinicTimezone);
    const totals = await this.run({ from, to, notBefore: now, unsentOnly: false }, progress);
    return { date, ...totals };
  }

  private async run(
    window: Window,
    progress: (percent: number) => Promise<void> = async () => undefined,
  ): Promise<ReminderRunTotals> {
    const spanMs = window.to.getTime() - window.from.getTime();
    const percentOf = (lastStart: Date) => ((lastStart.getTime() - window.from.getTime()) / spanMs) * 100;
    const brand: Branding = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    const organizer = addressOf(this.config.mailFrom);
    const totals: ReminderRunTotals = { appointments: 0, sent: 0, skipped: 0, failed: 0, inFlight: 0, lastError: null };
    // At most one mark statement runs at a time; each page's mark runs whatever became of the one before;
    // the first failure fails the run.
    let marking: Promise<void> = Promise.resolve();
    let markError: unknown = null;
    const reporter = new ProgressReporter(progress);
    let pending = this.claimPage(window, null);
    try {
      for (;;) {
        const page = await pending;
        if (!page.last) break;
        const more = page.size === REMINDER_BATCH_SIZE;
        if (more) {
          pending = this.claimPage(window, page.last);
          pending.catch(() => undefined); // awaited on the next turn; never an unhandled rejection meanwhile
        }
        const sentKeys: string[] = [];
        let late = 0;
        // SEND_CONCURRENCY senders walk the page; one await per message (no wrapper promise per item).
        let next = 0;
        const sendNext = async (): Promise<void> => {
          while (next < page.claimed.length) {
            const a = page.claimed[next++];
            const key = keyOf(a);
            if (a.startsAt.getTime() <= Date.now()) {
              // Started while the page waited: a reminder now would come too late.
              late += 1;
              await this.log.markFailed(key, 'the visit started before its reminder went out');
              continue;
            }
            try {
              await this.sender.deliver(key, buildAppointmentMail(brand, 'reminder', a, organizer));
              sentKeys.push(key);
            } catch (error) {
              totals.failed += 1;
              totals.lastError = (error as Error).message;
              await this.log.markFailed(key, totals.lastError);
            }
          }
        };
        const senders: Promise<void>[] = [];
        for (let i = 0; i < Math.min(SEND_CONCURRENCY, page.claimed.length); i++) senders.push(sendNext());
        await Promise.all(senders);
        // Backpressure: the previous page's mark finishes before this one's starts, so at most one mark is in
        // flight and one page of sent keys waits for it (the next page's claim runs meanwhile).
        await marking;
        marking = this.log.markSent(sentKeys).catch((error: unknown) => {
          markError ??= error;
        });
        totals.appointments += page.deliverable;
        totals.sent += sentKeys.length;
        totals.skipped += page.deliverable - page.claimed.length - page.inFlight + late;
        totals.inFlight += page.inFlight;
        reporter.report(percentOf(page.last.startsAt));
        if (!more) break;
      }
    } finally {
      // Never leave a mark or a progress update running past the run, whatever ended it.
      await Promise.allSettled([marking, reporter.settle()]);
    }
    if (markError !== null) throw markError; // a failed mark fails the run (its keys are retaken after the lease)
    await reporter.settle();
    return totals;
  }

  /** Reads the next page and claims its reminders (one statement). */
  private claimPage(window: Window, after: { startsAt: Date; id: string } | null): Promise<ClaimedReminderPage> {
    return this.repository.claimPage({ ...window, after, limit: REMINDER_BATCH_SIZE }, REMINDER_KIND, SEND_LEASE_MS);
  }
}

function throwOnUnfinished(result: ReminderRunTotals): void {
  if (result.failed > 0) throw new Error(`${result.failed} reminder(s) failed: ${result.lastError ?? ''}`);
  if (result.inFlight > 0) throw new SendInFlightError([`${result.inFlight} reminder(s)`]);
}
