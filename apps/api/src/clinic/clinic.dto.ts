import { ApiProperty } from '@nestjs/swagger';

/** What every client needs to show clinic dates and times correctly. */
export class ClinicInfoDto {
  @ApiProperty({ example: 'City Clinic' }) name!: string;
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA zone of every calendar date and wall-clock time' })
  timeZone!: string;
  @ApiProperty({ example: '2026-11-25', description: "Today's date in the clinic" }) today!: string;
  @ApiProperty({ example: 7, description: 'Availability and bookings reach this many days past today' })
  bookingHorizonDays!: number;
  @ApiProperty({
    example: 30,
    description: 'A session without activity for this many minutes ends; clients sign out then',
  })
  sessionIdleMinutes!: number;
}
