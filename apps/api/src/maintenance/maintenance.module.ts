import { Module } from '@nestjs/common';
import { JobRecordsModule } from '../jobs/job-records.module';
import { PurgeRepository } from './purge.repository';
import { PurgeService } from './purge.service';

/** Housekeeping jobs: the daily purge. */
@Module({
  imports: [JobRecordsModule],
  providers: [PurgeService, PurgeRepository],
  exports: [PurgeService],
})
export class MaintenanceModule {}
