import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class PreviewDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ description: 'The doctor’s department' }) specialization!: string;
}

export class AffectedPatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for a patient registered without an email' })
  email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
}

export class ReassignCandidateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

/** A visit the deactivation would cancel, and the colleagues free at that very time. */
export class AffectedVisitDto {
  @ApiProperty({ format: 'uuid' }) appointmentId!: string;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: AffectedPatientDto }) patient!: AffectedPatientDto;
  @ApiProperty({
    type: [ReassignCandidateDto],
    description:
      'Active doctors of the same department with a free slot starting at the same time; empty: call the patient',
  })
  candidates!: ReassignCandidateDto[];
}

/** What deactivating a doctor now would cancel: every booked visit that has not started, soonest first. */
export class DeactivationPreviewDto {
  @ApiProperty({ type: PreviewDoctorDto }) doctor!: PreviewDoctorDto;
  @ApiProperty({ description: 'Number of booked future visits a deactivation would cancel' }) total!: number;
  @ApiProperty({ type: [AffectedVisitDto] }) visits!: AffectedVisitDto[];
}

export class ReassignAppointmentDto {
  /** The active doctor of the same department who takes the visit at the same time. */
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'doctorId must be a UUID' })
  doctorId!: string;
}
