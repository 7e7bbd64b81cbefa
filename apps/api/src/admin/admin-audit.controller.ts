import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditQueriesService } from '../audit/audit-queries.service';
import { AuditEventDto, AuditQueryDto } from '../audit/dto/audit.dto';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';

@ApiTags('admin')
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditQueriesService) {}

  /**
   * The audit trail, newest first: reads and changes of patients' records and
   * security events. Filter by patient, acting user, action and clinic dates
   * (inclusive). For a CSV of the same events: `POST /exports/audit`.
   */
  @Get()
  @Auth({ permissions: ['audit:read'] })
  @ApiPageResponse(AuditEventDto)
  @ApiProblems(400)
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    const { page, pageSize, ...filter } = query;
    return this.audit.search(filter, pageRequest({ page, pageSize }));
  }
}
