import {
  APPOINTMENT_STATUSES,
  CANCELLED_BY,
  SLOT_OCCUPYING_STATUSES,
  type AppointmentStatus,
  type CancelledBy,
} from '@hms/shared';
import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, OneToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';
import { DoctorEntity } from '../../directory/entities/doctor.entity';
import { PatientEntity } from '../../directory/entities/patient.entity';
import { TreatmentEntity } from '../../records/entities/treatment.entity';

const OCCUPYING = SLOT_OCCUPYING_STATUSES.map((s) => `'${s}'::character varying`).join(', ');

/**
 * The two exclusion constraints are the booking invariant: no two
 * appointments that occupy their slot (booked or checked in) overlap for one
 * doctor, nor for one patient. A held waitlist offer counts too: a trigger
 * (see the waitlist migration) refuses an appointment over another patient's
 * open offer under the same constraint name.
 */
@Entity({ name: 'appointments' })
@Check('CHK_appointments_order', `"ends_at" > "starts_at"`)
@Check('CHK_appointments_cancelled_by', `"cancelled_by" IN (${CANCELLED_BY.map((s) => `'${s}'`).join(', ')})`)
@Check('CHK_appointments_status', `"status" IN (${APPOINTMENT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Exclusion(
  'EXC_appointments_doctor_overlap',
  `USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN (${OCCUPYING}))`,
)
@Exclusion(
  'EXC_appointments_patient_overlap',
  `USING gist ("patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" IN (${OCCUPYING}))`,
)
@Index('IDX_appointments_doctor_starts', ['doctorId', 'startsAt'])
@Index('IDX_appointments_patient_starts', ['patientId', 'startsAt'])
/** A patient's upcoming occupying bookings (the booking cap's count). */
@Index('IDX_appointments_patient_upcoming', ['patientId', 'startsAt'], { where: `"status" IN (${OCCUPYING})` })
@Index('IDX_appointments_starts_status', ['startsAt', 'status'])
export class AppointmentEntity extends BaseEntity {
  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId!: string;

  @ManyToOne(() => DoctorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_appointments_doctor' })
  doctor?: DoctorEntity;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_appointments_patient' })
  patient?: PatientEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'booked' })
  status!: AppointmentStatus;

  @Column({ type: 'varchar', length: 500, default: '' })
  reason!: string;

  /** Raised on every reschedule or cancellation (calendar invitations carry it). */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** Who cancelled: patient, doctor, admin, desk or system (a doctor's deactivation or time off). */
  @Column({ name: 'cancelled_by', type: 'varchar', length: 16, nullable: true })
  cancelledBy!: CancelledBy | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', length: 500, nullable: true })
  cancellationReason!: string | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ name: 'no_show_at', type: 'timestamptz', nullable: true })
  noShowAt!: Date | null;

  @OneToOne(() => TreatmentEntity, (t) => t.appointment)
  treatment?: TreatmentEntity | null;
}
