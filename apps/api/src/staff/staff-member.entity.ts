import { Column, Entity, JoinColumn, OneToOne } from 'typeorm';
import { UserEntity } from '../auth/entities/user.entity';
import { BaseEntity } from '../database/base.entity';

/** A staff account that is neither doctor nor patient (the front desk): its name beside the login. */
@Entity({ name: 'staff_members' })
export class StaffMemberEntity extends BaseEntity {
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_staff_members_user' })
  user?: UserEntity;

  @Column({ name: 'full_name', type: 'varchar', length: 120 })
  fullName!: string;
}
