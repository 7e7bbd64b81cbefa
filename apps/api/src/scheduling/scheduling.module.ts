import { Module } from '@nestjs/common';
import { PatientHistoryQuery } from '../directory/patient-history.query';
import { RecordsModule } from '../records/records.module';
import { AppointmentLifecycleService } from './appointment-lifecycle.service';
import { AppointmentQueriesService } from './appointment-queries.service';
import { AppointmentsRepository } from './appointments.repository';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { CareRelationship } from './care-relationship';
import { DashboardRepository } from './dashboard.repository';
import { DashboardsService } from './dashboards.service';
import { IdempotencyRepository } from './idempotency.repository';
import { ParticipantsRepository } from './participants.repository';
import { ScheduleRepository } from './schedule.repository';
import { ScheduleService } from './schedule.service';
import { SlotsService } from './slots.service';

/**
 * Availability windows, slots, appointments and their lifecycle, and the
 * doctor and patient dashboards. Exports services only.
 */
@Module({
  imports: [RecordsModule],
  providers: [
    AppointmentLifecycleService,
    AppointmentQueriesService,
    AppointmentsRepository,
    AvailabilityRepository,
    AvailabilityService,
    BookingService,
    CareRelationship,
    DashboardRepository,
    DashboardsService,
    IdempotencyRepository,
    ParticipantsRepository,
    PatientHistoryQuery,
    ScheduleRepository,
    ScheduleService,
    SlotsService,
  ],
  exports: [
    AppointmentLifecycleService,
    AppointmentQueriesService,
    AvailabilityService,
    BookingService,
    CareRelationship,
    DashboardsService,
    ScheduleService,
    SlotsService,
  ],
})
export class SchedulingModule {}
