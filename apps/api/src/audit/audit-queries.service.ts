import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import { addDays, startOfClinicDay } from '../common/time/clinic-time';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuditOutcome } from './audit-actions';
import { AuditListRow, AuditQuery, AuditRepository } from './audit.repository';
import { AccessLogEntryDto, AuditEventDto } from './dto/audit.dto';

export interface AuditFilter {
  /** One event by id (FHIR `_id`). */
  id?: string;
  patientId?: string;
  actorId?: string;
  /** The acting user by their doctor id or patient id (FHIR `agent`). */
  actorDoctorId?: string;
  actorPatientId?: string;
  action?: string;
  /** Clinic dates, inclusive. */
  from?: string;
  to?: string;
  /** Instants (FHIR `date`): at >= since, at < until. */
  since?: Date;
  until?: Date;
}

/** Shown to patients instead of an admin's login email. */
export const CLINIC_ADMIN_NAME = 'Clinic administrator';

/** Reads of the audit trail: the admin's audit page and the patient's access log. */
@Injectable()
export class AuditQueriesService {
  constructor(
    private readonly repository: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Events matching the filter, newest first. */
  async search(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEventDto>> {
    const events = await this.events(filter, page);
    return { ...events, items: events.items.map(toAuditEventDto) };
  }

  /** The same search, answering the rows with the actor's doctor or patient id (the FHIR face maps them). */
  async events(filter: AuditFilter, page: PageRequest): Promise<Page<AuditListRow>> {
    const [rows, total] = await this.repository.list(this.toQuery(filter), page);
    return toPage(rows, total, page);
  }

  /** One event by id; 404 when there is none. */
  async event(id: string): Promise<AuditListRow> {
    const [rows] = await this.repository.list(this.toQuery({ id }), { page: 1, pageSize: 1, offset: 0 });
    if (rows.length === 0) throw new NotFoundError('AuditEvent');
    return rows[0];
  }

  /** How many events match (CSV export progress). */
  count(query: AuditQuery): Promise<number> {
    return this.repository.count(query);
  }

  /** A batch of events, newest first (CSV export; bound `query.before` so batches stay stable). */
  batch(query: AuditQuery, offset: number, limit: number): Promise<AuditListRow[]> {
    return this.repository.batch(query, offset, limit);
  }

  /** The repository query of a filter (also used by the CSV export). */
  toQuery(filter: AuditFilter): AuditQuery {
    if (filter.from && filter.to && filter.from > filter.to) {
      throw new InvalidInputError('invalid_range', 'from must not be after to', [
        { field: 'to', message: 'to must not be before from' },
      ]);
    }
    const tz = this.config.clinicTimezone;
    const from = filter.from ? startOfClinicDay(filter.from, tz) : undefined;
    const before = filter.to ? startOfClinicDay(addDays(filter.to, 1), tz) : undefined;
    return {
      id: filter.id,
      patientId: filter.patientId,
      actorUserId: filter.actorId,
      actorDoctorId: filter.actorDoctorId,
      actorPatientId: filter.actorPatientId,
      action: filter.action,
      from: later(from, filter.since),
      before: earlier(before, filter.until),
    };
  }

  /**
   * Who read or changed this patient's record, newest first: successful
   * events by anyone but the patient themself (their own actions are left out).
   */
  async accessLog(patientId: string, patientUserId: string, page: PageRequest): Promise<Page<AccessLogEntryDto>> {
    const [rows, total] = await this.repository.list(
      { patientId, excludeActorUserId: patientUserId, outcome: 'success' },
      page,
    );
    return toPage(
      rows.map((r) => ({
        at: r.at.toISOString(),
        actor: {
          fullName: r.actorRole === 'admin' || !r.actorName ? CLINIC_ADMIN_NAME : r.actorName,
          role: r.actorRole,
        },
        action: r.action,
        resource: r.resourceType && r.resourceId ? { type: r.resourceType, id: r.resourceId } : null,
      })),
      total,
      page,
    );
  }
}

function later(a: Date | undefined, b: Date | undefined): Date | undefined {
  return a && b ? (a > b ? a : b) : (a ?? b);
}

function earlier(a: Date | undefined, b: Date | undefined): Date | undefined {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

export function toAuditEventDto(r: AuditListRow): AuditEventDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actorUserId
      ? { id: r.actorUserId, role: r.actorRole, fullName: r.actorName ?? r.actorEmail ?? 'Unknown user' }
      : null,
    action: r.action,
    patientId: r.patientId,
    resource: r.resourceType && r.resourceId ? { type: r.resourceType, id: r.resourceId } : null,
    outcome: r.outcome as AuditOutcome,
    ip: r.ip,
    requestId: r.requestId,
  };
}
