import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import type { AuditAction } from '../audit/audit-actions';
import type { AuditListRow } from '../audit/audit.repository';

/**
 * The audit trail as FHIR R4 AuditEvent (the model of IHE ATNA / DICOM audit
 * messages): what happened (`type`, `subtype`, `action`), when (`recorded`),
 * how it ended (`outcome`), who did it from where (`agent`), what it was about
 * (`entity`: the patient, the record, the request). No rule lives here.
 */

export const DCM_SYSTEM = 'http://dicom.nema.org/resources/ontology/DCM';
export const AUDIT_EVENT_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
/** Our own action names (`patient.history.read`, `auth.login.failure`, ...). */
export const AUDIT_ACTION_SYSTEM = 'urn:hms:audit-action';
export const USER_SYSTEM = 'urn:hms:user';
export const REQUEST_ID_SYSTEM = 'urn:hms:request-id';
const RESTFUL_INTERACTION_SYSTEM = 'http://hl7.org/fhir/restful-interaction';
const ENTITY_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/security-source-type';

export const PRODUCT_NAME = 'Clinic HMS';

const REST: Coding = { system: AUDIT_EVENT_TYPE_SYSTEM, code: 'rest', display: 'RESTful Operation' };
const PATIENT_RECORD: Coding = { system: DCM_SYSTEM, code: '110110', display: 'Patient Record' };
const USER_AUTHENTICATION: Coding = { system: DCM_SYSTEM, code: '110114', display: 'User Authentication' };
const EXPORT: Coding = { system: DCM_SYSTEM, code: '110106', display: 'Export' };
const SECURITY_ATTRIBUTES: Coding = {
  system: DCM_SYSTEM,
  code: '110137',
  display: 'User Security Attributes Changed',
};

const READ: Coding = { system: RESTFUL_INTERACTION_SYSTEM, code: 'read', display: 'read' };
const LOGIN: Coding = { system: DCM_SYSTEM, code: '110122', display: 'Login' };
const LOGOUT: Coding = { system: DCM_SYSTEM, code: '110123', display: 'Logout' };

interface ActionMapping {
  type: Coding;
  action: NonNullable<AuditEvent['action']>;
  /** Standard subtypes beside our own action code. */
  subtype?: Coding[];
  display: string;
}

/** Every audit action of the trail, one line each: its FHIR type, action code and subtypes. */
const ACTIONS: Readonly<Record<AuditAction, ActionMapping>> = {
  'patient.history.read': { type: REST, action: 'R', subtype: [READ], display: 'Patient history read' },
  'patient.details.read': { type: REST, action: 'R', subtype: [READ], display: 'Patient details read' },
  'treatment.read': { type: REST, action: 'R', subtype: [READ], display: 'Treatment read' },
  'treatment.revisions.read': { type: REST, action: 'R', subtype: [READ], display: 'Treatment revisions read' },
  'export.downloaded': { type: EXPORT, action: 'R', display: 'Export downloaded' },
  'treatment.created': { type: PATIENT_RECORD, action: 'C', display: 'Treatment recorded' },
  'treatment.updated': { type: PATIENT_RECORD, action: 'U', display: 'Treatment edited' },
  'patient.updated': { type: PATIENT_RECORD, action: 'U', display: 'Patient details changed' },
  'export.requested': { type: EXPORT, action: 'E', display: 'Export requested' },
  'user.deactivated': { type: SECURITY_ATTRIBUTES, action: 'U', display: 'User deactivated' },
  'user.reactivated': { type: SECURITY_ATTRIBUTES, action: 'U', display: 'User reactivated' },
  'doctor.created': { type: SECURITY_ATTRIBUTES, action: 'C', display: 'Doctor account created' },
  'doctor.removed': { type: SECURITY_ATTRIBUTES, action: 'D', display: 'Doctor removed' },
  'auth.login.success': { type: USER_AUTHENTICATION, action: 'E', subtype: [LOGIN], display: 'Signed in' },
  'auth.login.failure': { type: USER_AUTHENTICATION, action: 'E', subtype: [LOGIN], display: 'Sign-in failed' },
  'auth.lockout': { type: USER_AUTHENTICATION, action: 'E', display: 'Account locked' },
  'auth.password.changed': { type: USER_AUTHENTICATION, action: 'U', display: 'Password changed' },
  'auth.password.reset': { type: USER_AUTHENTICATION, action: 'U', display: 'Password reset' },
  'auth.session.ended': { type: USER_AUTHENTICATION, action: 'E', subtype: [LOGOUT], display: 'Session ended' },
  'staff.invited': { type: SECURITY_ATTRIBUTES, action: 'C', display: 'Staff account invited' },
  'desk.patient.registered': { type: PATIENT_RECORD, action: 'C', display: 'Walk-in registered at the desk' },
  'desk.patient.read': { type: REST, action: 'R', subtype: [READ], display: 'Patient details read at the desk' },
  'desk.appointment.booked': { type: REST, action: 'C', display: 'Appointment booked at the desk' },
  'desk.appointment.rescheduled': { type: REST, action: 'U', display: 'Appointment moved at the desk' },
  'desk.appointment.cancelled': { type: REST, action: 'U', display: 'Appointment cancelled at the desk' },
  'desk.appointment.checked_in': { type: REST, action: 'U', display: 'Patient checked in at the desk' },
};

