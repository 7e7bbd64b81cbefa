import { ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@hms/shared';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { trim } from '../../common/http/fields';
import { PageQueryDto } from '../../common/http/pagination';
import { IsClinicDate } from './validators';

/** Order of a list of appointments by start: `asc` soonest first, `desc` latest first. */
export const APPOINTMENT_ORDERS = ['asc', 'desc'] as const;
export type AppointmentOrder = (typeof APPOINTMENT_ORDERS)[number];

/** Which side of now: `upcoming` starts from now on, `past` started before now. */
export const ADMIN_APPOINTMENT_SCOPES = ['upcoming', 'past'] as const;
export type AdminAppointmentScope = (typeof ADMIN_APPOINTMENT_SCOPES)[number];

/** `GET /admin/appointments` filters; every one optional. */
export class AdminAppointmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES })
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  doctorId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  patientId?: string;

  @ApiPropertyOptional({ example: '2026-03-01', description: 'First clinic date (inclusive) of the start' })
  @IsOptional()
  @IsClinicDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Last clinic date (inclusive) of the start' })
  @IsOptional()
  @IsClinicDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only doctors of this department' })
  @IsOptional()
  @IsUUID('all')
  specializationId?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Part of the doctor’s or the patient’s name, case-insensitive',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({
    enum: ADMIN_APPOINTMENT_SCOPES,
    description: 'upcoming: starting from now; past: started before now; none: both',
  })
  @IsOptional()
  @IsIn(ADMIN_APPOINTMENT_SCOPES)
  scope?: AdminAppointmentScope;

  @ApiPropertyOptional({
    enum: APPOINTMENT_ORDERS,
    description: 'asc: soonest first; desc: latest first. Default: asc for upcoming, else desc',
  })
  @IsOptional()
  @IsIn(APPOINTMENT_ORDERS)
  order?: AppointmentOrder;
}
