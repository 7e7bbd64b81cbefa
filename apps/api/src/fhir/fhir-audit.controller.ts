import { Controller, Get, Inject, Param, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { AuditFilter, AuditQueriesService } from '../audit/audit-queries.service';
import { Auth } from '../common/auth/auth.decorator';
import { InvalidInputError, NotFoundError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { toFhirAuditEvent } from './fhir-audit';
import { fhirBase, FhirResponseInterceptor } from './fhir-http';
import { dateBounds, type FhirQuery, isUuid, referencedId, SearchRequest, strictHandling } from './fhir-search';

/**
 * FHIR AuditEvent: the audit trail for admins, the very search of
 * `GET /api/v1/admin/audit` (newest first), mapped to R4 AuditEvent.
 */
@ApiExcludeController()
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirAuditController {
  constructor(
    private readonly audit: AuditQueriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('AuditEvent')
  @Auth({ permissions: ['audit:read'] })
  async search(@Query() query: FhirQuery, @Req() request: FastifyRequest): Promise<Bundle<AuditEvent>> {
    const search = new SearchRequest(query, ['patient', 'agent', 'date', '_id'], strictHandling(request.headers));
    const base = fhirBase(request);
    const bounds = dateBounds(
      search.values('date').map((v) => v.value),
      'date',
      this.config.clinicTimezone,
    );
    const filter: AuditFilter = { since: bounds.from, until: bounds.before };
    let matchesNothing = false;
    const patient = single(search.anyOf('patient'), 'patient');
    if (patient !== null) {
      const id = referencedId(patient, 'Patient');
      if (id === null || !isUuid(id)) matchesNothing = true;
      else filter.patientId = id.toLowerCase();
    }
    const agent = single(search.anyOf('agent'), 'agent');
    if (agent !== null) {
      const actor = agentFilter(agent);
      if (actor === null) matchesNothing = true;
      else Object.assign(filter, actor);
    }
    const ids = search.anyOf('_id');
    if (ids !== null) {
      if (ids.length !== 1 || !isUuid(ids[0])) matchesNothing = true;
      else filter.id = ids[0].toLowerCase();
    }
    if (matchesNothing || (filter.since && filter.until && filter.since >= filter.until)) {
      return search.bundle(base, 'AuditEvent', 0, []);
    }
    const pageSize = Math.max(search.count, 1);
    const page = await this.audit.events(filter, {
      page: Math.floor(search.offset / pageSize) + 1,
      pageSize,
      offset: search.offset,
    });
    const items = search.count === 0 ? [] : page.items;
    return search.bundle(base, 'AuditEvent', page.total, items.map(toFhirAuditEvent));
  }

  @Get('AuditEvent/:id')
  @Auth({ permissions: ['audit:read'] })
  async read(@Param('id') id: string): Promise<AuditEvent> {
    if (!isUuid(id)) throw new NotFoundError('AuditEvent');
    return toFhirAuditEvent(await this.audit.event(id.toLowerCase()));
  }
}

function single(values: string[] | null, param: string): string | null {
  if (values === null) return null;
  if (values.length !== 1) {
    throw new InvalidInputError('unsupported_search_parameter', `${param} takes one reference`, [
      { field: param, message: 'give one reference' },
    ]);
  }
  return values[0];
}

/**
 * The acting user an `agent` reference names: `Practitioner/{id}` a doctor,
 * `Patient/{id}` a patient, a bare id the user account (the agent's `altId`,
 * which admins have too); null when it can name no one.
 */
function agentFilter(value: string): Pick<AuditFilter, 'actorId' | 'actorDoctorId' | 'actorPatientId'> | null {
  const doctorId = referencedId(value, 'Practitioner');
  if (doctorId !== null && value.includes('/'))
    return isUuid(doctorId) ? { actorDoctorId: doctorId.toLowerCase() } : null;
  const patientId = referencedId(value, 'Patient');
  if (patientId !== null && value.includes('/'))
    return isUuid(patientId) ? { actorPatientId: patientId.toLowerCase() } : null;
  if (value.includes('/')) return null;
  return isUuid(value) ? { actorId: value.toLowerCase() } : null;
}
