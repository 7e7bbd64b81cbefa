import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';
import { DoctorEntity } from '../../directory/entities/doctor.entity';

/**
 * A doctor's time off on one clinic date: the whole day (no times) or part of
 * it. No slot is offered inside it; two stretches of one doctor never overlap.
 */
@Entity({ name: 'time_off' })
@Check('CHK_time_off_order', `"ends_at" > "starts_at"`)
@Exclusion('EXC_time_off_overlap', `USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)`)
@Index('IDX_time_off_doctor_date', ['doctorId', 'date'])
export class TimeOffEntity extends BaseEntity {
  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId!: string;

  @ManyToOne(() => DoctorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_time_off_doctor' })
  doctor?: DoctorEntity;

  /** Clinic calendar date, YYYY-MM-DD. */
  @Column({ type: 'date' })
  date!: string;

  /** Wall-clock HH:mm; null for the whole day. */
  @Column({ name: 'start_time', type: 'varchar', length: 5, nullable: true })
  startTime!: string | null;

  @Column({ name: 'end_time', type: 'varchar', length: 5, nullable: true })
  endTime!: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 500, default: '' })
  reason!: string;
}
