import { ROLES, type Role } from '@hms/shared';
import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';

@Entity({ name: 'users' })
@Check('CHK_users_email_lower', `"email" = lower("email")`)
@Check('CHK_users_role', `"role" IN (${ROLES.map((r) => `'${r}'`).join(', ')})`)
export class UserEntity extends BaseEntity {
  /** Stored lower-cased; with the check and the unique index emails are unique case-insensitively. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** A temporary or generated password: every route but a few answers 403 until it is changed. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;
}
