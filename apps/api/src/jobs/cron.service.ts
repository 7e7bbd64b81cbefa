import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PurgeService } from '../maintenance/purge.service';
import { RemindersService } from '../notifications/reminders.service';
import { MonthlyReportsService } from '../reporting/monthly-reports.service';
import { WaitlistService } from '../waitlist/waitlist.service';
import { clinicDateOf, previousClinicMonth } from '../common/time/clinic-time';
import { JobDto } from './dto/job.dto';
import { runsScheduler } from './roles';

export const REMINDERS_CRON_NAME = 'daily-reminders';
export const REMINDER_SWEEP_CRON_NAME = 'reminder-sweep';
export const MONTHLY_REPORTS_CRON_NAME = 'monthly-reports';
export const PURGE_CRON_NAME = 'daily-purge';
export const WAITLIST_SWEEP_CRON_NAME = 'waitlist-sweep';

/**
 * The crons (scheduler and all roles only), in the clinic's time zone. They
 * decide and enqueue, nothing more: the job ids derive from the clinic date
 * or month, so every scheduler process firing at once still yields one job.
 */
@Injectable()
export class CronService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CronService.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly reminders: RemindersService,
    private readonly reports: MonthlyReportsService,
    private readonly purge: PurgeService,
    private readonly waitlist: WaitlistService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.redisUrl && this.config.appRole !== 'all') {
      this.logger.warn(
        `APP_ROLE=${this.config.appRole} without REDIS_URL: jobs run only in the process that enqueues them; use APP_ROLE=all`,
      );
    }
    if (!runsScheduler(this.config)) return;
    this.add(REMINDERS_CRON_NAME, this.config.reminderCron, () => this.fireDailyReminders());
    this.add(REMINDER_SWEEP_CRON_NAME, this.config.reminderSweepCron, () => this.fireReminderSweep());
    this.add(MONTHLY_REPORTS_CRON_NAME, this.config.monthlyReportCron, () => this.fireMonthlyReports());
    this.add(PURGE_CRON_NAME, this.config.purgeCron, () => this.fireDailyPurge());
    this.add(WAITLIST_SWEEP_CRON_NAME, this.config.waitlistSweepCron, () => this.waitlist.enqueueSweep());
  }

  private add(name: string, cronTime: string, run: () => Promise<unknown>): void {
    const job = CronJob.from({
      cronTime,
      timeZone: this.config.clinicTimezone,
      start: false,
      onTick: () => {
        run().catch((error: unknown) =>
          this.logger.error(`Cron ${name} failed to enqueue: ${(error as Error).message}`),
        );
      },
    });
    this.registry.addCronJob(name, job as never);
    job.start();
  }

  /** Enqueues today's reminders (clinic date). */
  fireDailyReminders(now = new Date()): Promise<JobDto> {
    return this.reminders.start(clinicDateOf(now, this.config.clinicTimezone), null);
  }

  /** Enqueues the reminder sweep of this minute (visits entering the lead window). */
  fireReminderSweep(now = new Date()): Promise<void> {
    return this.reminders.enqueueSweep(now);
  }

  /** Enqueues today's purge (clinic date). */
  fireDailyPurge(now = new Date()): Promise<JobDto> {
    return this.purge.start(clinicDateOf(now, this.config.clinicTimezone), null);
  }

  /** Enqueues last month's reports (clinic month). */
  fireMonthlyReports(now = new Date()): Promise<JobDto> {
    return this.reports.start(previousClinicMonth(now, this.config.clinicTimezone), null);
  }
}
