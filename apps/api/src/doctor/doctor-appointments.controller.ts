import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, pageRequest } from '../common/http/pagination';
import { AppointmentLifecycleService } from '../scheduling/appointment-lifecycle.service';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { DashboardsService } from '../scheduling/dashboards.service';
import { AppointmentDto, TreatmentRevisionDto } from '../scheduling/dto/appointment.dto';
import { DoctorDashboardDto } from '../scheduling/dto/scheduling.dto';
import { profileOf } from '../scheduling/profile';
import { DoctorAppointmentsQueryDto, DoctorCancelDto, TreatmentBodyDto } from './dto/doctor.dto';

/** A body the database already rendered as JSON is sent as it is. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

@ApiTags('doctor')
@Controller('doctor')
export class DoctorAppointmentsController {
  constructor(
    private readonly queries: AppointmentQueriesService,
    private readonly lifecycle: AppointmentLifecycleService,
    private readonly dashboards: DashboardsService,
  ) {}

  /** Counts for the doctor's start page (clinic time zone; the week runs Monday to Sunday). */
  @Get('dashboard')
  @Auth({ permissions: ['doctor:dashboard'] })
  @ApiOkResponse({ type: DoctorDashboardDto })
  async dashboard(@CurrentUser() user: AuthUser): Promise<DoctorDashboardDto> {
    return this.dashboards.forDoctor(profileOf(user));
  }

  /**
   * Own appointments. scope today (this clinic date) / week (Monday to Sunday of this
   * clinic week) / upcoming (default) are soonest first; past is latest first; `order` overrides.
   */
  @Get('appointments')
  @Auth({ permissions: ['appointments:read-own-doctor'] })
  @ApiPageResponse(AppointmentDto)
  @ApiProblems(400)
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async list(@CurrentUser() user: AuthUser, @Query() query: DoctorAppointmentsQueryDto): Promise<string> {
    return this.queries.forDoctor(profileOf(user), query.scope ?? 'upcoming', query.status, pageRequest(query), {
      order: query.order,
    });
  }

  /**
   * Completes an own booked or checked-in appointment with its treatment. 409 when it is
   * neither or its clinic date is still ahead.
   */
  @Post('appointments/:id/complete')
  @Auth({ permissions: ['appointments:complete'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async complete(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TreatmentBodyDto,
  ): Promise<AppointmentDto> {
    return this.lifecycle.complete(profileOf(user), id, body);
  }

  /**
   * The patient has arrived: booked → checked_in. 409 when the appointment is not booked or
   * is not on today's clinic date.
   */
  @Post('appointments/:id/check-in')
  @Auth({ permissions: ['appointments:check-in'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async checkIn(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.lifecycle.checkIn({ doctorId: profileOf(user) }, id);
  }

  /** The patient did not come: booked or checked_in → no_show. 409 before the appointment's start. */
  @Post('appointments/:id/no-show')
  @Auth({ permissions: ['appointments:complete'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async noShow(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.lifecycle.noShow(profileOf(user), id);
  }

  /**
   * Cancels an own booked appointment; the slot is free again (offered to the waitlist) and the
   * patient is told, with the reason and a link to book again. 409 when not booked.
   */
  @Post('appointments/:id/cancel')
  @Auth({ permissions: ['appointments:cancel-own-doctor'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DoctorCancelDto,
  ): Promise<AppointmentDto> {
    return this.lifecycle.cancelByDoctor(profileOf(user), id, body.reason);
  }

  /** Edits the treatment of an own completed appointment. 409 when the appointment is not completed. */
  @Put('appointments/:id/treatment')
  @Auth({ permissions: ['treatments:write'] })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async updateTreatment(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: TreatmentBodyDto,
  ): Promise<AppointmentDto> {
    return this.lifecycle.updateTreatment(profileOf(user), id, body);
  }

  /** Every version of the treatment of an own appointment, oldest first. 404 when it has none. */
  @Get('appointments/:id/treatment/revisions')
  @Auth({ permissions: ['treatments:write'] })
  @ApiOkResponse({ type: [TreatmentRevisionDto] })
  @ApiProblems(400, 404)
  async treatmentRevisions(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<TreatmentRevisionDto[]> {
    return this.queries.treatmentRevisions({ doctorId: profileOf(user) }, id);
  }
}
