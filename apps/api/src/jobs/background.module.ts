import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ExportsModule } from '../exports/exports.module';
import { MaintenanceModule } from '../maintenance/maintenance.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportingModule } from '../reporting/reporting.module';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { CronService } from './cron.service';
import { JobRecordsModule } from './job-records.module';

/**
 * Everything that runs in the background: job records, mail (confirmations,
 * reminders), reports, exports, the daily purge and the crons. Which parts run in this
 * process depends on APP_ROLE (see roles.ts).
 */
@Module({
  imports: [
    ScheduleModule.forRoot(),
    JobRecordsModule,
    NotificationsModule,
    ReportingModule,
    ExportsModule,
    MaintenanceModule,
    WaitlistModule,
  ],
  providers: [CronService],
  exports: [CronService, NotificationsModule, ReportingModule],
})
export class BackgroundModule {}
