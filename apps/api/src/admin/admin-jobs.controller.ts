import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { JobDto, RunDailyRemindersDto, RunMonthlyReportsDto } from '../jobs/dto/job.dto';
import { RemindersService } from '../notifications/reminders.service';
import { MonthlyReportsService } from '../reporting/monthly-reports.service';

@ApiTags('admin')
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly reports: MonthlyReportsService,
  ) {}

  /**
   * Runs the reminder job now for a clinic date (default today). The job id
   * derives from the date: running it again returns the same job and sends
   * nothing twice.
   */
  @Post('daily-reminders')
  @HttpCode(202)
  @Auth({ permissions: ['jobs:run'] })
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblems(400)
  runDailyReminders(@Body() body: RunDailyRemindersDto, @CurrentUser() user: AuthUser): Promise<JobDto> {
    return this.reminders.start(body.date, user.userId);
  }

  /**
   * Runs the monthly report job now for YYYY-MM (default last month); once per month, like the cron.
   * A month after the current clinic month is refused with 422 `month_in_future`.
   */
  @Post('monthly-reports')
  @HttpCode(202)
  @Auth({ permissions: ['jobs:run'] })
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblems(400, 422)
  runMonthlyReports(@Body() body: RunMonthlyReportsDto, @CurrentUser() user: AuthUser): Promise<JobDto> {
    return this.reports.start(body.month, user.userId);
  }
}
