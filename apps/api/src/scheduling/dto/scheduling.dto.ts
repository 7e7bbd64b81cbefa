import { ApiProperty } from '@nestjs/swagger';
import type { AvailabilityWindowEntity } from '../entities/availability-window.entity';
import { AppointmentDto } from './appointment.dto';

/** A doctor's published window on one clinic date (wall-clock times in the clinic time zone). */
export class AvailabilityWindowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-03-02', description: 'Clinic date, YYYY-MM-DD' }) date!: string;
  @ApiProperty({ example: '09:00', description: 'Wall-clock HH:mm in the clinic time zone' }) startTime!: string;
  @ApiProperty({ example: '12:00', description: 'Wall-clock HH:mm in the clinic time zone' }) endTime!: string;
  @ApiProperty({ example: 30 }) slotMinutes!: number;
  @ApiProperty({ format: 'date-time', description: 'The start as an instant' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The end as an instant' }) endsAt!: string;
}

export function toWindowDto(w: AvailabilityWindowEntity): AvailabilityWindowDto {
  return {
    id: w.id,
    date: w.date,
    startTime: w.startTime,
    endTime: w.endTime,
    slotMinutes: w.slotMinutes,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
  };
}

/** One bookable time of a doctor. Slots that already started are never listed. */
export class SlotDto {
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ description: 'False while a booked appointment holds the slot' }) available!: boolean;
}

export class DoctorDashboardDto {
  @ApiProperty({ description: 'Not-cancelled appointments on today’s clinic date' }) today!: number;
  @ApiProperty({ description: 'Not-cancelled appointments this clinic week (Monday to Sunday)' }) thisWeek!: number;
  @ApiProperty({ description: 'Booked appointments that have not started yet' }) upcoming!: number;
  @ApiProperty({ description: 'Distinct patients who have or had an appointment with the doctor' }) patients!: number;
  @ApiProperty({ description: 'Appointments completed this clinic month' }) completedThisMonth!: number;
  @ApiProperty({ description: 'Appointments this clinic month the patient did not come to' }) noShowsThisMonth!: number;
  @ApiProperty({
    example: 0.05,
    description: 'No-shows over the visits of this clinic month that came due (completed, checked in, no-show); 0..1',
  })
  noShowRateThisMonth!: number;
}

export class DashboardSpecializationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Active doctors of the department' }) doctorCount!: number;
}

export class PatientDashboardDto {
  @ApiProperty({ type: [AppointmentDto], description: 'The next booked appointments, soonest first (at most 10)' })
  upcoming!: AppointmentDto[];
  @ApiProperty({ description: 'Number of own appointments that already started and were not cancelled' })
  past!: number;
  @ApiProperty({ type: [DashboardSpecializationDto], description: 'Departments to book with, by name' })
  specializations!: DashboardSpecializationDto[];
}

/** A patient as their doctor sees them, with the count and date of their visits to that doctor. */
export class DoctorPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true, example: '1985-04-12' }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Appointments with this doctor, any status' }) appointmentCount!: number;
  @ApiProperty({ format: 'date-time', description: 'Start of the latest appointment with this doctor' })
  lastAppointmentAt!: string;
}
