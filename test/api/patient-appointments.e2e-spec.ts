import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  createSpecialization,
  insertAppointment,
  publishWindow,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe('patient appointments', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (p: FixturePatient) => ({
    get: (path: string) => t.http.get(`/api/v1/patient${path}`).set('Authorization', p.session.bearer),
    post: (path: string, body: Record<string, unknown> = {}) =>
      t.http.post(`/api/v1/patient${path}`).set('Authorization', p.session.bearer).send(body),
  });

  const row = async (id: string) =>
    (
      (await t.dataSource.query(
        'SELECT status, starts_at, ends_at, sequence, cancelled_by FROM appointments WHERE id = $1',
        [id],
      )) as { status: string; starts_at: Date; ends_at: Date; sequence: number; cancelled_by: string | null }[]
    )[0];

  async function setup(days = 1): Promise<{ doctor: FixtureDoctor; date: string }> {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, days);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00' });
    return { doctor, date };
  }

  describe('cancel', () => {
    it('cancels an own booked appointment: 200, status cancelled, sequence raised, outbox message', async () => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const res = await as(patient).post(`/appointments/${a.id}/cancel`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: a.id, status: 'cancelled' });
      expect(await row(a.id)).toMatchObject({ status: 'cancelled', sequence: 1, cancelled_by: 'patient' });
      const kinds: { kind: string }[] = await t.dataSource.query(
        'SELECT kind FROM outbox_messages WHERE aggregate_id = $1 ORDER BY created_at',
        [a.id],
      );
      expect(kinds.map((k) => k.kind)).toEqual(['appointment.booked', 'appointment.cancelled']);
    });

    it('answers 409 for an appointment that is no longer booked (cancelled or completed)', async () => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const a = await book(t, patient, doctor, `${date}T09:30:00.000Z`);
      await as(patient).post(`/appointments/${a.id}/cancel`).expect(200);
      const again = await as(patient).post(`/appointments/${a.id}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'appointment_not_booked' });
      const completed = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 3 * 3600_000),
        status: 'completed',
      });
      const res = await as(patient).post(`/appointments/${completed}/cancel`);
      expect(res.status).toBe(409);
    });

    it('answers 409 once the appointment has started', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const started = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 10 * 60_000),
      });
      const res = await as(patient).post(`/appointments/${started}/cancel`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'appointment_started' });
      expect((await row(started)).status).toBe('booked');
    });
  });

  describe('reschedule', () => {
    it('moves the appointment to a free slot of the same doctor and raises its sequence', async () => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const res = await as(patient).post(`/appointments/${a.id}/reschedule`, { startsAt: `${date}T11:00:00.000Z` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: a.id,
        status: 'booked',
        startsAt: `${date}T11:00:00.000Z`,
        endsAt: `${date}T11:30:00.000Z`,
      });
      expect(await row(a.id)).toMatchObject({ sequence: 1 });
      const outbox: { payload: { previousStartsAt: string } }[] = await t.dataSource.query(
        `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 AND kind = 'appointment.rescheduled'`,
        [a.id],
      );
      expect(outbox[0].payload.previousStartsAt).toBe(`${date}T09:00:00.000Z`);
    });

    it('leaves the original booking intact when the new slot is taken (409, rolled back)', async () => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const other = await createPatient(t);
      const mine = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      await book(t, other, doctor, `${date}T10:00:00.000Z`);
      const res = await as(patient).post(`/appointments/${mine.id}/reschedule`, { startsAt: `${date}T10:00:00.000Z` });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'slot_taken' });
      const r = await row(mine.id);
      expect(r).toMatchObject({ status: 'booked', sequence: 0 });
      expect(new Date(r.starts_at).toISOString()).toBe(`${date}T09:00:00.000Z`);
      const outbox: unknown[] = await t.dataSource.query(
        `SELECT id FROM outbox_messages WHERE aggregate_id = $1 AND kind = 'appointment.rescheduled'`,
        [mine.id],
      );
      expect(outbox).toHaveLength(0);
    });

    it("is not blocked by the patient's own old slot when old and new overlap", async () => {
      const { doctor, date } = await setup(2);
      const patient = await createPatient(t);
      // An old booking at 09:10-09:40 (e.g. made under an earlier slot size) overlaps the new slot 09:30-10:00.
      const old = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(`${date}T09:10:00.000Z`),
        minutes: 30,
      });
      const res = await as(patient).post(`/appointments/${old}/reschedule`, { startsAt: `${date}T09:30:00.000Z` });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: old, startsAt: `${date}T09:30:00.000Z`, endsAt: `${date}T10:00:00.000Z` });
      const rows: unknown[] = await t.dataSource.query(
        `SELECT id FROM appointments WHERE patient_id = $1 AND status = 'booked'`,
        [patient.patientId],
      );
      expect(rows).toHaveLength(1);
    });

    it.each([
      ['outside availability', 'T13:00:00.000Z', 'outside_availability'],
      ['not on a slot start', 'T09:15:00.000Z', 'not_slot_start'],
    ])('answers 422 for a new time %s and keeps the booking', async (_l, time, code) => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const res = await as(patient).post(`/appointments/${a.id}/reschedule`, { startsAt: `${date}${time}` });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code });
      expect(await row(a.id)).toMatchObject({ status: 'booked', sequence: 0 });
    });

    it('answers 422 for a new time in the past or beyond the horizon', async () => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const past = await as(patient).post(`/appointments/${a.id}/reschedule`, {
        startsAt: `${clinicDate(t, -1)}T09:00:00.000Z`,
      });
      expect(past.status).toBe(422);
      expect(past.body).toMatchObject({ code: 'starts_in_past' });
      const late = await as(patient).post(`/appointments/${a.id}/reschedule`, {
        startsAt: `${clinicDate(t, 9)}T09:00:00.000Z`,
      });
      expect(late.status).toBe(422);
      expect(late.body).toMatchObject({ code: 'beyond_horizon' });
    });

    it('answers 409 for a cancelled or started appointment', async () => {
      const { doctor, date } = await setup();
      const patient = await createPatient(t);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      await as(patient).post(`/appointments/${a.id}/cancel`).expect(200);
      const cancelled = await as(patient).post(`/appointments/${a.id}/reschedule`, {
        startsAt: `${date}T10:00:00.000Z`,
      });
      expect(cancelled.status).toBe(409);
      const started = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 5 * 60_000),
      });
      const res = await as(patient).post(`/appointments/${started}/reschedule`, { startsAt: `${date}T10:00:00.000Z` });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'appointment_started' });
    });
  });

  describe("someone else's appointment answers 404", () => {
    it('for GET, cancel and reschedule, and changes nothing', async () => {
      const { doctor, date } = await setup();
      const owner = await createPatient(t);
      const intruder = await createPatient(t);
      const a = await book(t, owner, doctor, `${date}T09:00:00.000Z`);
      expect((await as(intruder).get(`/appointments/${a.id}`)).status).toBe(404);
      expect((await as(intruder).post(`/appointments/${a.id}/cancel`)).status).toBe(404);
      const moved = await as(intruder).post(`/appointments/${a.id}/reschedule`, { startsAt: `${date}T10:00:00.000Z` });
      expect(moved.status).toBe(404);
      expect(await row(a.id)).toMatchObject({ status: 'booked', sequence: 0 });
      expect((await as(owner).get(`/appointments/${a.id}`)).status).toBe(200);
    });
  });

  describe('lists', () => {
    it('lists own upcoming (soonest first) and past (latest first) appointments, paginated', async () => {
      const { doctor, date } = await setup(3);
      const patient = await createPatient(t);
      const stranger = await createPatient(t);
      const later = await book(t, patient, doctor, `${date}T11:00:00.000Z`);
      const sooner = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      await book(t, stranger, doctor, `${date}T10:00:00.000Z`);
      const old1 = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 48 * 3600_000),
        status: 'completed',
      });
      const old2 = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 24 * 3600_000),
        status: 'completed',
      });
      const upcoming = await as(patient).get('/appointments?scope=upcoming');
      expect(upcoming.status).toBe(200);
      expect(upcoming.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      expect(upcoming.body.items.map((a: { id: string }) => a.id)).toEqual([sooner.id, later.id]);
      const past = await as(patient).get('/appointments?scope=past');
      expect(past.body.items.map((a: { id: string }) => a.id)).toEqual([old2, old1]);
      expect(past.body.items[0].treatment).toMatchObject({ diagnosis: 'Seeded diagnosis', appointmentId: old2 });
      const paged = await as(patient).get('/appointments?pageSize=1&page=2');
      expect(paged.body).toMatchObject({ total: 4, page: 2, pageSize: 1 });
      expect(paged.body.items).toHaveLength(1);
    });

    it('lists own treatments (completed appointments) latest first, nobody else’s', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const other = await createPatient(t);
      const older = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 72 * 3600_000),
        status: 'completed',
      });
      const newer = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 24 * 3600_000),
        status: 'completed',
      });
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 30 * 3600_000),
        status: 'cancelled',
      });
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: other.patientId,
        startsAt: new Date(Date.now() - 24 * 3600_000),
        status: 'completed',
      });
      const res = await as(patient).get('/treatments');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([newer, older]);
      expect(res.body.items[0].treatment).toMatchObject({ diagnosis: 'Seeded diagnosis' });
    });

    it('answers 400 for an unknown scope', async () => {
      const patient = await createPatient(t);
      expect((await as(patient).get('/appointments?scope=tomorrow')).status).toBe(400);
    });
  });

  describe('dashboard', () => {
    it('shows upcoming appointments, the past count and departments with active doctors', async () => {
      const spec = await createSpecialization(t, `Cardiology ${Date.now()}`);
      const doctor = await createDoctor(t, { specializationId: spec.id });
      const date = clinicDate(t, 1);
      await publishWindow(t, doctor, { date, startTime: '15:00', endTime: '16:00' });
      const patient = await createPatient(t);
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 24 * 3600_000),
        status: 'completed',
      });
      const res = await as(patient).get('/dashboard');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ upcoming: [], past: 1 });
      expect(res.body.specializations).toContainEqual(
        expect.objectContaining({ id: spec.id, name: spec.name, doctorCount: 1 }),
      );
    });

    it('shows a new booking on the very next read (cache dropped by the booking)', async () => {
      const { doctor, date } = await setup(2);
      const patient = await createPatient(t);
      const before = await as(patient).get('/dashboard');
      expect(before.body.upcoming).toEqual([]);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const after = await as(patient).get('/dashboard');
      expect(after.body.upcoming.map((x: { id: string }) => x.id)).toEqual([a.id]);
      await as(patient).post(`/appointments/${a.id}/cancel`).expect(200);
      const cancelled = await as(patient).get('/dashboard');
      expect(cancelled.body.upcoming).toEqual([]);
    });

    it("keeps one patient's dashboard from another", async () => {
      const { doctor, date } = await setup(2);
      const a = await createPatient(t);
      const b = await createPatient(t);
      await as(a).get('/dashboard');
      await as(b).get('/dashboard');
      await book(t, a, doctor, `${date}T10:00:00.000Z`);
      expect((await as(a).get('/dashboard')).body.upcoming).toHaveLength(1);
      expect((await as(b).get('/dashboard')).body.upcoming).toHaveLength(0);
    });
  });
});
