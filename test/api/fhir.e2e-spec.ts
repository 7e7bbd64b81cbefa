import type { Appointment, Bundle, CapabilityStatement, Practitioner, Slot } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { loginAdmin, type Session } from '../support/auth';
import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  createSpecialization,
  publishWindow,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { expectValidR4, failure, fhirClient, loadR4Definitions } from '../support/fhir';
import { startTestApp, type TestApp } from '../support/test-app';

describe('FHIR R4 at /fhir', () => {
  let t: TestApp;
  let admin: Session;
  let department: { id: string; name: string };
  let doctor: FixtureDoctor;
  let otherDoctor: FixtureDoctor;
  let patient: FixturePatient;
  let stranger: FixturePatient;
  let date: string;

  beforeAll(async () => {
    loadR4Definitions();
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    department = await createSpecialization(t, `Cardiology ${Date.now().toString(36)}`);
    doctor = await createDoctor(t, { specializationId: department.id, fullName: 'Dr. Amélie Nørgaard' });
    otherDoctor = await createDoctor(t, { fullName: 'Dr. Bruno Keller' });
    patient = await createPatient(t, { fullName: 'Rita Fhirson' });
    stranger = await createPatient(t, { fullName: 'Sam Stranger' });
    date = clinicDate(t, 2);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
    await publishWindow(t, otherDoctor, { date, startTime: '09:00', endTime: '10:00', slotMinutes: 30 });
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

  const entries = <T>(bundle: Bundle): T[] => (bundle.entry ?? []).map((e) => e.resource as T);

  async function slotsOf(client: Client, d: FixtureDoctor, extra: Record<string, string | string[]> = {}) {
    return valid<Bundle<Slot>>(
      client.search({
        resourceType: 'Slot',
        searchParams: { schedule: `Schedule/${d.doctorId}`, _count: 100, ...extra },
      }),
    );
  }

  const createBody = (
    slotId: string,
    p: FixturePatient,
    d: FixtureDoctor,
    description?: string,
  ): Appointment & Record<string, unknown> => ({
    resourceType: 'Appointment',
    status: 'booked',
    slot: [{ reference: `Slot/${slotId}` }],
    participant: [
      { actor: { reference: `Patient/${p.patientId}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${d.doctorId}` }, status: 'accepted' },
    ],
    ...(description ? { description } : {}),
  });

  describe('CapabilityStatement', () => {
    it('is public at /fhir/metadata, R4 4.0.1, fhir+json, listing exactly what is implemented', async () => {
      const res = await t.http.get('/fhir/metadata').set('Accept', 'application/fhir+json');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const cs = JSON.parse(res.text) as CapabilityStatement;
      expectValidR4(cs);
      expect(cs.fhirVersion).toBe('4.0.1');
      const resources = cs.rest?.[0].resource ?? [];
      expect(resources.map((r) => r.type).sort()).toEqual(
        ['Appointment', 'AuditEvent', 'Patient', 'Practitioner', 'PractitionerRole', 'Schedule', 'Slot'].sort(),
      );
      const appointment = resources.find((r) => r.type === 'Appointment');
      expect(appointment?.interaction?.map((i) => i.code).sort()).toEqual(['create', 'read', 'search-type', 'update']);
      expect(appointment?.searchParam?.map((p) => p.name).sort()).toEqual([
        'date',
        'patient',
        'practitioner',
        'status',
      ]);
      // fhir-kit-client reads it too.
      const viaClient = await fhirClient(t).capabilityStatement();
      expect(viaClient.resourceType).toBe('CapabilityStatement');
    });

    it('is mentioned in the OpenAPI document', async () => {
      const res = await t.http.get('/api/docs/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toContain('/fhir/metadata');
      expect(Object.keys(res.body.paths).filter((p) => p.startsWith('/fhir/'))).toEqual(['/fhir/metadata']);
    });
  });

  describe('Practitioner, PractitionerRole, Schedule', () => {
    it('searches active doctors by name (accent- and case-insensitive) and _id; no login email for anyone', async () => {
      const asPatient = fhirClient(t, patient.session);
      const byName = await valid<Bundle<Practitioner>>(
        asPatient.search({ resourceType: 'Practitioner', searchParams: { name: 'AMELIE' } }),
      );
      expect(byName.type).toBe('searchset');
      expect(byName.total).toBe(1);
      const practitioner = entries<Practitioner>(byName)[0];
      expect(practitioner).toMatchObject({ id: doctor.doctorId, active: true });
      expect(practitioner.name?.[0]).toMatchObject({
        text: 'Dr. Amélie Nørgaard',
        family: 'Nørgaard',
        given: ['Amélie'],
        prefix: ['Dr.'],
      });
      const byFamily = await valid<Bundle>(
        asPatient.search({ resourceType: 'Practitioner', searchParams: { name: 'nørg' } }),
      );
      expect(byFamily.total).toBe(1);
      expect(practitioner.telecom).toBeUndefined();
      const staff = await valid<Practitioner>(
        fhirClient(t, admin).read({ resourceType: 'Practitioner', id: doctor.doctorId }),
      );
      expect(staff.telecom).toBeUndefined();
      const byId = await valid<Bundle>(
        asPatient.search({
          resourceType: 'Practitioner',
          searchParams: { _id: `${doctor.doctorId},${otherDoctor.doctorId}` },
        }),
      );
      expect(byId.total).toBe(2);
    });

    it('leaves out deactivated doctors (404 to read)', async () => {
      const gone = await createDoctor(t, { fullName: 'Dr. Gone Away' });
      const client = fhirClient(t, patient.session);
      const edit = (body: Record<string, unknown>) =>
        t.http.patch(`/api/v1/admin/doctors/${gone.doctorId}`).set('Authorization', admin.bearer).send(body);
      expect((await edit({ qualification: 'MD, PhD' })).status).toBe(200);
      const before = await valid<Bundle>(
        client.search({ resourceType: 'Practitioner', searchParams: { name: 'Gone' } }),
      );
      expect(before.total).toBe(1);
      expect((await edit({ active: false })).status).toBe(200);
      const found = await valid<Bundle>(
        client.search({ resourceType: 'Practitioner', searchParams: { name: 'Gone' } }),
      );
      expect(found.total).toBe(0);
      const res = await failure(client.read({ resourceType: 'Practitioner', id: gone.doctorId }));
      expect(res.status).toBe(404);
      expectValidR4(res.data);
      expect(res.data.resourceType).toBe('OperationOutcome');
      expect(res.data.issue?.[0].code).toBe('not-found');
    });

    it('finds PractitionerRoles by specialty code or name and by practitioner; one Schedule per doctor by actor', async () => {
      const client = fhirClient(t, patient.session);
      for (const specialty of [
        department.id,
        `urn:hms:specialization|${department.id}`,
        department.name.toUpperCase(),
      ]) {
        const roles = await valid<Bundle>(
          client.search({ resourceType: 'PractitionerRole', searchParams: { specialty } }),
        );
        expect(entries<{ id: string }>(roles).map((r) => r.id)).toEqual([doctor.doctorId]);
      }
      const byText = await valid<Bundle>(
        client.search({ resourceType: 'PractitionerRole', searchParams: { 'specialty:text': 'cardio' } }),
      );
      expect(entries<{ id: string }>(byText).map((r) => r.id)).toContain(doctor.doctorId);
      const byPractitioner = await valid<Bundle>(
        client.search({
          resourceType: 'PractitionerRole',
          searchParams: { practitioner: `Practitioner/${doctor.doctorId}` },
        }),
      );
      expect(entries<{ specialty: { text: string }[] }>(byPractitioner)[0].specialty[0].text).toBe(department.name);
      const schedules = await valid<Bundle>(
        client.search({ resourceType: 'Schedule', searchParams: { actor: `Practitioner/${doctor.doctorId}` } }),
      );
      expect(schedules.total).toBe(1);
      expect(entries<{ id: string; actor: { reference: string }[] }>(schedules)[0]).toMatchObject({
        id: doctor.doctorId,
        actor: [{ reference: `Practitioner/${doctor.doctorId}` }],
      });
      await valid(client.read({ resourceType: 'Schedule', id: doctor.doctorId }));
    });
  });

  describe('Slot', () => {
    it('equals the REST availability of the same doctor and days, free exactly where available', async () => {
      const taker = await createPatient(t);
      await book(t, taker, doctor, `${date}T10:00:00Z`);
      const rest = await t.http
        .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
        .set('Authorization', patient.session.bearer);
      expect(rest.status).toBe(200);
      const fhir = await slotsOf(fhirClient(t, patient.session), doctor, { start: [`ge${date}`, `le${date}`] });
      expect(fhir.total).toBe(rest.body.length);
      expect(
        entries<Slot>(fhir).map((s) => ({
          startsAt: new Date(s.start).toISOString(),
          endsAt: new Date(s.end).toISOString(),
          available: s.status === 'free',
        })),
      ).toEqual(
        (rest.body as { startsAt: string; endsAt: string; available: boolean }[]).map((s) => ({
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          available: s.available,
        })),
      );
      expect(entries<Slot>(fhir).filter((s) => s.status === 'busy')).toHaveLength(1);
      const free = await slotsOf(fhirClient(t, patient.session), doctor, { status: 'free' });
      expect(free.total).toBe(rest.body.length - 1);
    });

    it('reads a slot again by its id, with no stored slot', async () => {
      const client = fhirClient(t, patient.session);
      const first = entries<Slot>(await slotsOf(client, doctor))[0];
      const again = await valid<Slot>(client.read({ resourceType: 'Slot', id: first.id as string }));
      expect(again).toEqual(first);
      const unknown = await failure(client.read({ resourceType: 'Slot', id: `${doctor.doctorId}.12345` }));
      expect(unknown.status).toBe(404);
    });

    it('narrows by start with gt/lt on instants', async () => {
      const client = fhirClient(t, patient.session);
      const narrowed = await slotsOf(client, doctor, { start: [`gt${date}T09:30:00Z`, `lt${date}T11:00:00Z`] });
      expect(entries<Slot>(narrowed).map((s) => new Date(s.start).toISOString())).toEqual([
        `${date}T10:00:00.000Z`,
        `${date}T10:30:00.000Z`,
      ]);
    });

    it('pages through next links until the last page, total unchanged', async () => {
      const client = fhirClient(t, patient.session);
      const all = entries<Slot>(await slotsOf(client, doctor));
      let page = (await valid<Bundle>(
        client.search({ resourceType: 'Slot', searchParams: { schedule: `Schedule/${doctor.doctorId}`, _count: 2 } }),
      )) as Bundle | undefined;
      const seen: Slot[] = [];
      let pages = 0;
      while (page) {
        expectValidR4(page);
        expect(page.total).toBe(all.length);
        expect(page.link?.find((l) => l.relation === 'self')?.url).toMatch(/\/fhir\/Slot\?/);
        seen.push(...entries<Slot>(page));
        pages += 1;
        page = (await client.nextPage({ bundle: page as never })) as Bundle | undefined;
      }
      expect(pages).toBe(Math.ceil(all.length / 2));
      expect(seen).toEqual(all);
    });
  });

  describe('Appointment', () => {
    it('books a free Slot: 201 with Location, through the booking service (REST shows it, outbox records it)', async () => {
      const client = fhirClient(t, patient.session);
      const slot = entries<Slot>(await slotsOf(client, doctor, { status: 'free' }))[0];
      const created = await valid<Appointment>(
        client.create({
          resourceType: 'Appointment',
          body: createBody(slot.id as string, patient, doctor, 'Chest pain'),
        }),
      );
      const { response } = Client.httpFor(created as never);
      expect(response?.status).toBe(201);
      expect(response?.headers.get('location')).toBe(`${t.baseUrl}/fhir/Appointment/${created.id}`);
      expect(created).toMatchObject({ status: 'booked', description: 'Chest pain', start: slot.start, end: slot.end });
      expect(created.slot).toEqual([{ reference: `Slot/${slot.id}` }]);

      const rest = await t.http
        .get(`/api/v1/patient/appointments/${created.id}`)
        .set('Authorization', patient.session.bearer);
      expect(rest.status).toBe(200);
      expect(rest.body).toMatchObject({ status: 'booked', reason: 'Chest pain', doctor: { id: doctor.doctorId } });
      const outbox: { kind: string }[] = await t.dataSource.query(
        'SELECT kind FROM outbox_messages WHERE aggregate_id = $1',
        [created.id],
      );
      expect(outbox.map((o) => o.kind)).toEqual(['appointment.booked']);
      const reread = await valid<Slot>(client.read({ resourceType: 'Slot', id: slot.id as string }));
      expect(reread.status).toBe('busy');
      const read = await valid<Appointment>(client.read({ resourceType: 'Appointment', id: created.id as string }));
      expect(read).toEqual(JSON.parse(JSON.stringify(created)));
    });

    it('shows a REST booking through FHIR, searchable by patient, practitioner, date and status', async () => {
      const p = await createPatient(t);
      const booked = await book(t, p, otherDoctor, `${date}T09:30:00Z`);
      const client = fhirClient(t, p.session);
      const found = await valid<Bundle<Appointment>>(
        client.search({
          resourceType: 'Appointment',
          searchParams: {
            patient: `Patient/${p.patientId}`,
            practitioner: `Practitioner/${otherDoctor.doctorId}`,
            date: [`ge${date}`, `lt${date}T10:00:00Z`],
            status: 'booked',
          },
        }),
      );
      expect(found.total).toBe(1);
      expect(entries<Appointment>(found)[0]).toMatchObject({ id: booked.id, status: 'booked' });
      const none = await valid<Bundle>(
        client.search({ resourceType: 'Appointment', searchParams: { status: 'fulfilled' } }),
      );
      expect(none.total).toBe(0);
      const later = await valid<Bundle>(
        client.search({ resourceType: 'Appointment', searchParams: { date: `gt${date}T09:30:00Z` } }),
      );
      expect(later.total).toBe(0);
    });

    it('replays an Idempotency-Key retry and books nothing new', async () => {
      const p = await createPatient(t);
      const client = fhirClient(t, p.session);
      const slot = entries<Slot>(await slotsOf(client, doctor, { status: 'free' }))[0];
      const options = { headers: { 'Idempotency-Key': `fhir-${p.patientId}` } };
      const first = await client.create({
        resourceType: 'Appointment',
        body: createBody(slot.id as string, p, doctor),
        options,
      });
      const second = await client.create({
        resourceType: 'Appointment',
        body: createBody(slot.id as string, p, doctor),
        options,
      });
      expect(second.id).toBe(first.id);
      expect(Client.httpFor(second).response?.headers.get('idempotent-replayed')).toBe('true');
      const rows: unknown[] = await t.dataSource.query('SELECT id FROM appointments WHERE patient_id = $1', [
        p.patientId,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('gives exactly one 201 and nineteen 409 OperationOutcomes to 20 concurrent creates of one slot', async () => {
      const d = await createDoctor(t);
      await publishWindow(t, d, { date, startTime: '14:00', endTime: '15:00', slotMinutes: 30 });
      const slot = entries<Slot>(await slotsOf(fhirClient(t, patient.session), d))[0];
      const patients = await Promise.all(Array.from({ length: 20 }, () => createPatient(t)));
      const answers = await Promise.all(
        patients.map((p) =>
          fhirClient(t, p.session)
            .create({ resourceType: 'Appointment', body: createBody(slot.id as string, p, d) })
            .then(() => ({ status: 201, data: null as unknown }))
            .catch((e: { response: { status: number; data: unknown } }) => e.response),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      const conflicts = answers.filter((a) => a.status === 409);
      expect(conflicts).toHaveLength(19);
      for (const c of conflicts) {
        expectValidR4(c.data);
        expect(c.data).toMatchObject({
          resourceType: 'OperationOutcome',
          issue: [{ code: 'conflict', details: { coding: [{ system: 'urn:hms:problem', code: 'slot_taken' }] } }],
        });
      }
      const rows: unknown[] = await t.dataSource.query(
        `SELECT id FROM appointments WHERE doctor_id = $1 AND status = 'booked'`,
        [d.doctorId],
      );
      expect(rows).toHaveLength(1);
    });

    it('answers the booking rules as OperationOutcomes: 422 unaligned, 403 for someone else, 400 malformed, 401, 403 for staff', async () => {
      const client = fhirClient(t, patient.session);
      const epoch = Date.parse(`${date}T09:10:00Z`) / 1000;
      const unaligned = await failure(
        client.create({
          resourceType: 'Appointment',
          body: createBody(`${doctor.doctorId}.${epoch}`, patient, doctor),
        }),
      );
      expect(unaligned.status).toBe(422);
      expectValidR4(unaligned.data);
      expect(unaligned.data.issue?.[0]).toMatchObject({
        code: 'business-rule',
        details: { coding: [{ code: 'not_slot_start' }] },
      });

      const slot = entries<Slot>(await slotsOf(client, doctor, { status: 'free' }))[0];
      const forOther = await failure(
        client.create({ resourceType: 'Appointment', body: createBody(slot.id as string, stranger, doctor) }),
      );
      expect(forOther.status).toBe(403);
      expect(forOther.data.issue?.[0].code).toBe('forbidden');

      const wrongDoctor = await failure(
        client.create({ resourceType: 'Appointment', body: createBody(slot.id as string, patient, otherDoctor) }),
      );
      expect(wrongDoctor.status).toBe(422);

      const malformed = await failure(
        client.create({
          resourceType: 'Appointment',
          body: { resourceType: 'Appointment', status: 'booked' } as never,
        }),
      );
      expect(malformed.status).toBe(400);
      expectValidR4(malformed.data);
      expect(malformed.data.issue?.[0].code).toBe('invalid');

      const anonymous = await failure(fhirClient(t).search({ resourceType: 'Appointment' }));
      expect(anonymous.status).toBe(401);
      expect(anonymous.data.issue?.[0].code).toBe('login');

      const staff = await failure(
        fhirClient(t, doctor.session).create({
          resourceType: 'Appointment',
          body: createBody(slot.id as string, patient, doctor),
        }),
      );
      expect(staff.status).toBe(403);
      expectValidR4(staff.data);
    });

    it('holds every REST scoping rule: someone else’s Appointment is 404, searches see only their own', async () => {
      const owner = await createPatient(t);
      const booked = await book(t, owner, otherDoctor, `${date}T09:00:00Z`);
      const id = booked.id;
      for (const outsider of [stranger.session, doctor.session]) {
        const res = await failure(fhirClient(t, outsider).read({ resourceType: 'Appointment', id }));
        expect(res.status).toBe(404);
        expectValidR4(res.data);
      }
      const asStranger = await valid<Bundle>(
        fhirClient(t, stranger.session).search({
          resourceType: 'Appointment',
          searchParams: { patient: `Patient/${owner.patientId}` },
        }),
      );
      expect(asStranger.total).toBe(0);
      const asDoctor = await valid<Bundle<Appointment>>(
        fhirClient(t, otherDoctor.session).search({ resourceType: 'Appointment', searchParams: { _count: 100 } }),
      );
      expect(entries<Appointment>(asDoctor).map((a) => a.id)).toContain(id);
      for (const a of entries<Appointment>(asDoctor)) {
        expect(a.participant.map((p) => p.actor?.reference)).toContain(`Practitioner/${otherDoctor.doctorId}`);
      }
      await valid(fhirClient(t, admin).read({ resourceType: 'Appointment', id }));
    });

    it('pages appointment searches through next links, soonest first', async () => {
      const d = await createDoctor(t);
      await publishWindow(t, d, { date, startTime: '13:00', endTime: '14:30', slotMinutes: 30 });
      const p = await createPatient(t);
      const client = fhirClient(t, p.session);
      const ids: string[] = [];
      for (const slot of entries<Slot>(await slotsOf(client, d))) {
        const created = await client.create({ resourceType: 'Appointment', body: createBody(slot.id as string, p, d) });
        ids.push(created.id as string);
      }
      expect(ids).toHaveLength(3);
      let page = (await valid<Bundle>(
        client.search({
          resourceType: 'Appointment',
          searchParams: { practitioner: `Practitioner/${d.doctorId}`, _count: 1 },
        }),
      )) as Bundle | undefined;
      const seen: string[] = [];
      while (page) {
        expectValidR4(page);
        expect(page.total).toBe(3);
        seen.push(...entries<Appointment>(page).map((a) => a.id as string));
        page = (await client.nextPage({ bundle: page as never })) as Bundle | undefined;
      }
      expect(seen).toEqual(ids);
    });

    it('cancels with PUT status cancelled through the cancel service; any other change is 422', async () => {
      const p = await createPatient(t);
      const client = fhirClient(t, p.session);
      const slot = entries<Slot>(await slotsOf(client, doctor, { status: 'free' }))[0];
      const created = (await client.create({
        resourceType: 'Appointment',
        body: createBody(slot.id as string, p, doctor),
      })) as unknown as Appointment;

      const moved = await failure(
        client.update({
          resourceType: 'Appointment',
          id: created.id as string,
          body: { ...created, start: `${date}T11:30:00Z` } as never,
        }),
      );
      expect(moved.status).toBe(422);
      expectValidR4(moved.data);
      const arrived = await failure(
        client.update({
          resourceType: 'Appointment',
          id: created.id as string,
          body: { ...created, status: 'arrived' } as never,
        }),
      );
      expect(arrived.status).toBe(422);

      const cancelled = await valid<Appointment>(
        client.update({
          resourceType: 'Appointment',
          id: created.id as string,
          body: { ...created, status: 'cancelled' } as never,
        }),
      );
      expect(cancelled.status).toBe('cancelled');
      const rest = await t.http
        .get(`/api/v1/patient/appointments/${created.id}`)
        .set('Authorization', p.session.bearer);
      expect(rest.body.status).toBe('cancelled');
      const freeAgain = await valid<Slot>(client.read({ resourceType: 'Slot', id: slot.id as string }));
      expect(freeAgain.status).toBe('free');
      const someoneElse = await failure(
        fhirClient(t, stranger.session).update({
          resourceType: 'Appointment',
          id: created.id as string,
          body: { ...created, status: 'cancelled' } as never,
        }),
      );
      expect(someoneElse.status).toBe(404);
    });

    it('lets the doctor cancel with a reason; an admin may not cancel through FHIR', async () => {
      const p = await createPatient(t);
      const slot = entries<Slot>(await slotsOf(fhirClient(t, p.session), doctor, { status: 'free' }))[0];
      const created = (await fhirClient(t, p.session).create({
        resourceType: 'Appointment',
        body: createBody(slot.id as string, p, doctor),
      })) as unknown as Appointment;
      const body = { ...created, status: 'cancelled', cancelationReason: { text: 'Doctor unwell' } } as never;
      const byAdmin = await failure(
        fhirClient(t, admin).update({ resourceType: 'Appointment', id: created.id as string, body }),
      );
      expect(byAdmin.status).toBe(403);
      const byDoctor = await valid<Appointment>(
        fhirClient(t, doctor.session).update({ resourceType: 'Appointment', id: created.id as string, body }),
      );
      expect(byDoctor.status).toBe('cancelled');
      const rows: { cancelled_by: string; cancellation_reason: string }[] = await t.dataSource.query(
        'SELECT cancelled_by, cancellation_reason FROM appointments WHERE id = $1',
        [created.id],
      );
      expect(rows[0]).toEqual({ cancelled_by: 'doctor', cancellation_reason: 'Doctor unwell' });
    });
  });

  describe('Patient', () => {
    it('is read by the patient themself, a doctor in whose care they are, and an admin; by nobody else (404)', async () => {
      await book(t, patient, doctor, `${date}T11:30:00Z`);
      for (const reader of [patient.session, doctor.session, admin]) {
        const p = await valid<{ id: string; name: { text: string }[] }>(
          fhirClient(t, reader).read({ resourceType: 'Patient', id: patient.patientId }),
        );
        expect(p).toMatchObject({ id: patient.patientId, name: [{ text: 'Rita Fhirson' }] });
      }
      const careless = await createDoctor(t);
      for (const outsider of [stranger.session, careless.session]) {
        const res = await failure(fhirClient(t, outsider).read({ resourceType: 'Patient', id: patient.patientId }));
        expect(res.status).toBe(404);
        expectValidR4(res.data);
      }
    });
  });

  describe('errors', () => {
    it('answers OperationOutcome for unknown routes, bad search values and strict unknown parameters', async () => {
      const bearer = patient.session.bearer;
      const unknownType = await t.http.get('/fhir/Observation').set('Authorization', bearer);
      expect(unknownType.status).toBe(404);
      expect(unknownType.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expectValidR4(JSON.parse(unknownType.text));

      const deleteRoute = await t.http.delete(`/fhir/Appointment/${patient.patientId}`).set('Authorization', bearer);
      expect(deleteRoute.status).toBe(404);
      expect(JSON.parse(deleteRoute.text).resourceType).toBe('OperationOutcome');

      const badDate = await t.http.get('/fhir/Appointment?date=ge2026-13-45').set('Authorization', bearer);
      expect(badDate.status).toBe(400);
      expectValidR4(JSON.parse(badDate.text));

      const noSchedule = await t.http.get('/fhir/Slot').set('Authorization', bearer);
      expect(noSchedule.status).toBe(400);

      const lenient = await t.http.get('/fhir/Practitioner?colour=blue').set('Authorization', bearer);
      expect(lenient.status).toBe(200);
      expect(JSON.parse(lenient.text).link[0].url).not.toContain('colour');
      const strict = await t.http
        .get('/fhir/Practitioner?colour=blue')
        .set('Authorization', bearer)
        .set('Prefer', 'handling=strict');
      expect(strict.status).toBe(400);
      expectValidR4(JSON.parse(strict.text));

      const plainJson = await t.http
        .get('/fhir/Practitioner')
        .set('Authorization', bearer)
        .set('Accept', 'application/json');
      expect(plainJson.status).toBe(200);
      const xml = await t.http.get('/fhir/Practitioner?_format=xml').set('Authorization', bearer);
      expect(xml.status).toBe(406);
      expectValidR4(JSON.parse(xml.text));

      const tooMany = await t.http.get('/fhir/Practitioner?_count=1000').set('Authorization', bearer);
      expect(JSON.parse(tooMany.text).link[0].url).toContain('_count=100');

      const notJson = await t.http
        .post('/fhir/Appointment')
        .set('Authorization', bearer)
        .set('Content-Type', 'application/fhir+json')
        .send('{"resourceType": ');
      expect(notJson.status).toBe(400);
      expect(JSON.parse(notJson.text).resourceType).toBe('OperationOutcome');
    });
  });
});
