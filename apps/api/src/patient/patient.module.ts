import { PatientAccessLogController } from './patient-access-log.controller';
import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { PatientDirectoryController } from './patient-directory.controller';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { PatientAppointmentsController } from './patient-appointments.controller';
import { WaitlistModule } from '../waitlist/waitlist.module';
import { PatientWaitlistController } from './patient-waitlist.controller';

/**
 * The patient face of the API: thin controllers under /api/v1/patient over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [DirectoryModule, SchedulingModule, WaitlistModule],
  controllers: [
    PatientDirectoryController,
    PatientAppointmentsController,
    PatientAccessLogController,
    PatientWaitlistController,
  ],
})
export class PatientModule {}
