import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';
import { DoctorEntity } from '../../directory/entities/doctor.entity';

/**
 * A doctor's published working window on one clinic date, cut into slots.
 * The wall-clock fields are what the doctor entered; startsAt/endsAt are the
 * same moments as instants, fixed in the clinic time zone when published.
 */
@Entity({ name: 'availability_windows' })
@Check('CHK_availability_windows_order', `"ends_at" > "starts_at"`)
@Check('CHK_availability_windows_slot', `"slot_minutes" BETWEEN 5 AND 240`)
@Exclusion(
  'EXC_availability_windows_overlap',
  `USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)`,
)
@Index('IDX_availability_windows_doctor_date', ['doctorId', 'date'])
export class AvailabilityWindowEntity extends BaseEntity {
  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId!: string;

  @ManyToOne(() => DoctorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_availability_windows_doctor' })
  doctor?: DoctorEntity;

  /** Clinic calendar date, YYYY-MM-DD. */
  @Column({ type: 'date' })
  date!: string;

  /** Wall-clock HH:mm in the clinic time zone. */
  @Column({ name: 'start_time', type: 'varchar', length: 5 })
  startTime!: string;

  @Column({ name: 'end_time', type: 'varchar', length: 5 })
  endTime!: string;

  @Column({ name: 'slot_minutes', type: 'integer' })
  slotMinutes!: number;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;
}
