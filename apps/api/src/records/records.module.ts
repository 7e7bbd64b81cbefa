import { Module } from '@nestjs/common';
import { TreatmentsRepository } from './treatments.repository';
import { TreatmentsService } from './treatments.service';

/** Treatments: the clinical record of completed appointments. */
@Module({
  providers: [TreatmentsService, TreatmentsRepository],
  exports: [TreatmentsService],
})
export class RecordsModule {}
