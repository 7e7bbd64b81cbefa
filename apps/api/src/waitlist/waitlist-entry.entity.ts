import { WAITLIST_STATUSES, type WaitlistStatus } from '@hms/shared';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { DoctorEntity } from '../directory/entities/doctor.entity';
import { PatientEntity } from '../directory/entities/patient.entity';

/** A patient waiting for a slot of one doctor between two clinic dates. */
@Entity({ name: 'waitlist_entries' })
@Check('CHK_waitlist_entries_status', `"status" IN (${WAITLIST_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('CHK_waitlist_entries_range', `"to_date" >= "from_date"`)
@Index('IDX_waitlist_entries_doctor_status', ['doctorId', 'status', 'createdAt'])
@Index('UQ_waitlist_entries_active', ['patientId', 'doctorId'], {
  unique: true,
  where: `"status" IN ('waiting', 'offered')`,
})
export class WaitlistEntryEntity extends BaseEntity {
  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_waitlist_entries_patient' })
  patient?: PatientEntity;

  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId!: string;

  @ManyToOne(() => DoctorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_waitlist_entries_doctor' })
  doctor?: DoctorEntity;

  @Column({ name: 'from_date', type: 'date' })
  fromDate!: string;

  @Column({ name: 'to_date', type: 'date' })
  toDate!: string;

  @Column({ type: 'varchar', length: 16, default: 'waiting' })
  status!: WaitlistStatus;
}
