import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  deactivateUser,
  insertAppointment,
  publishWindow,
  type FixtureDoctor,
} from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

interface SlotBody {
  startsAt: string;
  endsAt: string;
  available: boolean;
}

describe('availability windows and slots', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const publish = (doctor: FixtureDoctor, body: Record<string, unknown>) =>
    t.http.post('/api/v1/doctor/availability').set('Authorization', doctor.session.bearer).send(body);

  describe('POST /doctor/availability', () => {
    it('publishes a window with 201, default 30-minute slots and its instants', async () => {
      const doctor = await createDoctor(t);
      const date = clinicDate(t, 1);
      const res = await publish(doctor, { date, startTime: '09:00', endTime: '12:00' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        date,
        startTime: '09:00',
        endTime: '12:00',
        slotMinutes: 30,
        startsAt: `${date}T09:00:00.000Z`,
        endsAt: `${date}T12:00:00.000Z`,
      });
      const list = await t.http.get('/api/v1/doctor/availability').set('Authorization', doctor.session.bearer);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([expect.objectContaining({ id: res.body.id, date })]);
    });

    it('answers 409 naming the clash when a window overlaps an own window', async () => {
      const doctor = await createDoctor(t);
      const date = clinicDate(t, 2);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00' });
      const res = await publish(doctor, { date, startTime: '11:00', endTime: '13:00' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'window_overlap' });
      expect(res.body.detail).toContain('09:00–12:00');
    });

    it('lets two doctors publish the same hours and one doctor publish back-to-back windows', async () => {
      const a = await createDoctor(t);
      const b = await createDoctor(t);
      const date = clinicDate(t, 2);
      expect((await publish(a, { date, startTime: '09:00', endTime: '10:00' })).status).toBe(201);
      expect((await publish(b, { date, startTime: '09:00', endTime: '10:00' })).status).toBe(201);
      expect((await publish(a, { date, startTime: '10:00', endTime: '11:00' })).status).toBe(201);
    });

    it('answers 422 for a date outside today..today+horizon', async () => {
      const doctor = await createDoctor(t);
      const late = await publish(doctor, { date: clinicDate(t, 8), startTime: '09:00', endTime: '10:00' });
      expect(late.status).toBe(422);
      expect(late.body).toMatchObject({ code: 'date_outside_horizon' });
      const past = await publish(doctor, { date: clinicDate(t, -1), startTime: '09:00', endTime: '10:00' });
      expect(past.status).toBe(422);
      expect(past.body.errors).toContainEqual(expect.objectContaining({ field: 'date' }));
    });

    it('answers 422 with a field error when slotMinutes does not divide the window', async () => {
      const doctor = await createDoctor(t);
      const res = await publish(doctor, {
        date: clinicDate(t, 1),
        startTime: '09:00',
        endTime: '10:00',
        slotMinutes: 25,
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'slot_does_not_divide_window' });
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'slotMinutes' }));
    });

    it('answers 422 when the window does not end after it starts', async () => {
      const doctor = await createDoctor(t);
      const res = await publish(doctor, { date: clinicDate(t, 1), startTime: '10:00', endTime: '10:00' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'window_order' });
    });

    it('answers 400 listing every malformed field (bad date, time, slot size, unknown property)', async () => {
      const doctor = await createDoctor(t);
      const res = await publish(doctor, {
        date: '2026-02-30',
        startTime: '9:00',
        endTime: '24:00',
        slotMinutes: 4,
        room: 'A',
      });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['date', 'startTime', 'endTime', 'slotMinutes', 'room']));
    });

    it('is refused to a patient with 403', async () => {
      const patient = await createPatient(t);
      const res = await t.http
        .post('/api/v1/doctor/availability')
        .set('Authorization', patient.session.bearer)
        .send({ date: clinicDate(t, 1), startTime: '09:00', endTime: '10:00' });
      expect(res.status).toBe(403);
    });
  });

  describe('DELETE /doctor/availability/:id', () => {
    it('removes an own window with 204', async () => {
      const doctor = await createDoctor(t);
      const w = await publishWindow(t, doctor, { date: clinicDate(t, 3), startTime: '09:00', endTime: '10:00' });
      const res = await t.http
        .delete(`/api/v1/doctor/availability/${w.id}`)
        .set('Authorization', doctor.session.bearer);
      expect(res.status).toBe(204);
      const rows: unknown[] = await t.dataSource.query('SELECT id FROM availability_windows WHERE id = $1', [w.id]);
      expect(rows).toHaveLength(0);
    });

    it('answers 409 while a booked appointment lies inside, and 204 once it is cancelled', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const date = clinicDate(t, 3);
      const w = await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '10:00' });
      const a = await book(t, patient, doctor, `${date}T09:30:00.000Z`);
      const refused = await t.http
        .delete(`/api/v1/doctor/availability/${w.id}`)
        .set('Authorization', doctor.session.bearer);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'window_has_bookings' });
      await t.http
        .post(`/api/v1/patient/appointments/${a.id}/cancel`)
        .set('Authorization', patient.session.bearer)
        .expect(200);
      const res = await t.http
        .delete(`/api/v1/doctor/availability/${w.id}`)
        .set('Authorization', doctor.session.bearer);
      expect(res.status).toBe(204);
    });

    it("answers 404 for another doctor's window", async () => {
      const owner = await createDoctor(t);
      const other = await createDoctor(t);
      const w = await publishWindow(t, owner, { date: clinicDate(t, 3), startTime: '09:00', endTime: '10:00' });
      const res = await t.http.delete(`/api/v1/doctor/availability/${w.id}`).set('Authorization', other.session.bearer);
      expect(res.status).toBe(404);
    });
  });

  describe('GET /patient/doctors/:id/availability', () => {
    it('lists the slots of the windows, a booked one marked unavailable', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const date = clinicDate(t, 1);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '11:00', slotMinutes: 30 });
      await book(t, patient, doctor, `${date}T09:30:00.000Z`);
      const res = await t.http
        .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability`)
        .set('Authorization', patient.session.bearer);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { startsAt: `${date}T09:00:00.000Z`, endsAt: `${date}T09:30:00.000Z`, available: true },
        { startsAt: `${date}T09:30:00.000Z`, endsAt: `${date}T10:00:00.000Z`, available: false },
        { startsAt: `${date}T10:00:00.000Z`, endsAt: `${date}T10:30:00.000Z`, available: true },
        { startsAt: `${date}T10:30:00.000Z`, endsAt: `${date}T11:00:00.000Z`, available: true },
      ]);
    });

    it('never offers a slot that already started', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const today = clinicDate(t, 0);
      await publishWindow(t, doctor, { date: today, startTime: '00:00', endTime: '23:30', slotMinutes: 30 });
      const before = Date.now();
      const res = await t.http
        .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${today}&to=${today}`)
        .set('Authorization', patient.session.bearer);
      expect(res.status).toBe(200);
      const starts = (res.body as SlotBody[]).map((s) => Date.parse(s.startsAt));
      expect(starts.every((s) => s > before - 1000)).toBe(true);
      const dayStart = Date.parse(`${today}T00:00:00.000Z`);
      const expected = Array.from({ length: 47 }, (_, i) => dayStart + i * 30 * 60_000).filter((s) => s > before);
      expect(starts.filter((s) => s > before)).toEqual(expected);
    });

    it('shows a slot as free again after the booking is cancelled (not served stale)', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const date = clinicDate(t, 2);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '09:30' });
      const slots = () =>
        t.http
          .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
          .set('Authorization', patient.session.bearer);
      expect((await slots()).body).toEqual([expect.objectContaining({ available: true })]);
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      expect((await slots()).body).toEqual([expect.objectContaining({ available: false })]);
      await t.http
        .post(`/api/v1/patient/appointments/${a.id}/cancel`)
        .set('Authorization', patient.session.bearer)
        .expect(200);
      expect((await slots()).body).toEqual([expect.objectContaining({ available: true })]);
    });

    it('answers 404 for an unknown, deactivated or removed doctor', async () => {
      const patient = await createPatient(t);
      const unknown = await t.http
        .get('/api/v1/patient/doctors/00000000-0000-4000-8000-000000000000/availability')
        .set('Authorization', patient.session.bearer);
      expect(unknown.status).toBe(404);
      const inactive = await createDoctor(t);
      await deactivateUser(t, inactive.userId);
      const r1 = await t.http
        .get(`/api/v1/patient/doctors/${inactive.doctorId}/availability`)
        .set('Authorization', patient.session.bearer);
      expect(r1.status).toBe(404);
      const removed = await createDoctor(t);
      await t.dataSource.query('UPDATE doctors SET removed_at = now() WHERE id = $1', [removed.doctorId]);
      const r2 = await t.http
        .get(`/api/v1/patient/doctors/${removed.doctorId}/availability`)
        .set('Authorization', patient.session.bearer);
      expect(r2.status).toBe(404);
    });

    it('answers 400 when from is after to', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const res = await t.http
        .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${clinicDate(t, 3)}&to=${clinicDate(t, 1)}`)
        .set('Authorization', patient.session.bearer);
      expect(res.status).toBe(400);
    });

    it('excludes slots held by booked appointments inserted directly, but not cancelled ones', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const date = clinicDate(t, 4);
      await publishWindow(t, doctor, { date, startTime: '14:00', endTime: '15:00', slotMinutes: 20 });
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(`${date}T14:20:00.000Z`),
        minutes: 20,
      });
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(`${date}T14:40:00.000Z`),
        minutes: 20,
        status: 'cancelled',
      });
      const res = await t.http
        .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
        .set('Authorization', patient.session.bearer);
      expect((res.body as SlotBody[]).map((s) => s.available)).toEqual([true, false, true]);
    });
  });
});
