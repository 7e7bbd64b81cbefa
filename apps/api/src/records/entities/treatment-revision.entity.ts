import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../../auth/entities/user.entity';
import { TreatmentEntity } from './treatment.entity';

/**
 * One version of a treatment, as written at completion (version 1) or by an
 * edit. Never changed afterwards: the treatment row holds the latest version.
 */
@Entity({ name: 'treatment_revisions' })
@Index('UQ_treatment_revisions_version', ['treatmentId', 'version'], { unique: true })
export class TreatmentRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'treatment_id', type: 'uuid' })
  treatmentId!: string;

  @ManyToOne(() => TreatmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'treatment_id', foreignKeyConstraintName: 'FK_treatment_revisions_treatment' })
  treatment?: TreatmentEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  diagnosis!: string;

  @Column({ type: 'text' })
  prescription!: string;

  @Column({ type: 'text' })
  notes!: string;

  @Column({ name: 'edited_by', type: 'uuid' })
  editedBy!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edited_by', foreignKeyConstraintName: 'FK_treatment_revisions_editor' })
  editor?: UserEntity;

  @CreateDateColumn({ name: 'edited_at', type: 'timestamptz' })
  editedAt!: Date;
}
