import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BUFFER_MINUTES_MAX,
  MIN_NOTICE_MINUTES_MAX,
  SLOT_MINUTES_DEFAULT,
  SLOT_MINUTES_MAX,
  SLOT_MINUTES_MIN,
} from '@hms/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsClinicDate, IsWallTime } from '../../scheduling/dto/validators';

export class WeeklyWindowBodyDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ example: '09:00' })
  @IsWallTime()
  startTime!: string;

  @ApiProperty({ example: '12:00', description: 'After startTime' })
  @IsWallTime()
  endTime!: string;
}

export class PutScheduleDto {
  @ApiProperty({ type: [WeeklyWindowBodyDto], description: 'Windows of the recurring week; several per day allowed' })
  @IsArray()
  @ArrayMaxSize(70)
  @ValidateNested({ each: true })
  @Type(() => WeeklyWindowBodyDto)
  weekly!: WeeklyWindowBodyDto[];

  @ApiProperty({ minimum: SLOT_MINUTES_MIN, maximum: SLOT_MINUTES_MAX, example: SLOT_MINUTES_DEFAULT })
  @IsInt()
  @Min(SLOT_MINUTES_MIN)
  @Max(SLOT_MINUTES_MAX)
  slotMinutes!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: BUFFER_MINUTES_MAX, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(BUFFER_MINUTES_MAX)
  bufferMinutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MIN_NOTICE_MINUTES_MAX, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MIN_NOTICE_MINUTES_MAX)
  minNoticeMinutes?: number;
}

export class CreateTimeOffDto {
  @ApiProperty({ example: '2026-03-02', description: 'Clinic date, today up to a year ahead' })
  @IsClinicDate()
  date!: string;

  @ApiPropertyOptional({ example: '13:00', description: 'With endTime: part of the day; without both: the whole day' })
  @IsOptional()
  @IsWallTime()
  startTime?: string;

  @ApiPropertyOptional({ example: '17:00' })
  @IsOptional()
  @IsWallTime()
  endTime?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Told to patients whose visits it cancels' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ default: false, description: 'Cancel booked visits inside (patients told) instead of 409' })
  @IsOptional()
  @IsBoolean()
  cancelBooked?: boolean;
}

export class TimeOffQueryDto {
  @ApiPropertyOptional({ example: '2026-03-02', description: 'First clinic date (default today)' })
  @IsOptional()
  @IsClinicDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'Last clinic date (default a year after from)' })
  @IsOptional()
  @IsClinicDate()
  to?: string;
}
