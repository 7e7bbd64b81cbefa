import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../common/auth/auth.decorator';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, pageRequest } from '../common/http/pagination';
import { AppointmentLifecycleService } from '../scheduling/appointment-lifecycle.service';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { AppointmentDto, TreatmentRevisionDto } from '../scheduling/dto/appointment.dto';
import { AdminAppointmentsQueryDto } from '../scheduling/dto/appointment-filter.dto';
import { AdminCancelDto } from './dto/admin-appointments.dto';

@ApiTags('admin')
@Controller('admin/appointments')
export class AdminAppointmentsController {
  constructor(
    private readonly queries: AppointmentQueriesService,
    private readonly lifecycle: AppointmentLifecycleService,
  ) {}

  /**
   * Every appointment, past and upcoming; filter by status, doctor, department, patient, a name,
   * clinic dates and side of now. Latest first, upcoming soonest first; `order` overrides.
   */
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

  /** The front desk checks a patient in: booked → checked_in, on the appointment's clinic date only (else 409). */
  @Post(':id/check-in')
  @Auth({ permissions: ['appointments:check-in'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async checkIn(@Param('id', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.lifecycle.checkIn({ all: true }, id);
  }

  /**
   * Cancels a booked appointment (`cancelledBy: "admin"`); the patient is emailed the reason and
   * a link to book again, and the slot goes to the waitlist. 409 when not booked.
   */
  @Post(':id/cancel')
  @Auth({ permissions: ['appointments:cancel-any'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: AdminCancelDto): Promise<AppointmentDto> {
    return this.lifecycle.cancelByAdmin(id, body.reason);
  }
}
