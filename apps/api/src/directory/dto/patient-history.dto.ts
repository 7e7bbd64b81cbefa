import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES, CANCELLED_BY, type AppointmentStatus, type CancelledBy } from '@hms/shared';
import { TreatmentDto, toTreatmentDto } from '../../scheduling/dto/appointment.dto';
import type { AppointmentEntity } from '../../scheduling/entities/appointment.entity';

export class HistoryDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

export class HistoryDepartmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

/**
 * One visit of a patient's history as a doctor reads it: the patient is the
 * subject of the whole list, so each row names who treated them and where.
 */
export class PatientHistoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status!: AppointmentStatus;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: HistoryDoctorDto, description: 'The treating doctor' }) doctor!: HistoryDoctorDto;
  @ApiProperty({ type: HistoryDepartmentDto, description: 'The department (specialization) of the visit' })
  department!: HistoryDepartmentDto;
  @ApiPropertyOptional({ enum: CANCELLED_BY, description: 'Who cancelled (cancelled appointments only)' })
  cancelledBy?: CancelledBy;
  @ApiPropertyOptional({ description: 'Why it was cancelled, as the patient was told' })
  cancelReason?: string;
  @ApiProperty({ type: TreatmentDto, nullable: true }) treatment!: TreatmentDto | null;
  @ApiProperty({
    description: 'True only on the calling doctor’s own visits: they may complete it or edit its treatment',
  })
  editable!: boolean;
}

/** Maps a history row (doctor and specialization loaded) for the doctor `viewerDoctorId`. */
export function toPatientHistoryEntry(a: AppointmentEntity, viewerDoctorId: string | null): PatientHistoryEntryDto {
  if (!a.doctor?.specialization) throw new Error('toPatientHistoryEntry needs doctor.specialization loaded');
  return {
    id: a.id,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    status: a.status,
    reason: a.reason,
    doctor: { id: a.doctor.id, fullName: a.doctor.fullName },
    department: { id: a.doctor.specialization.id, name: a.doctor.specialization.name },
    ...(a.cancelledBy ? { cancelledBy: a.cancelledBy as CancelledBy } : {}),
    ...(a.cancellationReason ? { cancelReason: a.cancellationReason } : {}),
    treatment: a.treatment ? toTreatmentDto(a.treatment) : null,
    editable: viewerDoctorId !== null && a.doctorId === viewerDoctorId,
  };
}
