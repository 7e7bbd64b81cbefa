import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { UpdatePatientProfileDto } from '../../directory/dto/patient-profile.dto';
import { EmailField, FullNameField, NewPasswordField, trim } from '../../common/http/fields';

/** Query booleans arrive as text: 'true'/'false' become booleans, anything else stays and fails validation. */
export const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `POST /admin/specializations` */
export class CreateSpecializationDto {
  @ApiProperty({ example: 'Cardiology', description: 'Unique, compared case-insensitively' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: 'Heart and circulation', default: '' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/** `PATCH /admin/specializations/:id`: any subset of the fields. */
export class UpdateSpecializationDto extends PartialType(CreateSpecializationDto) {}

/** `GET /admin/doctors` */
export class AdminDoctorsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Matches name, email or specialization name, case-insensitively' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  specializationId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: active; false: deactivated or removed' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** `POST /admin/doctors` */
export class CreateDoctorDto {
  @EmailField('dr.house@clinic.example')
  email!: string;

  @ApiPropertyOptional({
    minLength: 8,
    maxLength: 128,
    description:
      'A temporary password the doctor must change at first sign-in. Leave it out to email the doctor a link (valid 72 hours) to choose one',
  })
  @IsOptional()
  @NewPasswordField()
  password?: string;

  @FullNameField('Gregory House')
  fullName!: string;

  @ApiProperty({ format: 'uuid', description: 'An existing specialization; unknown ids answer 422' })
  @IsUUID()
  specializationId!: string;

  @ApiPropertyOptional({ example: 'MD, FACC', default: '' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  qualification?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 80, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(80)
  experienceYears?: number;
}

/** `PATCH /admin/doctors/:id` */
export class UpdateDoctorDto {
  @ApiPropertyOptional()
  @ValidateIf((o: UpdateDoctorDto) => o.fullName !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  fullName?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing specialization; unknown ids answer 422' })
  @ValidateIf((o: UpdateDoctorDto) => o.specializationId !== undefined)
  @IsUUID()
  specializationId?: string;

  @ApiPropertyOptional()
  @ValidateIf((o: UpdateDoctorDto) => o.qualification !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  qualification?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 80 })
  @ValidateIf((o: UpdateDoctorDto) => o.experienceYears !== undefined)
  @IsInt()
  @Min(0)
  @Max(80)
  experienceYears?: number;

  @ApiPropertyOptional({
    description:
      'false blacklists: no login, existing tokens stop working, hidden from patients, future booked appointments ' +
      'cancelled and the patients told. true reactivates (a removed doctor cannot be reactivated: 409).',
  })
  @ValidateIf((o: UpdateDoctorDto) => o.active !== undefined)
  @IsBoolean()
  active?: boolean;
}

/** `GET /admin/patients` */
export class AdminPatientsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Matches name, email or phone (case-insensitively), or the patient id when it is a whole uuid',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}

/** `PATCH /admin/patients/:id` */
export class UpdatePatientDto extends UpdatePatientProfileDto {
  @ApiPropertyOptional({ description: 'false blacklists: no login, existing tokens stop working; true restores' })
  @ValidateIf((o: UpdatePatientDto) => o.active !== undefined)
  @IsBoolean()
  active?: boolean;
}
