import { ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '@hms/shared';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { IsClinicDate } from './validators';

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
}
