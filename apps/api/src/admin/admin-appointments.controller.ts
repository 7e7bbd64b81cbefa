import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { AppointmentDto } from '../scheduling/dto/appointment.dto';
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
}
