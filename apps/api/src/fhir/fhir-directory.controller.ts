import { Controller, Get, Inject, Param, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Bundle, Practitioner, PractitionerRole, Schedule, Slot } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../common/auth/auth.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { addDays, clinicDateOf, clinicDatesRange, clinicToday } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { PublicDoctorDto } from '../directory/dto/directory.dto';
import { PatientDirectoryService } from '../directory/patient-directory.service';
import { MAX_RANGE_DAYS } from '../scheduling/availability.service';
import type { SlotDto } from '../scheduling/dto/scheduling.dto';
import { SlotsService } from '../scheduling/slots.service';
import { fhirBase, FhirResponseInterceptor } from './fhir-http';
import {
  parseSlotId,
  SPECIALTY_SYSTEM,
  toPractitioner,
  toPractitionerRole,
  toSchedule,
  toSlot,
} from './fhir-resources';
import {
  dateBounds,
  type FhirQuery,
  isUuid,
  referencedId,
  SearchRequest,
  strictHandling,
  stringMatches,
} from './fhir-search';

/** The whole active-doctor list (a clinic has a few hundred at most; the directory caches it). */
const ALL = { page: 1, pageSize: 100_000, offset: 0 };

/**
 * FHIR Practitioner, PractitionerRole, Schedule and Slot: the directory of
 * active doctors and their live slots, for anyone signed in. Slots are the
 * very answer of the REST availability route (`free` = `available`).
 */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirDirectoryController {
  constructor(
    private readonly directory: PatientDirectoryService,
    private readonly slots: SlotsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('Practitioner')
  @Auth()
  async searchPractitioners(
    @CurrentUser() user: AuthUser,
    @Query() query: FhirQuery,
    @Req() request: FastifyRequest,
  ): Promise<Bundle<Practitioner>> {
    const search = new SearchRequest(query, ['name', '_id'], strictHandling(request.headers));
    let doctors = await this.activeDoctors();
    doctors = byIds(doctors, search.anyOf('_id'));
    for (const { modifier, value } of search.values('name')) {
      const any = value.split(',');
      doctors = doctors.filter((d) => any.some((v) => stringMatches(d.fullName, v, modifier)));
    }
    const page = search.slice(doctors).map((d) => toPractitioner(d));
    return search.bundle(fhirBase(request), 'Practitioner', doctors.length, page);
  }

  @Get('Practitioner/:id')
  @Auth()
  async readPractitioner(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<Practitioner> {
    return toPractitioner(await this.doctor(id, 'Practitioner'));
  }

  @Get('PractitionerRole')
  @Auth()
  async searchPractitionerRoles(
    @Query() query: FhirQuery,
    @Req() request: FastifyRequest,
  ): Promise<Bundle<PractitionerRole>> {
    const search = new SearchRequest(query, ['practitioner', 'specialty', '_id'], strictHandling(request.headers));
    let doctors = byIds(await this.activeDoctors(), search.anyOf('_id'));
    doctors = byIds(doctors, references(search.anyOf('practitioner'), 'Practitioner'));
    for (const { modifier, value } of search.values('specialty')) {
      const any = value.split(',');
      doctors = doctors.filter((d) => any.some((v) => specialtyMatches(d, v, modifier)));
    }
    return search.bundle(
      fhirBase(request),
      'PractitionerRole',
      doctors.length,
      search.slice(doctors).map(toPractitionerRole),
    );
  }

  @Get('PractitionerRole/:id')
  @Auth()
  async readPractitionerRole(@Param('id') id: string): Promise<PractitionerRole> {
    return toPractitionerRole(await this.doctor(id, 'PractitionerRole'));
  }

  @Get('Schedule')
  @Auth()
  async searchSchedules(@Query() query: FhirQuery, @Req() request: FastifyRequest): Promise<Bundle<Schedule>> {
    const search = new SearchRequest(query, ['actor', '_id'], strictHandling(request.headers));
    let doctors = byIds(await this.activeDoctors(), search.anyOf('_id'));
    doctors = byIds(doctors, references(search.anyOf('actor'), 'Practitioner'));
    const horizon = this.horizon();
    return search.bundle(
      fhirBase(request),
      'Schedule',
      doctors.length,
      search.slice(doctors).map((d) => toSchedule(d, horizon)),
    );
  }

  @Get('Schedule/:id')
  @Auth()
  async readSchedule(@Param('id') id: string): Promise<Schedule> {
    return toSchedule(await this.doctor(id, 'Schedule'), this.horizon());
  }

  /**
   * Slots of one or more schedules (`schedule` is required), soonest first;
   * `start` narrows the time (default today..today+horizon), `status`
   * free|busy the availability.
   */
  @Get('Slot')
  @Auth()
  async searchSlots(@Query() query: FhirQuery, @Req() request: FastifyRequest): Promise<Bundle<Slot>> {
    const search = new SearchRequest(query, ['schedule', 'start', 'status'], strictHandling(request.headers));
    const schedules = references(search.anyOf('schedule'), 'Schedule');
    if (schedules === null) {
      throw new InvalidInputError(
        'missing_search_parameter',
        'Slot search needs schedule (Schedule/{id}, several separated by commas)',
        [{ field: 'schedule', message: 'required' }],
      );
    }
    const tz = this.config.clinicTimezone;
    const bounds = dateBounds(
      search.values('start').map((v) => v.value),
      'start',
      tz,
    );
    const statuses = search.anyOf('status');
    const today = clinicToday(tz);
    const fromDate = bounds.from && clinicDateOf(bounds.from, tz) > today ? clinicDateOf(bounds.from, tz) : today;
    let toDate = bounds.before
      ? clinicDateOf(new Date(bounds.before.getTime() - 1), tz)
      : addDays(today, this.config.bookingHorizonDays);
    if (toDate > addDays(fromDate, MAX_RANGE_DAYS)) toDate = addDays(fromDate, MAX_RANGE_DAYS);
    const found: { doctorId: string; slot: SlotDto }[] = [];
    if (toDate >= fromDate) {
      for (const doctorId of new Set(schedules.filter((s) => isUuid(s)).map((s) => s.toLowerCase()))) {
        const slots = await this.slots.slotsOf(doctorId, fromDate, toDate).catch((error: unknown) => {
          if (error instanceof NotFoundError) return [] as SlotDto[];
          throw error;
        });
        for (const slot of slots) found.push({ doctorId, slot });
      }
    }
    const matching = found
      .filter(({ slot }) => {
        const start = new Date(slot.startsAt);
        if (bounds.from && start < bounds.from) return false;
        if (bounds.before && start >= bounds.before) return false;
        return statuses === null || statuses.includes(slot.available ? 'free' : 'busy');
      })
      .sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt) || a.doctorId.localeCompare(b.doctorId));
    return search.bundle(
      fhirBase(request),
      'Slot',
      matching.length,
      search.slice(matching).map(({ doctorId, slot }) => toSlot(doctorId, slot)),
    );
  }

  /** A slot by id: as the availability shows it now; a slot no longer offered (or past) is 404. */
  @Get('Slot/:id')
  @Auth()
  async readSlot(@Param('id') id: string): Promise<Slot> {
    const parsed = parseSlotId(id);
    if (!parsed) throw new NotFoundError('Slot');
    const date = clinicDateOf(parsed.startsAt, this.config.clinicTimezone);
    const slots = await this.slots.slotsOf(parsed.doctorId, date, date).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new NotFoundError('Slot');
      throw error;
    });
    const slot = slots.find((s) => new Date(s.startsAt).getTime() === parsed.startsAt.getTime());
    if (!slot) throw new NotFoundError('Slot');
    return toSlot(parsed.doctorId, slot);
  }

  private async activeDoctors(): Promise<PublicDoctorDto[]> {
    return (await this.directory.browseDoctors({}, ALL)).items;
  }

  private async doctor(
    id: string,
    resourceType: 'Practitioner' | 'PractitionerRole' | 'Schedule',
  ): Promise<PublicDoctorDto> {
    if (!isUuid(id)) throw new NotFoundError(resourceType);
    return this.directory.doctor(id.toLowerCase()).catch((error: unknown) => {
      throw error instanceof NotFoundError ? new NotFoundError(resourceType) : error;
    });
  }

  private horizon(): { start: Date; end: Date } {
    const tz = this.config.clinicTimezone;
    const today = clinicToday(tz);
    return clinicDatesRange(today, addDays(today, this.config.bookingHorizonDays), tz);
  }
}

