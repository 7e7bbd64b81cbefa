import { Inject, Injectable } from '@nestjs/common';
import type { AppointmentStatus, DoctorAppointmentScope, PatientAppointmentScope } from '@hms/shared';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppointmentFilter, AppointmentScope, AppointmentsRepository } from './appointments.repository';
import { addDays, clinicDayRange, clinicToday, clinicWeekRange, startOfClinicDay } from '../common/time/clinic-time';
import { AppointmentDto, toAppointmentDto } from './dto/appointment.dto';
import { DoctorPatientDto } from './dto/scheduling.dto';

/** A search within the caller's scope: instants, not clinic dates. */
export interface AppointmentSearch {
  doctorId?: string;
  patientId?: string;
  /** Any of these statuses; an empty list matches nothing. */
  statuses?: readonly AppointmentStatus[];
  /** startsAt >= startsFrom */
  startsFrom?: Date;
  /** startsAt < startsBefore */
  startsBefore?: Date;
}

export interface AdminAppointmentQuery {
  status?: AppointmentStatus;
  doctorId?: string;
  patientId?: string;
  /** Clinic dates, inclusive. */
  from?: string;
  to?: string;
}

/**
 * Read side of appointments. Every query is scoped by the caller (doctor or
 * patient id) and loads doctor, specialization, patient and treatment in one
 * joined query.
 */
@Injectable()
export class AppointmentQueriesService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The doctor's own appointments. today: this clinic date; week: Monday to
   * Sunday of the current clinic week; both soonest first. upcoming: starting
   * from now, soonest first; past: started before now, latest first.
   */
  async forDoctor(
    doctorId: string,
    scope: DoctorAppointmentScope,
    status: AppointmentStatus | undefined,
    page: PageRequest,
    now: Date = new Date(),
  ): Promise<Page<AppointmentDto>> {
    const tz = this.config.clinicTimezone;
    const filter: AppointmentFilter = { doctorId, status, order: 'ASC' };
    switch (scope) {
      case 'today': {
        const r = clinicDayRange(clinicToday(tz, now), tz);
        Object.assign(filter, { startsFrom: r.start, startsBefore: r.end });
        break;
      }
      case 'week': {
        const r = clinicWeekRange(clinicToday(tz, now), tz);
        Object.assign(filter, { startsFrom: r.start, startsBefore: r.end });
        break;
      }
      case 'upcoming':
        filter.startsFrom = now;
        break;
      case 'past':
        Object.assign(filter, { startsBefore: now, order: 'DESC' });
        break;
    }
    return this.page(filter, page);
  }

  async patientsOfDoctor(doctorId: string, page: PageRequest): Promise<Page<DoctorPatientDto>> {
    const [rows, total] = await this.appointments.patientsOfDoctor(doctorId, page);
    return toPage(
      rows.map((r) => ({ ...r, lastAppointmentAt: r.lastAppointmentAt.toISOString() })),
      total,
      page,
    );
  }

  /**
   * A patient's appointments with every doctor, latest first, for a doctor
   * who has or had an appointment with them (404 otherwise).
   */
  async historyForDoctor(doctorId: string, patientId: string, page: PageRequest): Promise<Page<AppointmentDto>> {
    if (!(await this.appointments.haveMet(doctorId, patientId))) throw new NotFoundError('Patient');
    return this.page({ patientId, order: 'DESC' }, page);
  }

  /** upcoming: starting from now, soonest first; past: started before now, latest first; none: all, latest first. */
  async forPatient(
    patientId: string,
    scope: PatientAppointmentScope | undefined,
    status: AppointmentStatus | undefined,
    page: PageRequest,
    now: Date = new Date(),
  ): Promise<Page<AppointmentDto>> {
    const filter: AppointmentFilter = { patientId, status, order: 'DESC' };
    if (scope === 'upcoming') Object.assign(filter, { startsFrom: now, order: 'ASC' });
    if (scope === 'past') filter.startsBefore = now;
    return this.page(filter, page);
  }

  async oneForPatient(patientId: string, id: string): Promise<AppointmentDto> {
    const a = await this.appointments.findInScope(id, { patientId });
    if (!a) throw new NotFoundError('Appointment');
    return toAppointmentDto(a);
  }

  /** Own completed appointments with their treatments, latest first. */
  async treatmentsOfPatient(patientId: string, page: PageRequest): Promise<Page<AppointmentDto>> {
    return this.page({ patientId, status: 'completed', order: 'DESC' }, page);
  }

  /** Every appointment, filtered; latest first. */
  async forAdmin(query: AdminAppointmentQuery, page: PageRequest): Promise<Page<AppointmentDto>> {
    if (query.from && query.to && query.from > query.to) {
      throw new InvalidInputError('invalid_range', 'from must not be after to', [
        { field: 'to', message: 'to must not be before from' },
      ]);
    }
    const tz = this.config.clinicTimezone;
    return this.page(
      {
        status: query.status,
        doctorId: query.doctorId,
        patientId: query.patientId,
        startsFrom: query.from ? startOfClinicDay(query.from, tz) : undefined,
        startsBefore: query.to ? startOfClinicDay(addDays(query.to, 1), tz) : undefined,
        order: 'DESC',
      },
      page,
    );
  }

  /** One appointment within the caller's scope; someone else's is 404. */
  async oneInScope(scope: AppointmentScope, id: string): Promise<AppointmentDto> {
    const a = await this.appointments.findInScope(id, scope);
    if (!a) throw new NotFoundError('Appointment');
    return toAppointmentDto(a);
  }

  /**
   * A page of the appointments within the caller's scope that match the
   * search, soonest first. Asking for another doctor's or patient's
   * appointments than the scope allows finds nothing.
   */
  async search(scope: AppointmentScope, search: AppointmentSearch, page: PageRequest): Promise<Page<AppointmentDto>> {
    const none = toPage<AppointmentDto>([], 0, page);
    const filter: AppointmentFilter = {
      doctorId: search.doctorId,
      patientId: search.patientId,
      startsFrom: search.startsFrom,
      startsBefore: search.startsBefore,
      order: 'ASC',
    };
    if ('doctorId' in scope) {
      if (search.doctorId !== undefined && search.doctorId !== scope.doctorId) return none;
      filter.doctorId = scope.doctorId;
    }
    if ('patientId' in scope) {
      if (search.patientId !== undefined && search.patientId !== scope.patientId) return none;
      filter.patientId = scope.patientId;
    }
    if (search.statuses !== undefined) {
      const statuses = [...new Set(search.statuses)];
      if (statuses.length === 0) return none;
      if (statuses.length > 1) {
        // Rare (two FHIR statuses at once): one query per status, merged in memory.
        const pages = await Promise.all(
          statuses.map((status) =>
            this.appointments.list(
              { ...filter, status },
              { page: 1, pageSize: page.offset + page.pageSize, offset: 0 },
            ),
          ),
        );
        const merged = pages
          .flatMap(([items]) => items)
          .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
        const total = pages.reduce((sum, [, count]) => sum + count, 0);
        return toPage(merged.slice(page.offset, page.offset + page.pageSize).map(toAppointmentDto), total, page);
      }
      filter.status = statuses[0];
    }
    if (filter.startsFrom && filter.startsBefore && filter.startsFrom >= filter.startsBefore) return none;
    return this.page(filter, page);
  }

  private async page(filter: AppointmentFilter, page: PageRequest): Promise<Page<AppointmentDto>> {
    const [items, total] = await this.appointments.list(filter, page);
    return toPage(items.map(toAppointmentDto), total, page);
  }
}
