import { AuditExportService } from './audit-export.service';
import { AuditExportsController } from './audit-exports.controller';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { ExportsController } from './exports.controller';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** `POST /exports/treatments`, the export processor and `GET /exports/:jobId/download`. */
@Module({
  imports: [NotificationsModule],
  controllers: [ExportsController, AuditExportsController],
  providers: [ExportsService, ExportsRepository, AuditExportService],
  exports: [ExportsService],
})
export class ExportsModule {}
