import { ApiProperty } from '@nestjs/swagger';
import { WAITLIST_STATUSES, type WaitlistStatus } from '@hms/shared';
import { AppointmentDoctorDto } from '../scheduling/dto/appointment.dto';

/** A patient's place on a doctor's waitlist. */
export class WaitlistEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: AppointmentDoctorDto }) doctor!: AppointmentDoctorDto;
  @ApiProperty({ example: '2026-03-02', description: 'First clinic date wanted' }) from!: string;
  @ApiProperty({ example: '2026-03-06', description: 'Last clinic date wanted' }) to!: string;
  @ApiProperty({ enum: WAITLIST_STATUSES }) status!: WaitlistStatus;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

/** A freed slot held for the patient until expiresAt. */
export class WaitlistOfferDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: AppointmentDoctorDto }) doctor!: AppointmentDoctorDto;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The hold ends then; accept before' }) expiresAt!: string;
}
