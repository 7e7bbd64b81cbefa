import { OFFER_STATUSES, type OfferStatus } from '@hms/shared';
import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { DoctorEntity } from '../directory/entities/doctor.entity';
import { PatientEntity } from '../directory/entities/patient.entity';
import { WaitlistEntryEntity } from './waitlist-entry.entity';

/**
 * A freed slot held for one waiting patient until `expiresAt`. While open it
 * occupies the slot: one open offer per doctor slot (the exclusion
 * constraint), and triggers refuse an open offer over a booked appointment
 * and an appointment of another patient over an open offer.
 */
@Entity({ name: 'waitlist_offers' })
@Check('CHK_waitlist_offers_status', `"status" IN (${OFFER_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('CHK_waitlist_offers_order', `"ends_at" > "starts_at"`)
@Exclusion(
  'EXC_waitlist_offers_slot',
  `USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" = 'open')`,
)
@Index('IDX_waitlist_offers_status_expires', ['status', 'expiresAt'])
@Index('IDX_waitlist_offers_patient', ['patientId', 'status'])
export class WaitlistOfferEntity extends BaseEntity {
  @Column({ name: 'entry_id', type: 'uuid' })
  entryId!: string;

  @ManyToOne(() => WaitlistEntryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id', foreignKeyConstraintName: 'FK_waitlist_offers_entry' })
  entry?: WaitlistEntryEntity;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @ManyToOne(() => PatientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_waitlist_offers_patient' })
  patient?: PatientEntity;

  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId!: string;

  @ManyToOne(() => DoctorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_waitlist_offers_doctor' })
  doctor?: DoctorEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: OfferStatus;

  /** The appointment an accepted offer became. */
  @Column({ name: 'appointment_id', type: 'uuid', nullable: true })
  appointmentId!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;
}
