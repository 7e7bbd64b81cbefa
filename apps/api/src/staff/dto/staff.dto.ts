import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { EmailField, FullNameField } from '../../common/http/fields';

/** Roles an admin may invite as staff (doctors have their own page with a department). */
export const STAFF_ROLES = ['receptionist'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** `POST /admin/staff` */
export class InviteStaffDto {
  @EmailField('desk@clinic.example')
  email!: string;

  @FullNameField('Rita Front')
  fullName!: string;

  @ApiProperty({ enum: STAFF_ROLES, example: 'receptionist' })
  @IsIn(STAFF_ROLES, { message: `role must be one of: ${STAFF_ROLES.join(', ')}` })
  role!: StaffRole;
}

/** `PATCH /admin/staff/:id` */
export class UpdateStaffDto {
  @ApiProperty({ description: 'false: no sign-in, every session ended; true: restored' })
  @IsBoolean({ message: 'active must be true or false' })
  active!: boolean;
}

/** A staff account (front desk). */
export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: StaffRole;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
}
