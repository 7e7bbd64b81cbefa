import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  PATIENT_APPOINTMENT_SCOPES,
  type AppointmentStatus,
  type PatientAppointmentScope,
} from '@hms/shared';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { IsInstant } from '../../scheduling/dto/validators';

export class BookAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'doctorId must be a UUID' })
  doctorId!: string;

  @ApiProperty({
    format: 'date-time',
    example: '2026-03-02T09:30:00Z',
    description: 'The start of one of the doctor’s available slots',
  })
  @IsInstant()
  startsAt!: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Persistent cough' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RescheduleDto {
  @ApiProperty({ format: 'date-time', description: 'The start of another available slot of the same doctor' })
  @IsInstant()
  startsAt!: string;
}

export class PatientAppointmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: PATIENT_APPOINTMENT_SCOPES,
    description: 'upcoming: from now, soonest first; past: before now, latest first; absent: all, latest first',
  })
  @IsOptional()
  @IsIn(PATIENT_APPOINTMENT_SCOPES)
  scope?: PatientAppointmentScope;

  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES })
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;
}
