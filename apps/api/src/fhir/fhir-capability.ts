import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { FHIR_COUNT_DEFAULT, FHIR_COUNT_MAX } from './fhir-search';
import { FHIR_VERSION } from './fhir-http';

type SearchParam = [name: string, type: 'string' | 'token' | 'reference' | 'date', documentation: string];

function resource(
  type: CapabilityStatementRestResource['type'],
  interactions: ('read' | 'search-type' | 'create' | 'update')[],
  searchParams: SearchParam[],
  documentation: string,
): CapabilityStatementRestResource {
  return {
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    documentation,
    interaction: interactions.map((code) => ({ code })),
    versioning: 'no-version',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    ...(searchParams.length > 0
      ? {
          searchParam: searchParams.map(([name, paramType, doc]) => ({
            name,
            definition: name.startsWith('_')
              ? `http://hl7.org/fhir/SearchParameter/Resource-${name.slice(1)}`
              : `http://hl7.org/fhir/SearchParameter/${type}-${name}`,
            type: paramType,
            documentation: doc,
          })),
        }
      : {}),
  };
}

/** Exactly what this server implements; kept beside the controllers that implement it. */
export function capabilityStatement(base: string, date: string, cors: boolean): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Clinic HMS',
    kind: 'instance',
    software: { name: 'Clinic HMS' },
    implementation: {
      description: 'Clinic HMS scheduling: practitioners, schedules, live slots and appointments; the audit trail',
      url: base,
    },
    fhirVersion: FHIR_VERSION,
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          `Searches answer searchset Bundles with total and self/next/previous links; _count (default ${FHIR_COUNT_DEFAULT}, ` +
          `at most ${FHIR_COUNT_MAX}) and _offset page them. Unknown search parameters are ignored unless ` +
          'the request says Prefer: handling=strict (then 400). Errors are OperationOutcome.',
        security: {
          cors,
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }],
              text: 'Bearer',
            },
          ],
          description:
            'Authorization: Bearer <accessToken> from POST /api/v1/auth/login, with the same per-role scoping as /api/v1.',
        },
        resource: [
          resource(
            'Practitioner',
            ['read', 'search-type'],
            [
              ['_id', 'token', 'Logical id'],
              ['name', 'string', 'Any part of the name (:exact, :contains)'],
            ],
            'Active doctors. The email is shown to staff only.',
          ),
          resource(
            'PractitionerRole',
            ['read', 'search-type'],
            [
              ['_id', 'token', 'Logical id (the doctor’s id)'],
              ['practitioner', 'reference', 'Practitioner/{id}'],
              [
                'specialty',
                'token',
                `Department: ${'urn:hms:specialization'}|{id}, the id, or its name; :text by name`,
              ],
            ],
            'One per active doctor: the doctor in their department.',
          ),
          resource(
            'Schedule',
            ['read', 'search-type'],
            [
              ['_id', 'token', 'Logical id (the doctor’s id)'],
              ['actor', 'reference', 'Practitioner/{id}'],
            ],
            'One per active doctor, over the booking horizon.',
          ),
          resource(
            'Slot',
            ['read', 'search-type'],
            [
              ['schedule', 'reference', 'Schedule/{id} (required; several separated by commas)'],
              ['start', 'date', 'Prefixes eq, gt, ge, lt, le'],
              ['status', 'token', 'free | busy'],
            ],
            'Computed live from the doctor’s availability: the same slots and availability as ' +
              'GET /api/v1/patient/doctors/{id}/availability. The id encodes doctor and start.',
          ),
          resource(
            'Appointment',
            ['read', 'search-type', 'create', 'update'],
            [
              ['patient', 'reference', 'Patient/{id}'],
              ['practitioner', 'reference', 'Practitioner/{id}'],
              ['date', 'date', 'Start; prefixes eq, gt, ge, lt, le'],
              ['status', 'token', 'booked | arrived | fulfilled | cancelled | noshow'],
            ],
            'Scoped like /api/v1: a patient their own, a doctor their own, an admin all. Create (patients) from one Slot ' +
              'with status booked, through the same booking rules; Idempotency-Key honoured. Update only cancels ' +
              '(status cancelled).',
          ),
          resource('Patient', ['read'], [], 'The patient themself, a doctor in whose care they are, or an admin.'),
          resource(
            'AuditEvent',
            ['read', 'search-type'],
            [
              ['_id', 'token', 'Logical id'],
              ['patient', 'reference', 'Patient/{id}: events about this patient’s record'],
              [
                'agent',
                'reference',
                'Practitioner/{id} or Patient/{id}: events by this doctor or patient; a bare id: by this user account (agent.altId)',
              ],
              ['date', 'date', 'Recorded; prefixes eq, gt, ge, lt, le, repeat for a range'],
            ],
            'Admins only: the audit trail of GET /api/v1/admin/audit, newest first. Reads of patient records ' +
              '(type rest), changes to them (DCM 110110 Patient Record), sign-ins and other security events ' +
              '(DCM 110114 User Authentication, 110106 Export, 110137 User Security Attributes Changed); our action ' +
              'name in subtype (urn:hms:audit-action); outcome 0 success, 4 denied, 8 failed.',
          ),
        ],
      },
    ],
  };
}
