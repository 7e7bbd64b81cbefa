import { Inject, Injectable } from '@nestjs/common';
import type { AppointmentStatus, DoctorAppointmentScope, PatientAppointmentScope } from '@hms/shared';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { AppointmentFilter, AppointmentsRepository } from './appointments.repository';
import { AppointmentPagesRepository, type DoctorPageFilter } from './appointment-pages.repository';
import { CareRelationship } from './care-relationship';
import { addDays, clinicDayRange, clinicToday, clinicWeekRange, startOfClinicDay } from '../common/time/clinic-time';
import { TreatmentsService } from '../records/treatments.service';
import { AppointmentDto, toAppointmentDto, TreatmentRevisionDto } from './dto/appointment.dto';
import type { AppointmentScope } from './appointments.repository';
import { DoctorPatientDto } from './dto/scheduling.dto';
import { PatientHistoryQuery } from '../directory/patient-history.query';
import type { PatientHistoryEntryDto } from '../directory/dto/patient-history.dto';

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
  specializationId?: string;
  /** Part of the doctor's or the patient's name. */
  search?: string;
  /** Clinic dates, inclusive. */
  from?: string;
  to?: string;
  scope?: 'upcoming' | 'past';
  order?: 'asc' | 'desc';
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
    private readonly care: CareRelationship,
    private readonly audit: AuditService,
    private readonly treatments: TreatmentsService,
    private readonly history: PatientHistoryQuery,
    private readonly pages: AppointmentPagesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The doctor's own appointments. today: this clinic date; week: Monday to
   * Sunday of the current clinic week; both soonest first. upcoming: starting
   * from now, soonest first; past: started before now, latest first. Answers
   * the page as its JSON body, rendered by the one statement that reads it;
   * each row that shows a treatment is audited as a `treatment.read`.
   */
  async forDoctor(
    doctorId: string,
    scope: DoctorAppointmentScope,
    status: AppointmentStatus | undefined,
    page: PageRequest,
    options: { order?: 'asc' | 'desc'; now?: Date } = {},
  ): Promise<string> {
    const tz = this.config.clinicTimezone;
    const now = options.now ?? new Date();
    const filter: DoctorPageFilter = { doctorId, status, order: 'ASC' };
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
    if (options.order) filter.order = options.order === 'asc' ? 'ASC' : 'DESC';
    const rendered = await this.pages.doctorPage(filter, page);
    if (rendered.treated.length > 0) {
      await this.audit.recordMany(treatmentReads(rendered.treated.map((t) => ({ ...t, treatment: true }))));
    }
    return rendered.body;
  }

  /** Patients in this doctor's care (see CareRelationship), by name; `search` matches part of a name or email. */
  async patientsOfDoctor(doctorId: string, page: PageRequest, search?: string): Promise<Page<DoctorPatientDto>> {
    const [rows, total] = await this.appointments.patientsOfDoctor(doctorId, page, search);
    return toPage(
      rows.map((r) => ({ ...r, lastAppointmentAt: r.lastAppointmentAt.toISOString() })),
      total,
      page,
    );
  }

  /**
   * A patient's appointments with every doctor and department, latest first,
   * for a doctor in whose care the patient is (404 otherwise). Rows name the
   * treating doctor and department; only the doctor's own are `editable`.
   * The access check writes the audit event in the same statement.
   */
  async historyForDoctor(
    doctorId: string,
    patientId: string,
    page: PageRequest,
  ): Promise<Page<PatientHistoryEntryDto>> {
    await this.care.assertDoctorMaySee(doctorId, patientId, {
      action: 'patient.history.read',
      resource: { type: 'patient', id: patientId },
    });
    return this.history.pageForDoctor(patientId, doctorId, page);
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

  /** Every appointment, filtered; latest first, upcoming soonest first, unless `order` says otherwise. */
  async forAdmin(
    query: AdminAppointmentQuery,
    page: PageRequest,
    now: Date = new Date(),
  ): Promise<Page<AppointmentDto>> {
    if (query.from && query.to && query.from > query.to) {
      throw new InvalidInputError('invalid_range', 'from must not be after to', [
        { field: 'to', message: 'to must not be before from' },
      ]);
    }
    const tz = this.config.clinicTimezone;
    const order = query.order ?? (query.scope === 'upcoming' ? 'asc' : 'desc');
    const filter: AppointmentFilter = {
      status: query.status,
      doctorId: query.doctorId,
      patientId: query.patientId,
      specializationId: query.specializationId,
      search: query.search || undefined,
      startsFrom: query.from ? startOfClinicDay(query.from, tz) : undefined,
      startsBefore: query.to ? startOfClinicDay(addDays(query.to, 1), tz) : undefined,
      order: order === 'asc' ? 'ASC' : 'DESC',
    };
    if (query.scope === 'upcoming' && (!filter.startsFrom || filter.startsFrom < now)) filter.startsFrom = now;
    if (query.scope === 'past' && (!filter.startsBefore || filter.startsBefore > now)) filter.startsBefore = now;
    return this.page(filter, page, { auditTreatments: true });
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

  /**
   * Every version of an appointment's treatment, oldest first, for its doctor
   * (`{ doctorId }`) or an admin (`{ all: true }`). 404 for someone else's
   * appointment or one without a treatment.
   */
  async treatmentRevisions(scope: AppointmentScope, appointmentId: string): Promise<TreatmentRevisionDto[]> {
    const a = await this.appointments.findInScope(appointmentId, scope);
    if (!a) throw new NotFoundError('Appointment');
    const rows = await this.treatments.revisions(a.id);
    await this.audit.record({
      action: 'treatment.revisions.read',
      patientId: a.patientId,
      resource: { type: 'appointment', id: a.id },
    });
    return rows.map((r) => ({
      version: r.version,
      diagnosis: r.diagnosis,
      prescription: r.prescription,
      notes: r.notes,
      editedBy: { id: r.editedById, fullName: r.editedByName },
      editedAt: r.editedAt.toISOString(),
    }));
  }

  /**
   * A page of appointments. With `auditTreatments` (staff reading rows that
   * carry a treatment), one `treatment.read` event per such row, written in
   * one statement before the page is answered; none when no row has one.
   */
  private async page(
    filter: AppointmentFilter,
    page: PageRequest,
    options: { auditTreatments?: boolean } = {},
  ): Promise<Page<AppointmentDto>> {
    if (filter.doctorId || filter.patientId) {
      // Scoped lists (a doctor's week, a patient's history) are small: one statement, DTOs straight from SQL.
      const [dtos, total] = await this.appointments.listDtos(filter, page);
      if (options.auditTreatments) await this.audit.recordMany(treatmentReads(dtos));
      return toPage(dtos, total, page);
    }
    const [items, total] = await this.appointments.list(filter, page);
    if (options.auditTreatments) await this.audit.recordMany(treatmentReads(items));
    return toPage(items.map(toAppointmentDto), total, page);
  }
}

/** One `treatment.read` event per appointment that carries a treatment. */
export function treatmentReads(items: { id: string; patientId: string; treatment?: unknown }[]): AuditEntry[] {
  return items
    .filter((a) => a.treatment)
    .map((a) => ({ action: 'treatment.read', patientId: a.patientId, resource: { type: 'appointment', id: a.id } }));
}
