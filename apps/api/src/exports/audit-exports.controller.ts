import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { AuditFilterDto } from '../audit/dto/audit.dto';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { JobDto } from '../jobs/dto/job.dto';
import { AuditExportService } from './audit-export.service';

@ApiTags('exports')
@Controller('exports')
export class AuditExportsController {
  constructor(private readonly exports: AuditExportService) {}

  /**
   * Queues a CSV export of the audit events matching the filters of
   * `GET /admin/audit`, newest first. Poll `GET /jobs/{id}`; when completed,
   * `result` holds `{ rows, downloadUrl }` (`GET /exports/{jobId}/download`).
   */
  @Post('audit')
  @HttpCode(202)
  @Auth({ permissions: ['audit:read'] })
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblems(400)
  createAuditExport(@Body() body: AuditFilterDto, @CurrentUser() user: AuthUser): Promise<JobDto> {
    return this.exports.request(user, body);
  }
}
