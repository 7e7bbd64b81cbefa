import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToOne } from 'typeorm';
import { UserEntity } from '../../auth/entities/user.entity';
import { BaseEntity } from '../../database/base.entity';
import { SpecializationEntity } from './specialization.entity';

@Entity({ name: 'doctors' })
@Check('CHK_doctors_experience', `"experience_years" >= 0 AND "experience_years" <= 80`)
export class DoctorEntity extends BaseEntity {
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_doctors_user' })
  user?: UserEntity;

  @Column({ name: 'full_name', type: 'varchar', length: 120 })
  fullName!: string;

  @Index('IDX_doctors_specialization')
  @Column({ name: 'specialization_id', type: 'uuid' })
  specializationId!: string;

  @ManyToOne(() => SpecializationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'specialization_id', foreignKeyConstraintName: 'FK_doctors_specialization' })
  specialization?: SpecializationEntity;

  @Column({ type: 'varchar', length: 200, default: '' })
  qualification!: string;

  @Column({ name: 'experience_years', type: 'integer', default: 0 })
  experienceYears!: number;

  /** Set when an admin removed the doctor from service; the records stay. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt!: Date | null;
}
