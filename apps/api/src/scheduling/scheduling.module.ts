import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { RecordsModule } from '../records/records.module';
import { AppointmentLifecycleService } from './appointment-lifecycle.service';
import { AppointmentPagesRepository } from './appointment-pages.repository';
import { AppointmentQueriesService } from './appointment-queries.service';
import { AppointmentsRepository } from './appointments.repository';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { IdempotentBooking } from './booking-idempotency';
import { BookingRules } from './booking-rules';
import { BookingStatement } from './booking-statement';
import { BookingService } from './booking.service';
import { CareRelationship } from './care-relationship';
import { DashboardsService } from './dashboards.service';
import { DoctorReassignmentRepository } from './doctor-reassignment.repository';
import { DoctorReassignmentService } from './doctor-reassignment.service';
import { IdempotencyRepository } from './idempotency.repository';
import { NextFreeService } from './next-free.service';
import { ParticipantsRepository } from './participants.repository';
import { ScheduleRepository } from './schedule.repository';
import { ScheduleService } from './schedule.service';
import { DoctorListService } from './doctor-list.service';
import { SlotInputsRepository } from './slot-inputs.repository';
import { SlotRulesCache } from './slot-rules-cache';
import { SlotsService } from './slots.service';

/**
 * Availability windows, slots, appointments and their lifecycle, and the
 * doctor and patient dashboards. Exports services only.
 */
@Module({
  imports: [DirectoryModule, RecordsModule],
  providers: [
    AppointmentLifecycleService,
    AppointmentQueriesService,
    AppointmentPagesRepository,
    AppointmentsRepository,
    AvailabilityRepository,
    SlotInputsRepository,
    SlotRulesCache,
    AvailabilityService,
    BookingRules,
    BookingService,
    BookingStatement,
    CareRelationship,
    DashboardsService,
    DoctorListService,
    DoctorReassignmentRepository,
    DoctorReassignmentService,
    IdempotencyRepository,
    IdempotentBooking,
    NextFreeService,
    ParticipantsRepository,
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
    DoctorListService,
    DoctorReassignmentService,
    NextFreeService,
    ScheduleService,
    SlotsService,
  ],
})
export class SchedulingModule {}
