import { Column, Entity, JoinColumn, OneToOne } from 'typeorm';
import { BaseEntity } from '../../database/base.entity';
import { AppointmentEntity } from '../../scheduling/entities/appointment.entity';

/** The clinical record of one completed appointment. */
@Entity({ name: 'treatments' })
export class TreatmentEntity extends BaseEntity {
  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId!: string;

  @OneToOne(() => AppointmentEntity, (a) => a.treatment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'FK_treatments_appointment' })
  appointment?: AppointmentEntity;

  @Column({ type: 'text' })
  diagnosis!: string;

  @Column({ type: 'text', default: '' })
  prescription!: string;

  @Column({ type: 'text', default: '' })
  notes!: string;

  /** 1 when recorded, raised by every edit; the matching row of treatment_revisions holds this text. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}