/** An action the trail may hold but this table does not name yet: still a valid event. */
function mappingOf(action: string): ActionMapping {
  return (
    (ACTIONS as Record<string, ActionMapping | undefined>)[action] ?? {
      type: REST,
      action: 'E',
      display: action,
    }
  );
}

const OUTCOMES: Readonly<Record<string, NonNullable<AuditEvent['outcome']>>> = {
  success: '0',
  denied: '4',
  failure: '8',
};

function agentOf(r: AuditListRow): AuditEventAgent {
  const name = r.actorName ?? r.actorEmail ?? undefined;
  const who: AuditEventAgent['who'] = r.actorDoctorId
    ? { reference: `Practitioner/${r.actorDoctorId}`, ...(name ? { display: name } : {}) }
    : r.actorPatientId
      ? { reference: `Patient/${r.actorPatientId}`, ...(name ? { display: name } : {}) }
      : r.actorUserId
        ? { identifier: { system: USER_SYSTEM, value: r.actorUserId }, display: name ?? 'Unknown user' }
        : { display: 'Anonymous' };
  return {
    who,
    ...(r.actorUserId ? { altId: r.actorUserId } : {}),
    ...(name ? { name } : {}),
    ...(r.actorRole ? { role: [{ coding: [{ system: 'urn:hms:role', code: r.actorRole }], text: r.actorRole }] } : {}),
    requestor: true,
    ...(r.ip ? { network: { address: r.ip, type: '2' as const } } : {}),
  };
}

function entitiesOf(r: AuditListRow): AuditEventEntity[] {
  const entities: AuditEventEntity[] = [];
  if (r.patientId) {
    entities.push({
      what: { reference: `Patient/${r.patientId}` },
      type: { system: ENTITY_TYPE_SYSTEM, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE_SYSTEM, code: '1', display: 'Patient' },
    });
  }
  if (r.resourceType && r.resourceId) {
    const what = resourceReference(r.resourceType, r.resourceId, r.patientId);
    if (what) {
      entities.push({
        what,
        type: { system: ENTITY_TYPE_SYSTEM, code: '2', display: 'System Object' },
        role: { system: OBJECT_ROLE_SYSTEM, code: '4', display: 'Domain Resource' },
      });
    }
  }
  if (r.requestId) {
    entities.push({
      what: { identifier: { system: REQUEST_ID_SYSTEM, value: r.requestId } },
      type: { system: ENTITY_TYPE_SYSTEM, code: '4', display: 'Other' },
      description: 'The HTTP request (X-Request-Id)',
    });
  }
  return entities;
}

/** The record an event names: a FHIR reference where this server serves the type, else an identifier. */
function resourceReference(type: string, id: string, patientId: string | null): AuditEventEntity['what'] | null {
  switch (type) {
    case 'appointment':
      return { reference: `Appointment/${id}` };
    case 'doctor':
      return { reference: `Practitioner/${id}` };
    case 'patient':
      // Already the patient entity.
      return id === patientId ? null : { reference: `Patient/${id}` };
    default:
      return { identifier: { system: `urn:hms:${type}`, value: id } };
  }
}

export function toFhirAuditEvent(r: AuditListRow): AuditEvent {
  const mapping = mappingOf(r.action);
  const entity = entitiesOf(r);
  return {
    resourceType: 'AuditEvent',
    id: r.id,
    meta: { lastUpdated: r.at.toISOString() },
    type: mapping.type,
    subtype: [{ system: AUDIT_ACTION_SYSTEM, code: r.action, display: mapping.display }, ...(mapping.subtype ?? [])],
    action: mapping.action,
    recorded: r.at.toISOString(),
    outcome: OUTCOMES[r.outcome] ?? '8',
    ...(r.outcome === 'denied'
      ? { outcomeDesc: 'Access denied' }
      : r.outcome === 'failure'
        ? { outcomeDesc: 'Failed' }
        : {}),
    agent: [agentOf(r)],
    source: {
      observer: { display: PRODUCT_NAME },
      type: [{ system: SOURCE_TYPE_SYSTEM, code: '4', display: 'Application Server' }],
    },
    ...(entity.length > 0 ? { entity } : {}),
  };
}
