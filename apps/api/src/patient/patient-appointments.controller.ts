import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { InvalidInputError } from '../common/errors/domain-errors';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { ApiPageResponse, Page, PageQueryDto, pageRequest } from '../common/http/pagination';
import { AppointmentLifecycleService } from '../scheduling/appointment-lifecycle.service';
import { AppointmentQueriesService } from '../scheduling/appointment-queries.service';
import { BookingService } from '../scheduling/booking.service';
import { DashboardsService } from '../scheduling/dashboards.service';
import { AppointmentDto } from '../scheduling/dto/appointment.dto';
import { PatientDashboardDto, SlotDto } from '../scheduling/dto/scheduling.dto';
import { profileOf } from '../scheduling/profile';
import { SlotsService } from '../scheduling/slots.service';
import { DateRangeQueryDto } from '../scheduling/dto/date-range-query.dto';
import { BookAppointmentDto, PatientAppointmentsQueryDto, RescheduleDto } from './dto/patient.dto';

/** A body already rendered as JSON is sent as it is. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

@ApiTags('patient')
@Controller('patient')
export class PatientAppointmentsController {
  constructor(
    private readonly booking: BookingService,
    private readonly lifecycle: AppointmentLifecycleService,
    private readonly queries: AppointmentQueriesService,
    private readonly slots: SlotsService,
    private readonly dashboards: DashboardsService,
  ) {}

  /**
   * Upcoming booked appointments (at most 10, soonest first), the number of past
   * (started, not cancelled) appointments, and the departments with their active doctors.
   */
  @Get('dashboard')
  @Auth({ permissions: ['patient:dashboard'] })
  @ApiOkResponse({ type: PatientDashboardDto })
  async dashboard(@CurrentUser() user: AuthUser): Promise<PatientDashboardDto> {
    return this.dashboards.forPatient(profileOf(user));
  }

  /**
   * The doctor's slots on clinic dates from..to (default today..today+horizon), each
   * with `available`. Slots that already started are left out. Inactive or unknown doctor 404.
   */
  @Get('doctors/:id/availability')
  @Auth({ permissions: ['doctors:browse'] })
  @ApiOkResponse({ type: [SlotDto] })
  @ApiProblems(400, 404)
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async slotsOf(
    @Param('id', new ParseUUIDPipe()) doctorId: string,
    @Query() query: DateRangeQueryDto,
  ): Promise<string> {
    return this.slots.slotsJson(doctorId, query.from, query.to);
  }

  /**
   * Books a slot. 409 `slot_taken` when another patient holds it, `patient_overlap` when
   * an own booking overlaps; 422 for a broken rule (`outside_availability`, `not_slot_start`,
   * `starts_in_past`, `beyond_horizon`, `doctor_inactive`, `too_many_upcoming_bookings` when the
   * patient already holds `MAX_UPCOMING_BOOKINGS` booked future appointments); 403 `patient_inactive`.
   * With an `Idempotency-Key`, a retry with the same body answers the first booking again
   * (header `Idempotent-Replayed: true`) and books nothing; another body under that key 422.
   */
  @Post('appointments')
  @Auth({ permissions: ['appointments:book'] })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Up to 200 visible ASCII characters, unique per booking attempt of this patient',
  })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409, 422)
  async book(
    @CurrentUser() user: AuthUser,
    @Body() body: BookAppointmentDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppointmentDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new InvalidInputError('invalid_idempotency_key', 'Idempotency-Key must be 1-200 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const result = await this.booking.book(profileOf(user), body, idempotencyKey);
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return result.appointment;
  }

  /** Own appointments. */
  @Get('appointments')
  @Auth({ permissions: ['appointments:book'] })
  @ApiPageResponse(AppointmentDto)
  @ApiProblems(400)
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: PatientAppointmentsQueryDto,
  ): Promise<Page<AppointmentDto>> {
    return this.queries.forPatient(profileOf(user), query.scope, query.status, pageRequest(query));
  }

  /** One own appointment, with its treatment when completed. */
  @Get('appointments/:id')
  @Auth({ permissions: ['appointments:book'] })
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404)
  async one(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.queries.oneForPatient(profileOf(user), id);
  }

  /** Cancels an own booked appointment that has not started; otherwise 409. */
  @Post('appointments/:id/cancel')
  @Auth({ permissions: ['appointments:book'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409)
  async cancel(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.lifecycle.cancelByPatient(profileOf(user), id);
  }

  /**
   * Moves an own booked, not yet started appointment to another slot of the same doctor,
   * atomically: when the new slot is taken (409) the original booking stays as it was.
   */
  @Post('appointments/:id/reschedule')
  @Auth({ permissions: ['appointments:book'] })
  @HttpCode(200)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiProblems(400, 404, 409, 422)
  async reschedule(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RescheduleDto,
  ): Promise<AppointmentDto> {
    return this.booking.reschedule(profileOf(user), id, body.startsAt);
  }

  /** Own completed appointments with their treatments, latest first. */
  @Get('treatments')
  @Auth({ permissions: ['treatments:read-own'] })
  @ApiPageResponse(AppointmentDto)
  @ApiProblems(400)
  async treatments(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<AppointmentDto>> {
    return this.queries.treatmentsOfPatient(profileOf(user), pageRequest(query));
  }
}
