import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, CANCELLED_BY, type AppointmentStatus, type CancelledBy } from '@hms/shared';
import type { TreatmentEntity } from '../../records/entities/treatment.entity';
import type { AppointmentEntity } from '../entities/appointment.entity';

export class TreatmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty() diagnosis!: string;
  @ApiProperty() prescription!: string;
  @ApiProperty() notes!: string;
  @ApiProperty({ description: '1 when recorded, raised by every edit (see the revisions route)' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class RevisionEditorDto {
  @ApiProperty({ format: 'uuid', description: 'The user id of the author' }) id!: string;
  @ApiProperty() fullName!: string;
}

/** One version of a treatment. */
export class TreatmentRevisionDto {
  @ApiProperty() version!: number;
  @ApiProperty() diagnosis!: string;
  @ApiProperty() prescription!: string;
  @ApiProperty() notes!: string;
  @ApiProperty({ type: RevisionEditorDto }) editedBy!: RevisionEditorDto;
  @ApiProperty({ format: 'date-time' }) editedAt!: string;
}

export class AppointmentDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ description: 'Name of the doctor’s specialization' }) specialization!: string;
}

export class AppointmentPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

/** Appointment as the API shows it (API.md "Resources"). */
export class AppointmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: AppointmentDoctorDto }) doctor!: AppointmentDoctorDto;
  @ApiProperty({ type: AppointmentPatientDto }) patient!: AppointmentPatientDto;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: AppointmentStatus;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ enum: CANCELLED_BY, description: 'Who cancelled (cancelled appointments only)' })
  cancelledBy?: CancelledBy;
  @ApiPropertyOptional({ description: 'Why it was cancelled, as the patient was told' })
  cancelReason?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the patient was checked in' })
  checkedInAt?: string;
  @ApiProperty({ type: TreatmentDto, nullable: true }) treatment!: TreatmentDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export function toTreatmentDto(t: TreatmentEntity): TreatmentDto {
  return {
    id: t.id,
    appointmentId: t.appointmentId,
    diagnosis: t.diagnosis,
    prescription: t.prescription,
    notes: t.notes,
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/**
 * Maps an appointment loaded with doctor (and its specialization), patient and
 * treatment relations. The one mapper every face uses.
 */
export function toAppointmentDto(a: AppointmentEntity): AppointmentDto {
  if (!a.doctor?.specialization || !a.patient) {
    throw new Error('toAppointmentDto needs doctor.specialization and patient loaded');
  }
  return {
    id: a.id,
    doctor: { id: a.doctor.id, fullName: a.doctor.fullName, specialization: a.doctor.specialization.name },
    patient: { id: a.patient.id, fullName: a.patient.fullName },
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status,
    reason: a.reason,
    ...(a.cancelledBy ? { cancelledBy: a.cancelledBy } : {}),
    ...(a.cancellationReason ? { cancelReason: a.cancellationReason } : {}),
    ...(a.checkedInAt ? { checkedInAt: a.checkedInAt.toISOString() } : {}),
    treatment: a.treatment ? toTreatmentDto(a.treatment) : null,
    createdAt: a.createdAt.toISOString(),
  };
}
