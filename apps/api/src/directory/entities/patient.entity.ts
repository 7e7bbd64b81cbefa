import { Column, Entity, JoinColumn, OneToOne } from 'typeorm';
import { UserEntity } from '../../auth/entities/user.entity';
import { BaseEntity } from '../../database/base.entity';

@Entity({ name: 'patients' })
export class PatientEntity extends BaseEntity {
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_patients_user' })
  user?: UserEntity;

  @Column({ name: 'full_name', type: 'varchar', length: 120 })
  fullName!: string;

  /** Calendar date, YYYY-MM-DD. */
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;
}
