import { Module } from '@nestjs/common';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { DoctorAppointmentsController } from './doctor-appointments.controller';
import { DoctorAvailabilityController } from './doctor-availability.controller';
import { DoctorPatientsController } from './doctor-patients.controller';
import { DoctorScheduleController } from './doctor-schedule.controller';

/**
 * The doctor face of the API: thin controllers under /api/v1/doctor over the
 * domain modules' services. No rules live here.
 */
@Module({
  imports: [SchedulingModule],
  controllers: [
    DoctorAppointmentsController,
    DoctorAvailabilityController,
    DoctorPatientsController,
    DoctorScheduleController,
  ],
})
export class DoctorModule {}
