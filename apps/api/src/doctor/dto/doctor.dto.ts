import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  DOCTOR_APPOINTMENT_SCOPES,
  SLOT_MINUTES_DEFAULT,
  SLOT_MINUTES_MAX,
  SLOT_MINUTES_MIN,
  type AppointmentStatus,
  type DoctorAppointmentScope,
} from '@hms/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { IsClinicDate, IsWallTime } from '../../scheduling/dto/validators';
import { APPOINTMENT_ORDERS, type AppointmentOrder } from '../../scheduling/dto/appointment-filter.dto';
import { trim } from '../../common/http/fields';

export class PublishWindowDto {
  @ApiProperty({ example: '2026-03-02', description: 'Clinic date, today to today + booking horizon' })
  @IsClinicDate()
  date!: string;

  @ApiProperty({ example: '09:00', description: 'HH:mm in the clinic time zone' })
  @IsWallTime()
  startTime!: string;

  @ApiProperty({ example: '12:00', description: 'HH:mm in the clinic time zone, after startTime' })
  @IsWallTime()
  endTime!: string;

  @ApiPropertyOptional({
    minimum: SLOT_MINUTES_MIN,
    maximum: SLOT_MINUTES_MAX,
    default: SLOT_MINUTES_DEFAULT,
    description: 'Must divide the window’s length',
  })
  @IsOptional()
  @IsInt()
  @Min(SLOT_MINUTES_MIN)
  @Max(SLOT_MINUTES_MAX)
  slotMinutes?: number;
}

export class DoctorAppointmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: DOCTOR_APPOINTMENT_SCOPES,
    default: 'upcoming',
    description:
      'today: this clinic date; week: Monday to Sunday of the current clinic week; upcoming: from now (all soonest first); past: before now, latest first',
  })
  @IsOptional()
  @IsIn(DOCTOR_APPOINTMENT_SCOPES)
  scope?: DoctorAppointmentScope;

  @ApiPropertyOptional({
    enum: APPOINTMENT_ORDERS,
    description: 'asc: soonest first; desc: latest first. Default: desc for past, else asc',
  })
  @IsOptional()
  @IsIn(APPOINTMENT_ORDERS)
  order?: AppointmentOrder;

  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES })
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;
}

/** `GET /doctor/patients` */
export class DoctorPatientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the patient’s name or email, case-insensitive' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class TreatmentBodyDto {
  @ApiProperty({ example: 'Acute bronchitis', maxLength: 2000 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 2000)
  diagnosis!: string;

  @ApiPropertyOptional({ example: 'Rest, fluids; paracetamol 500 mg as needed', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  prescription?: string;

  @ApiPropertyOptional({ maxLength: 8000 })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  notes?: string;
}

export class DoctorCancelDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Told to the patient' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
