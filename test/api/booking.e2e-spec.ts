import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  deactivateUser,
  publishWindow,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { loginAdmin } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

describe('booking', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (patient: FixturePatient, body: Record<string, unknown>, key?: string) => {
    const req = t.http.post('/api/v1/patient/appointments').set('Authorization', patient.session.bearer);
    if (key !== undefined) void req.set('Idempotency-Key', key);
    return req.send(body);
  };

  const bookedRows = async (doctorId: string): Promise<{ id: string; patient_id: string }[]> =>
    t.dataSource.query(`SELECT id, patient_id FROM appointments WHERE doctor_id = $1 AND status = 'booked'`, [
      doctorId,
    ]);

  async function doctorWithWindow(days = 1, startTime = '09:00', endTime = '12:00', slotMinutes = 30) {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, days);
    await publishWindow(t, doctor, { date, startTime, endTime, slotMinutes });
    return { doctor, date };
  }

  it('books a slot with 201, the Appointment shape, endsAt from the slot size and an outbox message', async () => {
    const { doctor, date } = await doctorWithWindow(1, '09:00', '12:00', 20);
    const patient = await createPatient(t, { fullName: 'Rita Booker' });
    const res = await post(patient, { doctorId: doctor.doctorId, startsAt: `${date}T09:40:00Z`, reason: ' Cough ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      doctor: { id: doctor.doctorId, fullName: doctor.fullName, specialization: expect.any(String) },
      patient: { id: patient.patientId, fullName: 'Rita Booker' },
      startsAt: `${date}T09:40:00.000Z`,
      endsAt: `${date}T10:00:00.000Z`,
      status: 'booked',
      reason: 'Cough',
      treatment: null,
      createdAt: expect.any(String),
    });
    const outbox: { kind: string }[] = await t.dataSource.query(
      'SELECT kind FROM outbox_messages WHERE aggregate_id = $1',
      [res.body.id],
    );
    expect(outbox.map((o) => o.kind)).toEqual(['appointment.booked']);
  });

  it('accepts a start written with an offset for the same instant', async () => {
    const { doctor, date } = await doctorWithWindow(2);
    const patient = await createPatient(t);
    const res = await post(patient, { doctorId: doctor.doctorId, startsAt: `${date}T11:00:00+02:00` });
    expect(res.status).toBe(201);
    expect(res.body.startsAt).toBe(`${date}T09:00:00.000Z`);
  });

  describe('concurrency (the database constraints decide)', () => {
    it('gives exactly one 201 and 49 409 problems to 50 patients booking one slot at once', async () => {
      const { doctor, date } = await doctorWithWindow(3);
      const patients = await Promise.all(Array.from({ length: 50 }, () => createPatient(t)));
      const startsAt = `${date}T10:00:00.000Z`;
      const answers = await Promise.all(patients.map((p) => post(p, { doctorId: doctor.doctorId, startsAt })));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      for (const r of answers.filter((a) => a.status === 409)) {
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.body).toMatchObject({ status: 409, code: 'slot_taken' });
      }
      const rows = await bookedRows(doctor.doctorId);
      expect(rows).toHaveLength(1);
      const winner = answers.find((a) => a.status === 201)!;
      expect(rows[0].id).toBe(winner.body.id);
    });

    it('gives exactly one 201 when one patient books 20 doctors at the same time', async () => {
      const date = clinicDate(t, 3);
      const doctors = await Promise.all(Array.from({ length: 20 }, () => createDoctor(t)));
      for (const d of doctors) await publishWindow(t, d, { date, startTime: '14:00', endTime: '15:00' });
      const patient = await createPatient(t);
      const answers = await Promise.all(
        doctors.map((d) => post(patient, { doctorId: d.doctorId, startsAt: `${date}T14:00:00.000Z` })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      const conflicts = answers.filter((a) => a.status === 409);
      expect(conflicts).toHaveLength(19);
      for (const r of conflicts) expect(r.body).toMatchObject({ code: 'patient_overlap' });
      const rows: unknown[] = await t.dataSource.query(
        `SELECT id FROM appointments WHERE patient_id = $1 AND status = 'booked'`,
        [patient.patientId],
      );
      expect(rows).toHaveLength(1);
    });

    it('leaves no booked future appointment when the doctor is deactivated while patients book', async () => {
      const { doctor, date } = await doctorWithWindow(3, '13:00', '18:00', 30);
      const admin = await loginAdmin(t.http);
      const patients = await Promise.all(Array.from({ length: 10 }, () => createPatient(t)));
      const times = Array.from(
        { length: 10 },
        (_, i) => new Date(Date.parse(`${date}T13:00:00.000Z`) + i * 30 * 60_000),
      );
      const [deactivation, ...answers] = await Promise.all([
        t.http
          .patch(`/api/v1/admin/doctors/${doctor.doctorId}`)
          .set('Authorization', admin.bearer)
          .send({ active: false }),
        ...patients.map((p, i) => post(p, { doctorId: doctor.doctorId, startsAt: times[i].toISOString() })),
      ]);
      expect(deactivation.status).toBe(200);
      for (const a of answers) expect([201, 422]).toContain(a.status);
      expect(await bookedRows(doctor.doctorId)).toHaveLength(0);
    });
  });

  describe('rules', () => {
    let doctor: FixtureDoctor;
    let date: string;
    let patient: FixturePatient;

    beforeAll(async () => {
      ({ doctor, date } = await doctorWithWindow(2, '09:00', '12:00', 30));
      patient = await createPatient(t);
    });

    it('answers 409 patient_overlap when the patient already holds an overlapping appointment', async () => {
      const other = await doctorWithWindow(2, '08:00', '13:00', 60);
      await book(t, patient, other.doctor, `${date}T11:00:00.000Z`);
      const res = await post(patient, { doctorId: doctor.doctorId, startsAt: `${date}T11:30:00.000Z` });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'patient_overlap' });
    });

    it.each([
      ['outside the published availability', 'T13:00:00.000Z', 'outside_availability'],
      ['not aligned to a slot start', 'T09:10:00.000Z', 'not_slot_start'],
    ])('answers 422 for a time %s', async (_label, time, code) => {
      const res = await post(patient, { doctorId: doctor.doctorId, startsAt: `${date}${time}` });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code });
    });

    it('answers 422 starts_in_past for a start in the past', async () => {
      const res = await post(patient, { doctorId: doctor.doctorId, startsAt: `${clinicDate(t, -1)}T09:00:00.000Z` });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'starts_in_past' });
    });

    it('answers 422 beyond_horizon for a start after today + horizon', async () => {
      const res = await post(patient, { doctorId: doctor.doctorId, startsAt: `${clinicDate(t, 8)}T09:00:00.000Z` });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'beyond_horizon' });
    });

    it('answers 422 doctor_inactive for a deactivated or removed doctor, even inside a published window', async () => {
      const gone = await doctorWithWindow(2);
      await deactivateUser(t, gone.doctor.userId);
      const r1 = await post(patient, { doctorId: gone.doctor.doctorId, startsAt: `${gone.date}T09:00:00.000Z` });
      expect(r1.status).toBe(422);
      expect(r1.body).toMatchObject({ code: 'doctor_inactive' });
      const removed = await doctorWithWindow(2);
      await t.dataSource.query('UPDATE doctors SET removed_at = now() WHERE id = $1', [removed.doctor.doctorId]);
      const r2 = await post(patient, { doctorId: removed.doctor.doctorId, startsAt: `${removed.date}T09:00:00.000Z` });
      expect(r2.status).toBe(422);
      expect(r2.body).toMatchObject({ code: 'doctor_inactive' });
    });

    it('answers 404 for an unknown doctor', async () => {
      const res = await post(patient, {
        doctorId: '00000000-0000-4000-8000-000000000000',
        startsAt: `${date}T09:00:00.000Z`,
      });
      expect(res.status).toBe(404);
    });

    it('refuses a blacklisted patient and books nothing', async () => {
      const banned = await createPatient(t);
      await deactivateUser(t, banned.userId);
      const res = await post(banned, { doctorId: doctor.doctorId, startsAt: `${date}T09:30:00.000Z` });
      expect([401, 403]).toContain(res.status);
      const rows: unknown[] = await t.dataSource.query('SELECT id FROM appointments WHERE patient_id = $1', [
        banned.patientId,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('answers 400 listing malformed fields (no offset, bad uuid, unknown property)', async () => {
      const res = await post(patient, { doctorId: 'nope', startsAt: `${date}T09:00:00`, status: 'completed' });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['doctorId', 'startsAt', 'status']));
    });

    it('is refused to a doctor with 403', async () => {
      const res = await t.http
        .post('/api/v1/patient/appointments')
        .set('Authorization', doctor.session.bearer)
        .send({ doctorId: doctor.doctorId, startsAt: `${date}T09:00:00.000Z` });
      expect(res.status).toBe(403);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, and books nothing new', async () => {
      const { doctor, date } = await doctorWithWindow(4);
      const patient = await createPatient(t);
      const body = { doctorId: doctor.doctorId, startsAt: `${date}T09:00:00.000Z`, reason: 'Checkup' };
      const first = await post(patient, body, 'key-replay-1');
      expect(first.status).toBe(201);
      const again = await post(patient, body, 'key-replay-1');
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await bookedRows(doctor.doctorId)).toHaveLength(1);
    });

    it('answers 422 when the same key comes with another body', async () => {
      const { doctor, date } = await doctorWithWindow(4);
      const patient = await createPatient(t);
      const first = await post(patient, { doctorId: doctor.doctorId, startsAt: `${date}T09:00:00.000Z` }, 'key-2');
      expect(first.status).toBe(201);
      const other = await post(patient, { doctorId: doctor.doctorId, startsAt: `${date}T10:00:00.000Z` }, 'key-2');
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ code: 'idempotency_key_reused' });
      expect(await bookedRows(doctor.doctorId)).toHaveLength(1);
    });

    it('books once for concurrent requests with the same key, all answering the same appointment', async () => {
      const { doctor, date } = await doctorWithWindow(5);
      const patient = await createPatient(t);
      const body = { doctorId: doctor.doctorId, startsAt: `${date}T11:00:00.000Z` };
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(patient, body, 'same-key-concurrent')));
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 201));
      expect(new Set(answers.map((a) => a.body.id as string)).size).toBe(1);
      expect(await bookedRows(doctor.doctorId)).toHaveLength(1);
    });

    it('keeps keys per patient: another patient may use the same key', async () => {
      const { doctor, date } = await doctorWithWindow(5, '13:00', '14:00');
      const a = await createPatient(t);
      const b = await createPatient(t);
      expect((await post(a, { doctorId: doctor.doctorId, startsAt: `${date}T13:00:00.000Z` }, 'shared')).status).toBe(
        201,
      );
      expect((await post(b, { doctorId: doctor.doctorId, startsAt: `${date}T13:30:00.000Z` }, 'shared')).status).toBe(
        201,
      );
      expect(await bookedRows(doctor.doctorId)).toHaveLength(2);
    });

    it('lets a key whose first attempt failed be used again (only a success is remembered)', async () => {
      const { doctor, date } = await doctorWithWindow(6);
      const holder = await createPatient(t);
      const patient = await createPatient(t);
      const held = await book(t, holder, doctor, `${date}T09:00:00.000Z`);
      const body = { doctorId: doctor.doctorId, startsAt: `${date}T09:00:00.000Z` };
      expect((await post(patient, body, 'retry-key')).status).toBe(409);
      await t.http
        .post(`/api/v1/patient/appointments/${held.id}/cancel`)
        .set('Authorization', holder.session.bearer)
        .expect(200);
      expect((await post(patient, body, 'retry-key')).status).toBe(201);
    });

    it('answers 400 for a malformed key', async () => {
      const { doctor, date } = await doctorWithWindow(6, '13:00', '14:00');
      const patient = await createPatient(t);
      const res = await post(
        patient,
        { doctorId: doctor.doctorId, startsAt: `${date}T13:00:00.000Z` },
        'x'.repeat(201),
      );
      expect(res.status).toBe(400);
    });
  });

  describe('MAX_UPCOMING_BOOKINGS (default 5)', () => {
    it('refuses a sixth upcoming booking with 422, even when all are sent at once; reschedule and cancel keep the count right', async () => {
      const { doctor, date } = await doctorWithWindow(4, '08:00', '13:00', 30);
      const patient = await createPatient(t);
      const starts = Array.from({ length: 8 }, (_, i) => {
        const minutes = 8 * 60 + i * 30;
        return `${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${minutes % 60 === 0 ? '00' : '30'}:00.000Z`;
      });
      const answers = await Promise.all(
        starts.map((startsAt) => post(patient, { doctorId: doctor.doctorId, startsAt })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      const refused = answers.filter((r) => r.status !== 201);
      expect(refused).toHaveLength(3);
      for (const r of refused) {
        expect(r.status).toBe(422);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.body.code).toBe('too_many_upcoming_bookings');
      }
      const mine: { n: string }[] = await t.dataSource.query(
        `SELECT count(*) AS n FROM appointments WHERE patient_id = $1 AND status = 'booked'`,
        [patient.patientId],
      );
      expect(Number(mine[0].n)).toBe(5);

      // Rescheduling one of the five is not a new booking.
      const booked = answers.filter((r) => r.status === 201).map((r) => r.body as { id: string; startsAt: string });
      const taken = new Set(booked.map((b) => b.startsAt));
      const free = starts.filter((s) => !taken.has(s));
      const moved = await t.http
        .post(`/api/v1/patient/appointments/${booked[0].id}/reschedule`)
        .set('Authorization', patient.session.bearer)
        .send({ startsAt: free[0] });
      expect(moved.status).toBe(200);

      // Once one is cancelled there is room for one more, and only one.
      const cancelled = await t.http
        .post(`/api/v1/patient/appointments/${booked[1].id}/cancel`)
        .set('Authorization', patient.session.bearer)
        .send({});
      expect(cancelled.status).toBe(200);
      expect((await post(patient, { doctorId: doctor.doctorId, startsAt: free[1] })).status).toBe(201);
      expect((await post(patient, { doctorId: doctor.doctorId, startsAt: free[2] })).status).toBe(422);

      // Past appointments that stayed booked do not count.
      await t.dataSource.query(
        `UPDATE appointments SET starts_at = starts_at - interval '30 days', ends_at = ends_at - interval '30 days'
         WHERE id = $1`,
        [booked[2].id],
      );
      expect((await post(patient, { doctorId: doctor.doctorId, startsAt: free[2] })).status).toBe(201);
    });
  });
});
