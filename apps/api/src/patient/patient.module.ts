import { Module } from '@nestjs/common';

/**
 * The patient face of the API: thin controllers under /api/v1/patient over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [],
  controllers: [],
})
export class PatientModule {}
