import { clinicToday, clinicWeekRange } from '../../apps/api/src/common/time/clinic-time';
import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  insertAppointment,
  publishWindow,
  type FixtureDoctor,
} from '../support/clinic-fixtures';
import { loginAdmin } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const HOUR = 3600_000;

describe('doctor face', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (d: FixtureDoctor) => ({
    get: (path: string) => t.http.get(`/api/v1/doctor${path}`).set('Authorization', d.session.bearer),
    post: (path: string, body: Record<string, unknown> = {}) =>
      t.http.post(`/api/v1/doctor${path}`).set('Authorization', d.session.bearer).send(body),
    put: (path: string, body: Record<string, unknown> = {}) =>
      t.http.put(`/api/v1/doctor${path}`).set('Authorization', d.session.bearer).send(body),
  });

  const statusOf = async (id: string): Promise<string> =>
    ((await t.dataSource.query('SELECT status FROM appointments WHERE id = $1', [id])) as { status: string }[])[0]
      .status;

  describe('complete', () => {
    it('completes an own booked appointment of today with its treatment (200)', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 60_000),
      });
      const res = await as(doctor).post(`/appointments/${id}/complete`, {
        diagnosis: 'Migraine',
        prescription: 'Ibuprofen',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        status: 'completed',
        treatment: { appointmentId: id, diagnosis: 'Migraine', prescription: 'Ibuprofen', notes: '' },
      });
      expect(await statusOf(id)).toBe('completed');
    });

    it('answers 409 for a cancelled appointment and for one before its clinic date', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const cancelled = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - HOUR),
        status: 'cancelled',
      });
      const r1 = await as(doctor).post(`/appointments/${cancelled}/complete`, { diagnosis: 'x' });
      expect(r1.status).toBe(409);
      expect(r1.body).toMatchObject({ code: 'appointment_not_booked' });
      const date = clinicDate(t, 2);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '10:00' });
      const future = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const r2 = await as(doctor).post(`/appointments/${future.id}/complete`, { diagnosis: 'x' });
      expect(r2.status).toBe(409);
      expect(r2.body).toMatchObject({ code: 'appointment_not_due' });
      expect(await statusOf(future.id)).toBe('booked');
      const treatments: unknown[] = await t.dataSource.query('SELECT id FROM treatments WHERE appointment_id = $1', [
        future.id,
      ]);
      expect(treatments).toHaveLength(0);
    });

    it('answers 409 when completing twice', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 2 * HOUR),
      });
      await as(doctor).post(`/appointments/${id}/complete`, { diagnosis: 'Flu' }).expect(200);
      const again = await as(doctor).post(`/appointments/${id}/complete`, { diagnosis: 'Flu' });
      expect(again.status).toBe(409);
    });

    it('answers 400 without a diagnosis', async () => {
      const doctor = await createDoctor(t);
      const res = await as(doctor).post('/appointments/00000000-0000-4000-8000-000000000000/complete', {
        diagnosis: '   ',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'diagnosis' }));
    });
  });

  describe('cancel', () => {
    it('cancels an own booked appointment with a reason; the slot is free again', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const date = clinicDate(t, 1);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '09:30' });
      const a = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
      const res = await as(doctor).post(`/appointments/${a.id}/cancel`, { reason: 'Conference' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled' });
      const rows: { cancelled_by: string; cancellation_reason: string }[] = await t.dataSource.query(
        'SELECT cancelled_by, cancellation_reason FROM appointments WHERE id = $1',
        [a.id],
      );
      expect(rows[0]).toEqual({ cancelled_by: 'doctor', cancellation_reason: 'Conference' });
      const slots = await t.http
        .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
        .set('Authorization', patient.session.bearer);
      expect(slots.body).toEqual([expect.objectContaining({ available: true })]);
    });

    it('answers 409 when cancelling a completed appointment', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 5 * HOUR),
        status: 'completed',
      });
      const res = await as(doctor).post(`/appointments/${id}/cancel`);
      expect(res.status).toBe(409);
      expect(await statusOf(id)).toBe('completed');
    });
  });

  describe('treatment', () => {
    it('lets the appointment’s doctor edit the treatment of a completed appointment', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 5 * HOUR),
        status: 'completed',
      });
      const res = await as(doctor).put(`/appointments/${id}/treatment`, {
        diagnosis: 'Revised',
        notes: 'Follow up in two weeks',
      });
      expect(res.status).toBe(200);
      expect(res.body.treatment).toMatchObject({
        diagnosis: 'Revised',
        notes: 'Follow up in two weeks',
        prescription: '',
      });
    });

    it('answers 409 for the treatment of an appointment that is not completed', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - HOUR),
      });
      const res = await as(doctor).put(`/appointments/${id}/treatment`, { diagnosis: 'x' });
      expect(res.status).toBe(409);
    });
  });

  describe("another doctor's appointment answers 404", () => {
    it('for complete, cancel and treatment, and changes nothing', async () => {
      const owner = await createDoctor(t);
      const other = await createDoctor(t);
      const patient = await createPatient(t);
      const booked = await insertAppointment(t, {
        doctorId: owner.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - HOUR),
      });
      const completed = await insertAppointment(t, {
        doctorId: owner.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 5 * HOUR),
        status: 'completed',
      });
      expect((await as(other).post(`/appointments/${booked}/complete`, { diagnosis: 'x' })).status).toBe(404);
      expect((await as(other).post(`/appointments/${booked}/cancel`)).status).toBe(404);
      expect((await as(other).put(`/appointments/${completed}/treatment`, { diagnosis: 'x' })).status).toBe(404);
      expect(await statusOf(booked)).toBe('booked');
      const t1: { diagnosis: string }[] = await t.dataSource.query(
        'SELECT diagnosis FROM treatments WHERE appointment_id = $1',
        [completed],
      );
      expect(t1[0].diagnosis).toBe('Seeded diagnosis');
    });
  });

  describe('lists', () => {
    it('lists own appointments by scope: upcoming soonest first, past latest first, status filter', async () => {
      const doctor = await createDoctor(t);
      const other = await createDoctor(t);
      const patient = await createPatient(t);
      const p2 = await createPatient(t);
      const date = clinicDate(t, 2);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00' });
      const late = await book(t, patient, doctor, `${date}T11:00:00.000Z`);
      const early = await book(t, p2, doctor, `${date}T09:00:00.000Z`);
      const past1 = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 50 * HOUR),
        status: 'completed',
      });
      const past2 = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 26 * HOUR),
        status: 'cancelled',
      });
      await insertAppointment(t, {
        doctorId: other.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 30 * HOUR),
      });
      const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((a) => a.id);
      expect(ids(await as(doctor).get('/appointments?scope=upcoming'))).toEqual([early.id, late.id]);
      expect(ids(await as(doctor).get('/appointments'))).toEqual([early.id, late.id]);
      expect(ids(await as(doctor).get('/appointments?scope=past'))).toEqual([past2, past1]);
      expect(ids(await as(doctor).get('/appointments?scope=past&status=completed'))).toEqual([past1]);
    });

    it('answers each row as the admin list renders it, audits the treatments it shows, pages past the end', async () => {
      const admin = await loginAdmin(t.http);
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const treated = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 30 * HOUR),
        status: 'completed',
      });
      const cancelled = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 50 * HOUR),
        status: 'cancelled',
      });
      await t.dataSource.query(
        `UPDATE appointments SET cancelled_by = 'doctor', cancellation_reason = 'Called "away"', reason = 'Pain'
          WHERE id = $1`,
        [cancelled],
      );
      const arrived = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 70 * HOUR),
      });
      await t.dataSource.query(
        `UPDATE appointments SET status = 'no_show', checked_in_at = starts_at - interval '5 minutes' WHERE id = $1`,
        [arrived],
      );
      const reads = async () =>
        Number(
          (
            await t.dataSource.query(
              `SELECT count(*) AS n FROM audit_events WHERE action = 'treatment.read' AND resource_id = $1`,
              [treated],
            )
          )[0].n,
        );
      const before = await reads();
      const mine = await as(doctor).get('/appointments?scope=past');
      expect(mine.status).toBe(200);
      expect(mine.headers['content-type']).toMatch(/^application\/json/);
      expect(await reads()).toBe(before + 1);
      const all = await t.http
        .get(`/api/v1/admin/appointments?doctorId=${doctor.doctorId}&scope=past`)
        .set('Authorization', admin.bearer);
      expect(all.status).toBe(200);
      expect(mine.body).toEqual(all.body);
      expect(JSON.stringify(mine.body.items.map((a: object) => Object.keys(a)))).toBe(
        JSON.stringify(all.body.items.map((a: object) => Object.keys(a))),
      );
      expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([treated, cancelled, arrived]);
      expect(mine.body.items[1]).toMatchObject({
        cancelledBy: 'doctor',
        cancelReason: 'Called "away"',
        reason: 'Pain',
      });
      expect(mine.body.items[2].checkedInAt).toEqual(expect.any(String));
      expect(mine.body.items[0].treatment).toMatchObject({ appointmentId: treated, diagnosis: 'Seeded diagnosis' });
      const beyond = await as(doctor).get('/appointments?scope=past&page=3&pageSize=2');
      expect(beyond.body).toEqual({ items: [], total: 3, page: 3, pageSize: 2 });
    });

    it('scopes today and week by the clinic calendar (week = Monday to Sunday)', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const tz = t.config.clinicTimezone;
      const today = clinicToday(tz);
      const week = clinicWeekRange(today, tz);
      const inToday = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.parse(`${today}T00:00:00.000Z`) + 60_000),
        status: 'completed',
      });
      const beforeWeek = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(week.start.getTime() - HOUR),
        status: 'completed',
      });
      const endOfWeek = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(week.end.getTime() - HOUR),
        status: 'completed',
      });
      const todayIds = (await as(doctor).get('/appointments?scope=today')).body.items.map((a: { id: string }) => a.id);
      expect(todayIds).toContain(inToday);
      expect(todayIds).not.toContain(beforeWeek);
      const weekIds = (await as(doctor).get('/appointments?scope=week')).body.items.map((a: { id: string }) => a.id);
      expect(weekIds).toEqual(expect.arrayContaining([inToday, endOfWeek]));
      expect(weekIds).not.toContain(beforeWeek);
    });

    it('lists patients who have or had an appointment with the doctor, paginated', async () => {
      const doctor = await createDoctor(t);
      const other = await createDoctor(t);
      const ann = await createPatient(t, { fullName: 'Ann Alpha' });
      const bob = await createPatient(t, { fullName: 'Bob Beta' });
      const stranger = await createPatient(t, { fullName: 'Carl Stranger' });
      for (const p of [ann, ann, bob]) {
        await insertAppointment(t, {
          doctorId: doctor.doctorId,
          patientId: p.patientId,
          startsAt: new Date(Date.now() - Math.random() * 100 * HOUR - HOUR),
          status: 'completed',
        });
      }
      await insertAppointment(t, {
        doctorId: other.doctorId,
        patientId: stranger.patientId,
        startsAt: new Date(Date.now() - HOUR),
      });
      const res = await as(doctor).get('/patients');
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: ann.patientId, fullName: 'Ann Alpha', appointmentCount: 2 }),
        expect.objectContaining({ id: bob.patientId, fullName: 'Bob Beta', appointmentCount: 1 }),
      ]);
      const page2 = await as(doctor).get('/patients?pageSize=1&page=2');
      expect(page2.body.items.map((p: { id: string }) => p.id)).toEqual([bob.patientId]);
    });

    it("shows a seen patient's history across all doctors, and 404 for a patient never seen", async () => {
      const doctor = await createDoctor(t);
      const other = await createDoctor(t);
      const patient = await createPatient(t);
      const never = await createPatient(t);
      const mine = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 48 * HOUR),
        status: 'completed',
      });
      const elsewhere = await insertAppointment(t, {
        doctorId: other.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 24 * HOUR),
        status: 'completed',
      });
      await insertAppointment(t, {
        doctorId: other.doctorId,
        patientId: never.patientId,
        startsAt: new Date(Date.now() - 24 * HOUR),
        status: 'completed',
      });
      const res = await as(doctor).get(`/patients/${patient.patientId}/history`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([elsewhere, mine]);
      expect(res.body.items[0].treatment).toMatchObject({ diagnosis: 'Seeded diagnosis' });
      const hidden = await as(doctor).get(`/patients/${never.patientId}/history`);
      expect(hidden.status).toBe(404);
    });
  });

  describe('dashboard', () => {
    it('counts from one query and shows a booking on the very next read', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 2 * HOUR),
        status: 'completed',
      });
      const first = await as(doctor).get('/dashboard');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ upcoming: 0, patients: 1 });
      const date = clinicDate(t, 1);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '10:00' });
      const p2 = await createPatient(t);
      await book(t, p2, doctor, `${date}T09:00:00.000Z`);
      const second = await as(doctor).get('/dashboard');
      expect(second.body).toMatchObject({ upcoming: 1, patients: 2 });
    });

    it('counts completions of this month after the doctor completes a visit', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 60_000),
      });
      expect((await as(doctor).get('/dashboard')).body.completedThisMonth).toBe(0);
      await as(doctor).post(`/appointments/${id}/complete`, { diagnosis: 'Cold' }).expect(200);
      expect((await as(doctor).get('/dashboard')).body.completedThisMonth).toBe(1);
    });
  });

  describe('admin appointments', () => {
    it('lists every appointment with filters for admins, and is refused to doctors', async () => {
      const admin = await loginAdmin(t.http);
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const a1 = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 24 * HOUR),
        status: 'completed',
      });
      const a2 = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 48 * HOUR),
        status: 'cancelled',
      });
      const all = await t.http
        .get(`/api/v1/admin/appointments?doctorId=${doctor.doctorId}`)
        .set('Authorization', admin.bearer);
      expect(all.status).toBe(200);
      expect(all.body.items.map((a: { id: string }) => a.id)).toEqual([a1, a2]);
      const completed = await t.http
        .get(`/api/v1/admin/appointments?patientId=${patient.patientId}&status=completed`)
        .set('Authorization', admin.bearer);
      expect(completed.body.items.map((a: { id: string }) => a.id)).toEqual([a1]);
      const today = clinicDate(t, 0);
      const none = await t.http
        .get(`/api/v1/admin/appointments?doctorId=${doctor.doctorId}&from=${today}&to=${today}`)
        .set('Authorization', admin.bearer);
      expect(none.body.total).toBe(0);
      expect((await t.http.get('/api/v1/admin/appointments').set('Authorization', doctor.session.bearer)).status).toBe(
        403,
      );
      expect(
        (await t.http.get('/api/v1/admin/appointments?from=2026-13-01').set('Authorization', admin.bearer)).status,
      ).toBe(400);
    });
  });
});
