import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DoctorEntity } from '../../directory/entities/doctor.entity';

/** One window of the recurring week: ISO weekday (1 = Monday) and wall-clock times in the clinic zone. */
export interface WeeklyWindow {
  weekday: number;
  startTime: string;
  endTime: string;
}

/**
 * A doctor's recurring week. Its windows repeat on every date of their
 * weekday, as wall-clock times in the clinic time zone (so 09:00 stays 09:00
 * across daylight-saving changes). Slots are cut by the rule in slots.ts.
 */
@Entity({ name: 'doctor_schedules' })
@Check('CHK_doctor_schedules_slot', `"slot_minutes" BETWEEN 5 AND 240`)
@Check('CHK_doctor_schedules_buffer', `"buffer_minutes" BETWEEN 0 AND 120`)
@Check('CHK_doctor_schedules_notice', `"min_notice_minutes" BETWEEN 0 AND 20160`)
export class DoctorScheduleEntity {
  @PrimaryColumn({ name: 'doctor_id', type: 'uuid', primaryKeyConstraintName: 'PK_doctor_schedules' })
  doctorId!: string;

  @OneToOne(() => DoctorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_doctor_schedules_doctor' })
  doctor?: DoctorEntity;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  weekly!: WeeklyWindow[];

  @Column({ name: 'slot_minutes', type: 'integer', default: 30 })
  slotMinutes!: number;

  @Column({ name: 'buffer_minutes', type: 'integer', default: 0 })
  bufferMinutes!: number;

  @Column({ name: 'min_notice_minutes', type: 'integer', default: 0 })
  minNoticeMinutes!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
