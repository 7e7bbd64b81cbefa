import { Controller, Get, Inject, Req, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth/auth.decorator';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { capabilityStatement } from './fhir-capability';
import { fhirBase, FhirResponseInterceptor } from './fhir-http';

const STARTED_AT = new Date().toISOString();

/** The FHIR base's CapabilityStatement; the one FHIR route the OpenAPI document describes. */
@ApiTags('fhir')
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirMetadataController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('metadata')
  @Public()
  @ApiOperation({
    summary: 'FHIR R4 CapabilityStatement',
    description:
      'The FHIR R4 (4.0.1) interface at /fhir (beside /api/v1) for integrators: Practitioner, PractitionerRole, ' +
      'Schedule, live Slot, Appointment (read, search, create from a Slot, cancel), Patient read and AuditEvent (admins), in ' +
      'application/fhir+json with the same Bearer tokens and scoping as /api/v1. This CapabilityStatement lists ' +
      'exactly the interactions and search parameters offered.',
  })
  @ApiProduces('application/fhir+json')
  @ApiOkResponse({ description: 'CapabilityStatement (FHIR R4)', schema: { type: 'object' } })
  metadata(@Req() request: FastifyRequest): CapabilityStatement {
    return capabilityStatement(fhirBase(request), STARTED_AT, this.config.corsOrigins.length > 0);
  }
}
