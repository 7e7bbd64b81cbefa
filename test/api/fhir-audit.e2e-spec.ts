import { AuditService } from '../../apps/api/src/audit/audit.service';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import type { Client } from 'fhir-kit-client';
import { loginAdmin, type Session } from '../support/auth';
import {
  createDoctor,
  createPatient,
  insertAppointment,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { expectValidR4, failure, fhirClient, loadR4Definitions } from '../support/fhir';
import { startTestApp, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';

describe('FHIR AuditEvent at /fhir/AuditEvent', () => {
  let t: TestApp;
  let admin: Session;
  let doctor: FixtureDoctor;
  let patient: FixturePatient;
  let client: Client;

  beforeAll(async () => {
    loadR4Definitions();
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    client = fhirClient(t, admin);
    doctor = await createDoctor(t, { fullName: 'Dr. Audra Auditson' });
    patient = await createPatient(t, { fullName: 'Paula Audited' });
    await insertAppointment(t, {
      doctorId: doctor.doctorId,
      patientId: patient.patientId,
      startsAt: new Date(Date.now() - 48 * HOUR),
      status: 'completed',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Every resource a test receives is checked against the R4 definitions. */
  async function valid<T>(call: Promise<unknown>): Promise<T> {
    const resource = await call;
    expectValidR4(resource);
    return resource as T;
  }

  const events = (bundle: Bundle): AuditEvent[] => (bundle.entry ?? []).map((e) => e.resource as AuditEvent);
  const actionOf = (e: AuditEvent) => e.subtype?.find((s) => s.system === 'urn:hms:audit-action')?.code;

  async function readHistory(d: FixtureDoctor, p: FixturePatient, requestId?: string) {
    const req = t.http.get(`/api/v1/doctor/patients/${p.patientId}/history`).set('Authorization', d.session.bearer);
    return requestId ? req.set('X-Request-Id', requestId) : req;
  }

  const search = (searchParams: Record<string, string | number | string[]>) =>
    valid<Bundle>(client.search({ resourceType: 'AuditEvent', searchParams }));

  it("finds a doctor's read of a patient's history by patient, as a valid R4 AuditEvent", async () => {
    expect((await readHistory(doctor, patient, 'fhir-audit-history-1')).status).toBe(200);
    const bundle = await search({ patient: `Patient/${patient.patientId}` });
    expect(bundle.type).toBe('searchset');
    const event = events(bundle).find((e) => actionOf(e) === 'patient.history.read');
    expect(event).toBeDefined();
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      action: 'R',
      outcome: '0',
      source: { observer: { display: 'Clinic HMS' } },
    });
    expect(Date.parse(event!.recorded)).not.toBeNaN();
    expect(event!.agent).toHaveLength(1);
    expect(event!.agent[0]).toMatchObject({
      who: { reference: `Practitioner/${doctor.doctorId}`, display: 'Dr. Audra Auditson' },
      altId: doctor.userId,
      requestor: true,
      network: { address: expect.stringMatching(/127\.0\.0\.1/), type: '2' },
    });
    expect(event!.entity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          what: { reference: `Patient/${patient.patientId}` },
          role: expect.objectContaining({ code: '1', display: 'Patient' }),
        }),
        expect.objectContaining({
          what: { identifier: { system: 'urn:hms:request-id', value: 'fhir-audit-history-1' } },
        }),
      ]),
    );
    // Read by id answers the same resource.
    const read = await valid<AuditEvent>(client.read({ resourceType: 'AuditEvent', id: event!.id! }));
    expect(read).toEqual(event);
    const byId = await search({ _id: event!.id! });
    expect(events(byId).map((e) => e.id)).toEqual([event!.id]);
    // The same events as the REST audit page, in the same order (newest first).
    const rest = await t.http
      .get(`/api/v1/admin/audit?patientId=${patient.patientId}&pageSize=100`)
      .set('Authorization', admin.bearer);
    expect(rest.status).toBe(200);
    expect(bundle.total).toBe(rest.body.total);
    expect(events(bundle).map((e) => e.id)).toEqual(rest.body.items.map((i: { id: string }) => i.id));
  });

  it('maps a refused read to outcome 4 and a treatment to a Patient Record change on the Appointment', async () => {
    const stranger = await createPatient(t);
    expect((await readHistory(doctor, stranger)).status).toBe(404);
    const refused = events(await search({ patient: `Patient/${stranger.patientId}` }));
    expect(refused.map((e) => [actionOf(e), e.outcome, e.action])).toEqual([['patient.history.read', '4', 'R']]);

    const visitPatient = await createPatient(t);
    const appointmentId = await insertAppointment(t, {
      doctorId: doctor.doctorId,
      patientId: visitPatient.patientId,
      startsAt: new Date(Date.now() - 2 * HOUR),
    });
    const done = await t.http
      .post(`/api/v1/doctor/appointments/${appointmentId}/complete`)
      .set('Authorization', doctor.session.bearer)
      .send({ diagnosis: 'Audited diagnosis', prescription: 'Rx' });
    expect(done.status).toBe(200);
    const changes = events(await search({ patient: visitPatient.patientId }));
    const created = changes.find((e) => actionOf(e) === 'treatment.created');
    expect(created).toMatchObject({ type: { system: DCM, code: '110110', display: 'Patient Record' }, action: 'C' });
    expect(created!.entity?.map((e) => e.what?.reference)).toEqual(
      expect.arrayContaining([`Patient/${visitPatient.patientId}`, `Appointment/${appointmentId}`]),
    );
  });

  it('filters by agent: a doctor, a patient, or a user account (admins) by id', async () => {
    const byDoctor = await search({ agent: `Practitioner/${doctor.doctorId}`, _count: 100 });
    expect(byDoctor.total).toBeGreaterThanOrEqual(2);
    for (const e of events(byDoctor)) expect(e.agent[0].who?.reference).toBe(`Practitioner/${doctor.doctorId}`);

    const idle = await createDoctor(t);
    expect((await search({ agent: `Practitioner/${idle.doctorId}` })).total).toBe(0);
    expect((await search({ agent: 'Device/whatever' })).total).toBe(0);

    // A sign-in: the admin has no doctor or patient profile, so the agent is the account.
    const signIns = events(await search({ agent: admin.userId, _count: 100 })).filter(
      (e) => actionOf(e) === 'auth.login.success',
    );
    expect(signIns.length).toBeGreaterThanOrEqual(1);
    expect(signIns[0]).toMatchObject({
      type: { system: DCM, code: '110114', display: 'User Authentication' },
      action: 'E',
      outcome: '0',
    });
    expect(signIns[0].agent[0].who).toMatchObject({ identifier: { system: 'urn:hms:user', value: admin.userId } });
    expect(signIns[0].agent[0].who?.reference).toBeUndefined();

    // An event by a patient names the Patient.
    await t.app.get(AuditService).record({
      action: 'export.requested',
      actor: { userId: patient.userId, role: 'patient' },
      patientId: patient.patientId,
    });
    const own = events(await search({ agent: `Patient/${patient.patientId}` }));
    expect(own.map((e) => [actionOf(e), e.agent[0].who?.reference, e.agent[0].who?.display])).toEqual([
      ['export.requested', `Patient/${patient.patientId}`, 'Paula Audited'],
    ]);
  });

  it('filters by date with prefixes, repeated for a range', async () => {
    expect((await readHistory(doctor, patient, 'fhir-audit-date')).status).toBe(200);
    const latest = events(await search({ patient: `Patient/${patient.patientId}`, _count: 1 }))[0];
    const entity = latest.entity?.find((e) => e.what?.identifier?.system === 'urn:hms:request-id');
    expect(entity?.what?.identifier?.value).toBe('fhir-audit-date');
    const at = latest.recorded;
    const ids = async (date: string | string[]) =>
      events(await search({ patient: `Patient/${patient.patientId}`, date, _count: 100 })).map((e) => e.id);
    expect(await ids([`ge${at}`, `le${at}`])).toEqual([latest.id]);
    expect(await ids(at)).toEqual([latest.id]);
    expect(await ids(`gt${at}`)).toEqual([]);
    expect(await ids(`lt${at}`)).not.toContain(latest.id);
    expect(await ids(`lt${at}`)).toHaveLength((await ids(`ge2000-01-01`)).length - 1);
    const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const around = [`ge${dayOf(Date.parse(at) - 36 * HOUR)}`, `lt${dayOf(Date.parse(at) + 36 * HOUR)}`];
    expect(await ids(around)).toContain(latest.id);
    expect(await ids(`lt${dayOf(Date.parse(at) - 36 * HOUR)}`)).toEqual([]);
    const bad = await failure(client.search({ resourceType: 'AuditEvent', searchParams: { date: 'yesterday' } }));
    expect(bad.status).toBe(400);
    expectValidR4(bad.data);
    expect(bad.data.resourceType).toBe('OperationOutcome');
  });

  it('pages with next links, every event once, in the order of one big page', async () => {
    for (let i = 0; i < 3; i++) expect((await readHistory(doctor, patient)).status).toBe(200);
    const all = events(await search({ patient: `Patient/${patient.patientId}`, _count: 100 })).map((e) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    let page: Bundle | undefined = await search({ patient: `Patient/${patient.patientId}`, _count: 2 });
    const seen: (string | undefined)[] = [];
    let pages = 0;
    while (page) {
      expectValidR4(page);
      expect(page.total).toBe(all.length);
      expect(page.link?.find((l) => l.relation === 'self')?.url).toMatch(/\/fhir\/AuditEvent\?/);
      seen.push(...events(page).map((e) => e.id));
      pages += 1;
      page = (await client.nextPage({ bundle: page as never })) as Bundle | undefined;
    }
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(seen).toEqual(all);
  });

  it('is for admins only: a doctor or a patient gets 403 OperationOutcome; anonymous 401', async () => {
    for (const session of [doctor.session, patient.session]) {
      const asOther = fhirClient(t, session);
      const res = await failure(
        asOther.search({ resourceType: 'AuditEvent', searchParams: { patient: `Patient/${patient.patientId}` } }),
      );
      expect(res.status).toBe(403);
      expectValidR4(res.data);
      expect(res.data.resourceType).toBe('OperationOutcome');
      expect(res.data.issue?.[0].code).toBe('forbidden');
      const read = await failure(asOther.read({ resourceType: 'AuditEvent', id: doctor.userId }));
      expect(read.status).toBe(403);
    }
    const anonymous = await failure(fhirClient(t).search({ resourceType: 'AuditEvent', searchParams: {} }));
    expect(anonymous.status).toBe(401);
    expectValidR4(anonymous.data);
    const missing = await failure(
      client.read({ resourceType: 'AuditEvent', id: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.data.issue?.[0].code).toBe('not-found');
  });
});
