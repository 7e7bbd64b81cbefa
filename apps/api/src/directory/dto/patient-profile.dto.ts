import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { trim } from '../../common/http/fields';

/** `PATCH /patient/profile`: fields a patient (or an admin) may edit; null clears phone or date of birth. */
export class UpdatePatientProfileDto {
  @ApiPropertyOptional({ example: 'Ana Lima' })
  @ValidateIf((o: UpdatePatientProfileDto) => o.fullName !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+1 555 0100', description: 'null clears it' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^\+?[0-9 ()-]{5,32}$/, { message: 'phone must be 5-32 digits, spaces, brackets or dashes' })
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '1990-05-17',
    description: 'YYYY-MM-DD; null clears it',
  })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string | null;
}
