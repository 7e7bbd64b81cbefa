import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APPOINTMENT_STATUSES } from '@hms/shared';
import type { Appointment, Bundle } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentLifecycleService } from '../scheduling/appointment-lifecycle.service';
import { AppointmentQueriesService, type AppointmentSearch } from '../scheduling/appointment-queries.service';
import type { AppointmentScope } from '../scheduling/appointments.repository';
import { BookingService } from '../scheduling/booking.service';
import { profileOf } from '../scheduling/profile';
import { fhirBase, FhirResponseInterceptor } from './fhir-http';
import { bookingFromAppointment, cancellationFromUpdate } from './fhir-input';
import { domainStatusesOf, FHIR_APPOINTMENT_STATUSES, toFhirAppointment } from './fhir-resources';
import { dateBounds, type FhirQuery, isUuid, referencedId, SearchRequest, strictHandling } from './fhir-search';

/** As the REST booking: up to 200 visible ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Whose appointments the caller may see: a patient their own, a doctor their own, an admin all. */
function scopeOf(user: AuthUser): AppointmentScope {
  if (user.role === 'admin') return { all: true };
  if (user.role === 'doctor') return { doctorId: profileOf(user) };
  return { patientId: profileOf(user) };
}

/**
 * FHIR Appointment: read and search scoped like the REST API, create from a
 * Slot through the REST booking service (same rules, races, idempotency and
 * outbox), and cancel through the REST cancel service.
 */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirAppointmentsController {
  constructor(
    private readonly queries: AppointmentQueriesService,
    private readonly booking: BookingService,
    private readonly lifecycle: AppointmentLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('Appointment')
  @Auth()
  async search(
    @CurrentUser() user: AuthUser,
    @Query() query: FhirQuery,
    @Req() request: FastifyRequest,
  ): Promise<Bundle<Appointment>> {
    const search = new SearchRequest(
      query,
      ['patient', 'practitioner', 'date', 'status'],
      strictHandling(request.headers),
    );
    const filter: AppointmentSearch = {};
    const bounds = dateBounds(
      search.values('date').map((v) => v.value),
      'date',
      this.config.clinicTimezone,
    );
    filter.startsFrom = bounds.from;
    filter.startsBefore = bounds.before;
    let matchesNothing = false;
    for (const [param, type, key] of [
      ['patient', 'Patient', 'patientId'],
      ['practitioner', 'Practitioner', 'doctorId'],
    ] as const) {
      const values = search.anyOf(param);
      if (values === null) continue;
      if (values.length !== 1) {
        throw new InvalidInputError('unsupported_search_parameter', `${param} takes one reference`, [
          { field: param, message: 'give one reference' },
        ]);
      }
      const id = referencedId(values[0], type);
      if (id === null || !isUuid(id)) matchesNothing = true;
      else filter[key] = id.toLowerCase();
    }
    const statuses = search.anyOf('status');
    if (statuses !== null) {
      const unknown = statuses.find((s) => !(FHIR_APPOINTMENT_STATUSES as readonly string[]).includes(s));
      if (unknown !== undefined) {
        throw new InvalidInputError('invalid_search_parameter', `status=${unknown} is not an appointment status`, [
          { field: 'status', message: `one of ${FHIR_APPOINTMENT_STATUSES.join(', ')}` },
        ]);
      }
      filter.statuses = statuses.flatMap((s) => domainStatusesOf(s, APPOINTMENT_STATUSES));
    }
    if (matchesNothing) filter.statuses = [];
    const pageSize = Math.max(search.count, 1);
    const page = await this.queries.search(scopeOf(user), filter, {
      page: Math.floor(search.offset / pageSize) + 1,
      pageSize,
      offset: search.offset,
    });
    const items = search.count === 0 ? [] : page.items;
    return search.bundle(fhirBase(request), 'Appointment', page.total, items.map(toFhirAppointment));
  }

  @Get('Appointment/:id')
  @Auth()
  async read(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Appointment> {
    if (!isUuid(id)) throw new NotFoundError('Appointment');
    return toFhirAppointment(await this.queries.oneInScope(scopeOf(user), id.toLowerCase()));
  }

  /**
   * Books the referenced Slot for the calling patient: `201` with `Location`.
   * An `Idempotency-Key` makes a retry safe, exactly as in the REST booking.
   */
  @Post('Appointment')
  @Auth({ permissions: ['appointments:book'] })
  @HttpCode(201)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Appointment> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new InvalidInputError('invalid_idempotency_key', 'Idempotency-Key must be 1-200 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const patientId = profileOf(user);
    const result = await this.booking.book(patientId, bookingFromAppointment(body, patientId), idempotencyKey);
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    void reply.header('Location', `${fhirBase(request)}/Appointment/${result.appointment.id}`);
    return toFhirAppointment(result.appointment);
  }

  /**
   * Cancels: the body is the appointment with `status: "cancelled"` (an
   * optional `cancelationReason.text` for a doctor's reason); any other
   * change is 422. The patient's or the doctor's cancel, as in the REST API.
   */
  @Put('Appointment/:id')
  @Auth()
  async update(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() body: unknown): Promise<Appointment> {
    if (!isUuid(id)) throw new NotFoundError('Appointment');
    const appointmentId = id.toLowerCase();
    const current = toFhirAppointment(await this.queries.oneInScope(scopeOf(user), appointmentId));
    const { reason } = cancellationFromUpdate(body, id, current);
    if (current.status === 'cancelled') return current;
    if (user.role === 'patient') {
      return toFhirAppointment(await this.lifecycle.cancelByPatient(profileOf(user), appointmentId));
    }
    if (user.role === 'doctor') {
      return toFhirAppointment(await this.lifecycle.cancelByDoctor(profileOf(user), appointmentId, reason));
    }
    throw new ForbiddenError('cancel_not_allowed', 'Appointments are cancelled by their patient or their doctor');
  }
}
