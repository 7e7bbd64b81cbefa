import { Global, Module } from '@nestjs/common';
import { JobRecordsService } from './job-records.service';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';

/** The jobs table and `GET /jobs/:id`, shared by every module that starts a job. */
@Global()
@Module({
  controllers: [JobsController],
  providers: [JobsRepository, JobRecordsService],
  exports: [JobRecordsService],
})
export class JobRecordsModule {}
