import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { trim } from '../../common/http/fields';

/** `GET /patient/doctors` */
export class PatientDoctorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only doctors of this specialization' })
  @IsOptional()
  @IsUUID()
  specializationId?: string;

  @ApiPropertyOptional({ description: 'Matches name, email or specialization name, case-insensitively' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  search?: string;
}
