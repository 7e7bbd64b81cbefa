import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '../common/auth/auth.decorator';
import { InvalidInputError } from '../common/errors/domain-errors';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { DeskPatientsService } from './desk-patients.service';
import { DeskService } from './desk.service';
import {
  DeskAppointmentDto,
  DeskBookDto,
  DeskCancelDto,
  DeskDayDto,
  DeskDayQueryDto,
  DeskPatientDetailsDto,
  DeskPatientDto,
  DeskPatientsQueryDto,
  DeskRescheduleDto,
  RegisterWalkInDto,
} from './dto/desk.dto';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The front desk (receptionists, and admins): the day grid, patients who
 * phone or walk in, and their appointments. Answers carry no clinical text.
 */
@ApiTags('desk')
@Controller('desk')
@Auth({ permissions: ['desk:use'] })
export class DeskController {
  constructor(
    private readonly desk: DeskService,
    private readonly deskPatients: DeskPatientsService,
  ) {}

  /**
   * The day's schedule for a calendar grid: every active doctor (of the department, or one doctor)
   * with each slot of the day free, held (a waitlist offer) or with its visit.
   */
  @Get('day')
  @ApiOkResponse({ type: DeskDayDto })
  @ApiProblems(400)
  day(@Query() query: DeskDayQueryDto): Promise<DeskDayDto> {
    return this.desk.day(query);
  }

  /** Patients whose name, phone or email contains the search, or born on the date searched (at most 50, by name). */
  @Get('patients')
  @ApiOkResponse({ type: [DeskPatientDto] })
  @ApiProblems(400)
  patients(@Query() query: DeskPatientsQueryDto): Promise<DeskPatientDto[]> {
    return this.deskPatients.searchPatients(query.search);
  }

  /** A patient's demographics and appointments, latest first, without clinical text. */
  @Get('patients/:id')
  @ApiOkResponse({ type: DeskPatientDetailsDto })
  @ApiProblems(400, 404)
  patient(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeskPatientDetailsDto> {
    return this.deskPatients.patient(id);
  }

  /**
   * Registers a walk-in (or a caller). With an email the patient is emailed an invitation to set a
   * password; without one the patient has no sign-in. 409 `email_taken`.
   */
  @Post('patients')
  @ApiCreatedResponse({ type: DeskPatientDto })
  @ApiProblems(400, 409, 422)
  register(@Body() body: RegisterWalkInDto): Promise<DeskPatientDto> {
    return this.deskPatients.registerWalkIn(body);
  }

  /**
   * Books for a patient: the same rules, conflicts (409 `slot_taken`, `patient_overlap`), 422s and
   * `Idempotency-Key` handling as the patient's own booking; the patient's email says the desk booked it.
   */
  @Post('appointments')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Up to 200 visible ASCII characters' })
  @ApiCreatedResponse({ type: DeskAppointmentDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async book(
    @Body() body: DeskBookDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeskAppointmentDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new InvalidInputError('invalid_idempotency_key', 'Idempotency-Key must be 1-200 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const result = await this.desk.book(body, idempotencyKey);
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return result.appointment;
  }

  /** Moves a booked, not yet started appointment to another slot of the same doctor, atomically. */
  @Post('appointments/:id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: DeskAppointmentDto })
  @ApiProblems(400, 404, 409, 422)
  reschedule(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: DeskRescheduleDto,
  ): Promise<DeskAppointmentDto> {
    return this.desk.reschedule(id, body.startsAt);
  }

  /** Cancels a booked appointment (`cancelledBy: "desk"`); the patient is emailed the reason. */
  @Post('appointments/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: DeskAppointmentDto })
  @ApiProblems(400, 404, 409)
  cancel(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: DeskCancelDto): Promise<DeskAppointmentDto> {
    return this.desk.cancel(id, body.reason);
  }

  /** The patient has arrived: booked → checked_in, on the appointment's clinic date only (else 409). */
  @Post('appointments/:id/check-in')
  @HttpCode(200)
  @ApiOkResponse({ type: DeskAppointmentDto })
  @ApiProblems(400, 404, 409)
  checkIn(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeskAppointmentDto> {
    return this.desk.checkIn(id);
  }
}
