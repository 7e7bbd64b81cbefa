import { Module } from '@nestjs/common';

/**
 * The doctor face of the API: thin controllers under /api/v1/doctor over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [],
  controllers: [],
})
export class DoctorModule {}
