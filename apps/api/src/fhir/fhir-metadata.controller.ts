import { Controller, Get, Req, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth/auth.decorator';
import { capabilityStatement } from './fhir-capability';
import { fhirBase, FhirResponseInterceptor } from './fhir-http';

const STARTED_AT = new Date().toISOString();

/** The FHIR base's CapabilityStatement; the one FHIR route the OpenAPI document describes. */
@ApiTags('fhir')
@Controller('fhir')
@UseInterceptors(FhirResponseInterceptor)
export class FhirMetadataController {
  @Get('metadata')
  @Public()
  @ApiOperation({
    summary: 'FHIR R4 CapabilityStatement',
    description:
      'The FHIR R4 (4.0.1) interface at /fhir (beside /api/v1) for integrators: Practitioner, PractitionerRole, ' +
      'Schedule, live Slot, Appointment (read, search, create from a Slot, cancel) and Patient read, in ' +
      'application/fhir+json with the same Bearer tokens and scoping as /api/v1. This CapabilityStatement lists ' +
      'exactly the interactions and search parameters offered.',
  })
  @ApiProduces('application/fhir+json')
  @ApiOkResponse({ description: 'CapabilityStatement (FHIR R4)', schema: { type: 'object' } })
  metadata(@Req() request: FastifyRequest): CapabilityStatement {
    return capabilityStatement(fhirBase(request), STARTED_AT);
  }
}
