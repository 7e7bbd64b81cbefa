import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { IsClinicDate } from '../../scheduling/dto/validators';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditOutcome } from '../audit-actions';

export class AuditActorDto {
  @ApiProperty({ format: 'uuid', description: 'The user id' }) id!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['admin', 'doctor', 'patient', 'receptionist'] })
  role!: string | null;
  @ApiProperty({ description: 'The doctor’s or patient’s name; an admin’s email' }) fullName!: string;
}

export class AuditResourceDto {
  @ApiProperty({ example: 'patient' }) type!: string;
  @ApiProperty() id!: string;
}

/** AuditEvent (API.md "Resources"). */
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AuditActorDto, nullable: true }) actor!: AuditActorDto | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) patientId!: string | null;
  @ApiProperty({ type: AuditResourceDto, nullable: true }) resource!: AuditResourceDto | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome!: AuditOutcome;
  @ApiProperty({ type: String, nullable: true, description: 'Client address' }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
}

export class AccessLogActorDto {
  @ApiProperty({ description: 'The doctor’s name; “Clinic administrator” for the clinic’s admins' }) fullName!: string;
  @ApiProperty({ type: String, nullable: true }) role!: string | null;
}

/** One entry of a patient's access log: who read or changed their record, and when. */
export class AccessLogEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: AccessLogActorDto }) actor!: AccessLogActorDto;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ type: AuditResourceDto, nullable: true }) resource!: AuditResourceDto | null;
}

const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Audit filters (the audit page and its CSV export); from/to are clinic dates, inclusive. */
export class AuditFilterDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID('all')
  patientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The acting user’s id' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUUID('all')
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsIn(AUDIT_ACTIONS)
  action?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'Clinic date, inclusive' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsClinicDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Clinic date, inclusive' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsClinicDate()
  to?: string;
}

/** `GET /admin/audit` query: the filters and the page. */
export class AuditQueryDto extends IntersectionType(PageQueryDto, AuditFilterDto) {}
