import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { JobDto, JobsQueryDto } from './dto/job.dto';
import { JobRecordsService } from './job-records.service';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobRecordsService) {}

  /**
   * The history of job runs (reminders, monthly reports, exports, clean-ups),
   * newest first, each with its outcome in words (`summary`). Admin only.
   */
  @Get()
  @Auth({ permissions: ['jobs:run'] })
  @ApiPageResponse(JobDto)
  @ApiProblems(400)
  list(@Query() query: JobsQueryDto): Promise<Page<JobDto>> {
    return this.jobs.list(query.kind, pageRequest(query));
  }

  /** A background job's status, progress and result: the requester's own, or any for an admin. */
  @Get(':id')
  @Auth()
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(404)
  getJob(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<JobDto> {
    return this.jobs.getForCaller(id, user);
  }
}
