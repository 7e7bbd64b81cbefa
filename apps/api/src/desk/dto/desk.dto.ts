import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, CANCELLED_BY, type AppointmentStatus, type CancelledBy } from '@hms/shared';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { FullNameField, lowerTrim, trim } from '../../common/http/fields';
import { IsClinicDate, IsInstant } from '../../scheduling/dto/validators';

/**
 * What the front desk sees. These shapes carry no clinical text by
 * construction: no treatment, diagnosis, prescription or notes field exists.
 */

export const DESK_SLOT_STATUSES = ['free', 'held', 'booked', 'checked_in', 'completed', 'no_show'] as const;
export type DeskSlotStatus = (typeof DESK_SLOT_STATUSES)[number];

export class DeskSpecializationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class DeskDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: DeskSpecializationDto }) specialization!: DeskSpecializationDto;
}

export class DeskSlotPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
}

export class DeskSlotAppointmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: DeskSlotPatientDto }) patient!: DeskSlotPatientDto;
  @ApiProperty() reason!: string;
}

export class DeskSlotDto {
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ enum: DESK_SLOT_STATUSES }) status!: DeskSlotStatus;
  @ApiProperty({
    description:
      'A free slot that can be booked now (in the future, outside the doctor’s minimum notice, within the horizon)',
  })
  bookable!: boolean;
  @ApiPropertyOptional({ type: DeskSlotAppointmentDto, description: 'The visit in the slot (not for free or held)' })
  appointment?: DeskSlotAppointmentDto;
}

export class DeskDayDoctorDto {
  @ApiProperty({ type: DeskDoctorDto }) doctor!: DeskDoctorDto;
  @ApiProperty({ type: [DeskSlotDto] }) slots!: DeskSlotDto[];
}

export class DeskDayDto {
  @ApiProperty({ example: '2026-12-08', description: 'Clinic date' }) date!: string;
  @ApiProperty({ type: [DeskDayDoctorDto] }) doctors!: DeskDayDoctorDto[];
}

/** A patient's demographics. `email` is null for a walk-in registered without one (no sign-in). */
export class DeskPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1985-04-12' }) dateOfBirth!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty() active!: boolean;
}

export class DeskAppointmentDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() specialization!: string;
}

export class DeskAppointmentPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

/** An appointment as the desk sees it: the visit, never its treatment. */
export class DeskAppointmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: DeskAppointmentDoctorDto }) doctor!: DeskAppointmentDoctorDto;
  @ApiProperty({ type: DeskAppointmentPatientDto }) patient!: DeskAppointmentPatientDto;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: AppointmentStatus;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ enum: CANCELLED_BY }) cancelledBy?: CancelledBy;
  @ApiPropertyOptional() cancelReason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) checkedInAt?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DeskPatientDetailsDto extends DeskPatientDto {
  @ApiProperty({ type: [DeskAppointmentDto], description: 'Every appointment of the patient, latest first' })
  appointments!: DeskAppointmentDto[];
}

/** `GET /desk/day` */
export class DeskDayQueryDto {
  @ApiPropertyOptional({ example: '2026-12-08', description: 'Clinic date; default today' })
  @IsOptional()
  @IsClinicDate()
  date?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only doctors of this department' })
  @IsOptional()
  @IsUUID()
  specializationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this doctor' })
  @IsOptional()
  @IsUUID()
  doctorId?: string;
}

/** `GET /desk/patients` */
export class DeskPatientsQueryDto {
  @ApiProperty({
    description:
      'Name, phone or email (parts match), or a date of birth (YYYY-MM-DD or DD.MM.YYYY); at least 2 characters',
  })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  search!: string;
}

/** `POST /desk/patients`: a walk-in or a caller. */
export class RegisterWalkInDto {
  @FullNameField('Walter Inn')
  fullName!: string;

  @ApiProperty({ example: '1980-02-29' })
  @IsClinicDate()
  dateOfBirth!: string;

  @ApiProperty({ example: '+1 555 0100', maxLength: 32 })
  @Transform(trim)
  @IsString()
  @Length(3, 32)
  @Matches(/^[0-9+()\-. ]+$/, { message: 'phone may hold digits, spaces and + ( ) - . only' })
  phone!: string;

  @ApiPropertyOptional({ format: 'email', description: 'With an email the patient is invited to set a password' })
  @IsOptional()
  @Transform(lowerTrim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;
}

/** `POST /desk/appointments` */
export class DeskBookDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'patientId must be a UUID' })
  patientId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'doctorId must be a UUID' })
  doctorId!: string;

  @ApiProperty({ format: 'date-time', description: 'The start of one of the doctor’s available slots' })
  @IsInstant()
  startsAt!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** `POST /desk/appointments/:id/reschedule` */
export class DeskRescheduleDto {
  @ApiProperty({ format: 'date-time', description: 'The start of one of the doctor’s available slots' })
  @IsInstant()
  startsAt!: string;
}

/** `POST /desk/appointments/:id/cancel` */
export class DeskCancelDto {
  @ApiProperty({ description: 'Told to the patient', minLength: 1, maxLength: 500 })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason!: string;
}
