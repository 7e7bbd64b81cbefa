import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TimeOffEntity } from '../entities/time-off.entity';
import { AppointmentDto } from './appointment.dto';

export class WeeklyWindowDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' }) weekday!: number;
  @ApiProperty({ example: '09:00', description: 'Wall-clock HH:mm in the clinic time zone' }) startTime!: string;
  @ApiProperty({ example: '12:00', description: 'Wall-clock HH:mm in the clinic time zone' }) endTime!: string;
}

/** A doctor's recurring week and how it is cut into slots. */
export class ScheduleDto {
  @ApiProperty({ type: [WeeklyWindowDto] }) weekly!: WeeklyWindowDto[];
  @ApiProperty({ example: 30 }) slotMinutes!: number;
  @ApiProperty({ example: 0, description: 'Minutes between consecutive slots' }) bufferMinutes!: number;
  @ApiProperty({ example: 0, description: 'Slots starting sooner than this from now are not offered' })
  minNoticeMinutes!: number;
  @ApiProperty({ description: 'Days ahead patients may book (BOOKING_HORIZON_DAYS)' }) bookingHorizonDays!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

/** A stretch of a doctor's time off on one clinic date. */
export class TimeOffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-03-02' }) date!: string;
  @ApiProperty({ type: String, nullable: true, example: '13:00', description: 'null: the whole day' })
  startTime!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '17:00' }) endTime!: string | null;
  @ApiProperty({ description: 'True when the whole day is off' }) wholeDay!: boolean;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ type: [AppointmentDto], description: 'Appointments cancelled with it (cancelBooked)' })
  cancelledAppointments?: AppointmentDto[];
}

export function toTimeOffDto(t: TimeOffEntity, cancelled?: AppointmentDto[]): TimeOffDto {
  return {
    id: t.id,
    date: t.date,
    startTime: t.startTime,
    endTime: t.endTime,
    wholeDay: t.startTime === null,
    startsAt: t.startsAt.toISOString(),
    endsAt: t.endsAt.toISOString(),
    reason: t.reason,
    ...(cancelled ? { cancelledAppointments: cancelled } : {}),
  };
}
