import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { MonthlyReportsService } from './monthly-reports.service';
import { ReportingRepository } from './reporting.repository';

/** Monthly doctor reports (HTML email with a PDF). */
@Module({
  imports: [NotificationsModule],
  providers: [MonthlyReportsService, ReportingRepository],
  exports: [MonthlyReportsService],
})
export class ReportingModule {}
