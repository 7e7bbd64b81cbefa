import { ApiProperty } from '@nestjs/swagger';

export class AdminDashboardAppointmentsDto {
  @ApiProperty({ description: 'Every appointment ever booked' }) total!: number;
  @ApiProperty() booked!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ description: 'Patients checked in and not yet seen' }) checkedIn!: number;
  @ApiProperty({ description: 'Appointments the patient did not come to' }) noShow!: number;
  @ApiProperty({
    example: 0.05,
    description: 'No-shows over the visits that came due (completed, checked in, no-show); 0..1',
  })
  noShowRate!: number;
  @ApiProperty({ description: 'Appointments (any status) starting today, clinic time zone' }) today!: number;
}

export class AdminDashboardWaitlistDto {
  @ApiProperty({ description: 'Patients waiting now (with or without an open offer)' }) waiting!: number;
  @ApiProperty({ description: 'Offers of freed slots ever made' }) offersMade!: number;
  @ApiProperty({ description: 'Offers accepted (booked)' }) offersAccepted!: number;
}

export class SpecializationCountDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Appointments (any status) with doctors of this specialization' }) count!: number;
}

export class DayCountDto {
  @ApiProperty({ example: '2026-03-14', description: 'Clinic date YYYY-MM-DD' }) date!: string;
  @ApiProperty({ description: 'Appointments (any status) starting that day' }) count!: number;
}

/** Counts of the whole clinic for the admin home page. */
export class AdminDashboardDto {
  @ApiProperty({ description: 'Active doctors (not deactivated, not removed)' }) doctors!: number;
  @ApiProperty({ description: 'Active patients' }) patients!: number;
  @ApiProperty() specializations!: number;
  @ApiProperty({ type: AdminDashboardAppointmentsDto }) appointments!: AdminDashboardAppointmentsDto;
  @ApiProperty({ type: AdminDashboardWaitlistDto }) waitlist!: AdminDashboardWaitlistDto;
  @ApiProperty({ type: [SpecializationCountDto], description: 'Appointments per specialization, most first' })
  bySpecialization!: SpecializationCountDto[];
  @ApiProperty({
    type: [DayCountDto],
    description: 'Appointments per clinic day over the last 30 days (today included), oldest first, zero days included',
  })
  last30Days!: DayCountDto[];
  @ApiProperty({ format: 'date-time', description: 'When these counts were computed (they are cached briefly)' })
  generatedAt!: string;
}
