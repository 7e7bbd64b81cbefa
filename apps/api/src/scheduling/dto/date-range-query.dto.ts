import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsClinicDate } from './validators';

/** A range of clinic dates, as the doctor's and the patient's calendars ask for it. */
export class DateRangeQueryDto {
  @ApiPropertyOptional({ example: '2026-03-02', description: 'First clinic date (default today)' })
  @IsOptional()
  @IsClinicDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-09', description: 'Last clinic date (default from + booking horizon)' })
  @IsOptional()
  @IsClinicDate()
  to?: string;
}