/** Ids of references of one type; null when the parameter is absent. A reference to another type matches nothing. */
function references(values: string[] | null, resourceType: string): string[] | null {
  if (values === null) return null;
  return values.map((v) => referencedId(v, resourceType)).filter((id): id is string => id !== null);
}

function byIds(doctors: PublicDoctorDto[], ids: string[] | null): PublicDoctorDto[] {
  if (ids === null) return doctors;
  const wanted = new Set(ids.map((i) => i.toLowerCase()));
  return doctors.filter((d) => wanted.has(d.id));
}

/** `specialty` as a token (`[system|]code`, code = department id, or its name) or, with `:text`, by name. */
function specialtyMatches(doctor: PublicDoctorDto, value: string, modifier: string | null): boolean {
  const { id, name } = doctor.specialization;
  if (modifier === 'text') return stringMatches(name, value, null);
  if (modifier !== null) return stringMatches(name, value, modifier);
  const bar = value.indexOf('|');
  const system = bar >= 0 ? value.slice(0, bar) : null;
  const code = bar >= 0 ? value.slice(bar + 1) : value;
  if (system !== null && system !== '' && system !== SPECIALTY_SYSTEM) return false;
  return code.toLowerCase() === id || code.trim().toLowerCase() === name.toLowerCase();
}
