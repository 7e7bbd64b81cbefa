import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PublicDoctorDto } from '../../directory/dto/directory.dto';
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

  @ApiPropertyOptional({
    description: 'Matches the doctor’s name or department (specialization) name, case-insensitively',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  search?: string;
}

/** A doctor in the patient's list, with the first time they can be booked. */
export class PatientDoctorListItemDto extends PublicDoctorDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Start of the doctor’s first free slot from now to the end of the booking horizon; null: nothing free in that time',
  })
  nextFreeAt!: string | null;
}
