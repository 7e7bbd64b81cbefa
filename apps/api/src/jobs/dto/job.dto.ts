import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_KINDS, JOB_STATUSES, type JobStatus } from '@hms/shared';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/http/pagination';
import { jobSummary } from '../job-summary';
import type { JobEntity } from '../entities/job.entity';

/** A background job as the requester sees it (API.md "Job"). */
export class JobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: JOB_KINDS, description: 'What the job does' }) kind!: string;
  @ApiProperty({ enum: JOB_STATUSES }) status!: JobStatus;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent done' }) progress!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: 'object',
    additionalProperties: true,
    description:
      'Outcome once completed. Exports: `{ rows, downloadUrl }`; reminders: `{ date, appointments, sent, skipped }`; monthly reports: `{ month, doctors }`',
  })
  result!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed' }) error!: string | null;
  @ApiProperty({
    description:
      'The outcome in words, e.g. "Sent 42 reminders for Tue 8 Dec" or "Monthly reports for November 2026: 12 doctors emailed"',
  })
  summary!: string;
}

export function toJobDto(job: JobEntity): JobDto {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    result: job.result ?? null,
    error: job.error ?? null,
    summary: jobSummary(job),
  };
}

/** `GET /jobs?kind=&page=&pageSize=`: the history of runs, newest first. */
export class JobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_KINDS, description: 'Only jobs of this kind' })
  @IsOptional()
  @IsIn(JOB_KINDS)
  kind?: string;
}

export class RunDailyRemindersDto {
  /** Clinic date (YYYY-MM-DD) whose booked appointments get a reminder; default today in the clinic's time zone. */
  @ApiPropertyOptional({ example: '2026-12-03', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a calendar date YYYY-MM-DD' })
  date?: string;
}

export class RunMonthlyReportsDto {
  /** Month (YYYY-MM) to report on; default last month in the clinic's time zone. */
  @ApiPropertyOptional({ example: '2026-11', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })
  @IsOptional()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month?: string;
}
