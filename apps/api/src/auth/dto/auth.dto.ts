import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@hms/shared';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
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
  @ApiProperty({ description: 'A temporary or generated password: change it before anything else (403 otherwise)' })
  mustChangePassword!: boolean;
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

/** One sign-in of the user. */
export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'The sign-in' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The last sign-in or refresh' }) lastUsedAt!: string;
  @ApiProperty({ description: 'The browser or client that signed in (User-Agent)' }) userAgent!: string;
  @ApiProperty({ description: 'The client address of the last use' }) ip!: string;
  @ApiProperty({ description: 'The session making this request' }) current!: boolean;
}

/** `POST /auth/password` */
export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  currentPassword!: string;

  @NewPasswordField('newPassword')
  newPassword!: string;
}

/** `POST /auth/password/forgot` */
export class ForgotPasswordDto {
  @EmailField('ana.patient@example.com')
  email!: string;
}

/** `POST /auth/password/reset` */
export class ResetPasswordDto {
  @ApiProperty({ description: 'The token of the emailed link' })
  @IsString()
  @Length(1, 256)
  token!: string;

  @NewPasswordField('newPassword')
  newPassword!: string;
}
