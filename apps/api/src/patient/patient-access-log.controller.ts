import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditQueriesService } from '../audit/audit-queries.service';
import { AccessLogEntryDto } from '../audit/dto/audit.dto';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, PageQueryDto, pageRequest } from '../common/http/pagination';
import { profileOf } from '../scheduling/profile';

@ApiTags('patient')
@Controller('patient/access-log')
export class PatientAccessLogController {
  constructor(private readonly audit: AuditQueriesService) {}

  /**
   * Who read or changed the caller's record, newest first: the doctor or
   * clinic administrator, the action and what it concerned. The patient's own
   * actions are left out.
   */
  @Get()
  @Auth({ permissions: ['access-log:read'] })
  @ApiPageResponse(AccessLogEntryDto)
  @ApiProblems(400)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<AccessLogEntryDto>> {
    return this.audit.accessLog(profileOf(user), user.userId, pageRequest(query));
  }
}
