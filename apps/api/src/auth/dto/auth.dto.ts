import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@hms/shared';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EmailField, FullNameField, NewPasswordField, trim } from '../../common/http/fields';
import { DoctorDto, PatientDto } from '../../directory/dto/directory.dto';

export class LoginDto {
  @EmailField('admin@clinic.local')
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(256)
  password!: string;
}

export class RegisterDto {
  @EmailField('ana.patient@example.com')
  email!: string;

  @NewPasswordField()
  password!: string;

  @FullNameField('Ana Lima')
  fullName!: string;

  @ApiPropertyOptional({ example: '1990-05-17', description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: '+1 555 0100' })
  @IsOptional()
  @Transform(trim)
  @Matches(/^\+?[0-9 ()-]{5,32}$/, { message: 'phone must be 5-32 digits, spaces, brackets or dashes' })
  phone?: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'The refresh token; browsers send it as the HttpOnly cookie instead' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  refreshToken?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() active!: boolean;
}

export class AuthTokensDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 }) expiresIn!: number;
  @ApiProperty() refreshToken!: string;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class MeDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({
    nullable: true,
    description: 'The Doctor or Patient behind the account; null for an admin',
    oneOf: [{ $ref: '#/components/schemas/DoctorDto' }, { $ref: '#/components/schemas/PatientDto' }],
  })
  profile!: DoctorDto | PatientDto | null;
}
