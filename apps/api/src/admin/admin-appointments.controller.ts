import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { AppointmentDto, TreatmentRevisionDto } from '../scheduling/dto/appointment.dto';
import { AdminAppointmentsQueryDto } from '../scheduling/dto/appointment-filter.dto';

@ApiTags('admin')
@Controller('admin/appointments')
export class AdminAppointmentsController {
  constructor(private readonly queries: AppointmentQueriesService) {}

  /** Every appointment, past and upcoming, latest first; filter by status, doctor, patient and clinic dates. */
  @Get()
  @Auth({ permissions: ['appointments:read-all'] })
  @ApiPageResponse(AppointmentDto)
  @ApiProblems(400)
  async list(@Query() query: AdminAppointmentsQueryDto): Promise<Page<AppointmentDto>> {
    const { page, pageSize, ...filter } = query;
    return this.queries.forAdmin(filter, pageRequest({ page, pageSize }));
  }

  /** Every version of the appointment's treatment, oldest first, with author and time. 404 when it has none. */
  @Get(':id/treatment/revisions')
  @Auth({ permissions: ['appointments:read-all'] })
  @ApiOkResponse({ type: [TreatmentRevisionDto] })
  @ApiProblems(400, 404)
  async treatmentRevisions(@Param('id', new ParseUUIDPipe()) id: string): Promise<TreatmentRevisionDto[]> {
    return this.queries.treatmentRevisions({ all: true }, id);
  }
}
