import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UserEntity } from '../auth/entities/user.entity';
import { BaseEntity } from '../database/base.entity';

/** A staff account that is neither doctor nor patient (the front desk): its name beside the login. */
@Entity({ name: 'staff_members' })
export class StaffMemberEntity extends BaseEntity {
  @Index('UQ_staff_members_user', { unique: true })
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_staff_members_user' })
  user?: UserEntity;

  @Column({ name: 'full_name', type: 'varchar', length: 120 })
  fullName!: string;
}
