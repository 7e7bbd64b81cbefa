import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Clinic HMS API')
    .setDescription(
      'Hospital management: departments, doctors, patients, availability, race-free booking, treatments, ' +
        'reminders, reports and exports. Errors are RFC 9457 application/problem+json.\n\n' +
        'Integrators who speak FHIR R4 (4.0.1) use the FHIR base `/fhir` beside `/api/v1`, with the same Bearer ' +
        'tokens and scoping: Practitioner, PractitionerRole, Schedule, live Slot, Appointment (read, search, ' +
        'create from a Slot, cancel), Patient read and the audit trail as AuditEvent (admins), in application/fhir+json, errors as OperationOutcome. ' +
        'Its CapabilityStatement, at `GET /fhir/metadata`, lists exactly what it offers.',
    )
    .setExternalDoc('FHIR R4 CapabilityStatement of this server', '/fhir/metadata')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    // Stable operation ids: the handler's name, prefixed by its controller when two would clash.
    operationIdFactory: (controllerKey: string, methodKey: string) =>
      `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}${methodKey.replace(/^./, (c) => c.toUpperCase())}`,
  });
}

/** The UI at /api/docs and the document at /api/docs/openapi.json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    customSiteTitle: 'Clinic HMS API',
  });
}
