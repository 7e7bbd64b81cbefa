import { randomUUID } from 'node:crypto';
import { APPOINTMENT_TRANSITIONS, canTransition } from '@hms/shared';
import { clinicToday, startOfClinicDay } from '../../apps/api/src/common/time/clinic-time';
import { MonthlyReportsService } from '../../apps/api/src/reporting/monthly-reports.service';
import { monthlyReportMail } from '../../apps/api/src/notifications/templates';
import { loginAdmin, type Session } from '../support/auth';
import { clinicDate, createDoctor, createPatient, type FixtureDoctor } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const MINUTE = 60_000;

describe('visit lifecycle: check-in, no-show, completion and cancellation', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  /** An appointment written straight to the database (the lifecycle, not booking, is under test). */
  async function visit(
    doctor: FixtureDoctor,
    startsAt: Date,
    status: 'booked' | 'checked_in' | 'cancelled' | 'completed' | 'no_show' = 'booked',
    minutes = 30,
  ): Promise<string> {
    const patient = await createPatient(t);
    const id = randomUUID();
    await t.dataSource.query(
      `INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, doctor.doctorId, patient.patientId, startsAt, new Date(startsAt.getTime() + minutes * MINUTE), status],
    );
    return id;
  }
  /** Earlier today (clinic date), already started. */
  const startedToday = () =>
    new Date(
      Math.max(
        startOfClinicDay(clinicToday(t.config.clinicTimezone), t.config.clinicTimezone).getTime(),
        Date.now() - 60 * MINUTE,
      ),
    );
  const tomorrowAt = (time: string) => new Date(`${clinicDate(t, 1)}T${time}:00.000Z`);

  const doctorPost = (doctor: FixtureDoctor, path: string, body: object = {}) =>
    t.http.post(`/api/v1/doctor/appointments/${path}`).set('Authorization', doctor.session.bearer).send(body);
  const adminPost = (path: string, body: object = {}) =>
    t.http.post(`/api/v1/admin/appointments/${path}`).set('Authorization', `Bearer ${admin.accessToken}`).send(body);
  const statusOf = async (id: string) =>
    ((await t.dataSource.query(`SELECT status FROM appointments WHERE id = $1`, [id])) as { status: string }[])[0]
      .status;

  it('has one transition table the API follows', () => {
    expect(APPOINTMENT_TRANSITIONS.complete.from).toEqual(['booked', 'checked_in']);
    expect(canTransition('checked_in', 'cancel')).toBe(false);
    expect(canTransition('no_show', 'check_in')).toBe(false);
  });

  it('checks a patient in on the visit day (doctor and front desk), then completes the visit', async () => {
    const doctor = await createDoctor(t);
    const id = await visit(doctor, startedToday());
    const res = await doctorPost(doctor, `${id}/check-in`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'checked_in', checkedInAt: expect.any(String) });
    const again = await doctorPost(doctor, `${id}/check-in`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'already_checked_in' });
    const done = await doctorPost(doctor, `${id}/complete`, { diagnosis: 'Sprain' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'completed',
      treatment: expect.objectContaining({ diagnosis: 'Sprain' }),
    });

    const byDesk = await visit(doctor, startedToday());
    const desk = await adminPost(`${byDesk}/check-in`);
    expect(desk.status).toBe(200);
    expect(desk.body.status).toBe('checked_in');
  });

  it('refuses check-in on another day, of another doctor, and of a visit that is not booked', async () => {
    const doctor = await createDoctor(t);
    const other = await createDoctor(t);
    const tomorrow = await visit(doctor, tomorrowAt('10:00'));
    const early = await doctorPost(doctor, `${tomorrow}/check-in`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'not_visit_day' });
    expect((await adminPost(`${tomorrow}/check-in`)).status).toBe(409);
    expect((await doctorPost(other, `${tomorrow}/check-in`)).status).toBe(404);
    for (const status of ['cancelled', 'completed', 'no_show'] as const) {
      const id = await visit(doctor, startedToday(), status);
      const res = await doctorPost(doctor, `${id}/check-in`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'appointment_not_booked' });
      expect(await statusOf(id)).toBe(status);
    }
  });

  it('marks a no-show from booked or checked in, only after the start', async () => {
    const doctor = await createDoctor(t);
    const booked = await visit(doctor, startedToday());
    expect((await doctorPost(doctor, `${booked}/no-show`)).body).toMatchObject({ status: 'no_show' });
    const checkedIn = await visit(doctor, startedToday(), 'checked_in');
    expect((await doctorPost(doctor, `${checkedIn}/no-show`)).status).toBe(200);
    const future = await visit(doctor, tomorrowAt('11:00'));
    const early = await doctorPost(doctor, `${future}/no-show`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'appointment_not_started' });
    expect(await statusOf(future)).toBe('booked');
    for (const status of ['cancelled', 'completed', 'no_show'] as const) {
      const id = await visit(doctor, startedToday(), status);
      expect((await doctorPost(doctor, `${id}/no-show`)).status).toBe(409);
    }
    const completeNoShow = await doctorPost(doctor, `${booked}/complete`, { diagnosis: 'x' });
    expect(completeNoShow.status).toBe(409);
  });

  it('lets the admin cancel with a reason the patient sees, and refuses without one', async () => {
    const doctor = await createDoctor(t);
    const id = await visit(doctor, tomorrowAt('12:00'));
    const missing = await adminPost(`${id}/cancel`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ field: 'reason' }));
    const res = await adminPost(`${id}/cancel`, { reason: 'The clinic is closed for maintenance' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'admin',
      cancelReason: 'The clinic is closed for maintenance',
    });
    expect((await adminPost(`${id}/cancel`, { reason: 'again' })).status).toBe(409);
    const payload: { payload: { snapshot: Record<string, unknown> } }[] = await t.dataSource.query(
      `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 AND kind = 'appointment.cancelled'`,
      [id],
    );
    expect(payload[0].payload.snapshot).toMatchObject({
      status: 'cancelled',
      sequence: 1,
      cancelledBy: 'admin',
      cancellationReason: 'The clinic is closed for maintenance',
    });
    // A patient or doctor may not use the admin route.
    const patient = await createPatient(t);
    const forbidden = await t.http
      .post(`/api/v1/admin/appointments/${id}/cancel`)
      .set('Authorization', patient.session.bearer)
      .send({ reason: 'x' });
    expect(forbidden.status).toBe(403);
  });

  it('records the doctor’s reason and refuses to cancel a checked-in visit', async () => {
    const doctor = await createDoctor(t);
    const id = await visit(doctor, tomorrowAt('13:00'));
    const res = await doctorPost(doctor, `${id}/cancel`, { reason: 'I am ill' });
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'doctor', cancelReason: 'I am ill' });
    const checkedIn = await visit(doctor, startedToday(), 'checked_in');
    const refused = await doctorPost(doctor, `${checkedIn}/cancel`, { reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'appointment_checked_in' });
  });

  it('counts no-shows and their rate in the doctor and admin dashboards and the monthly report', async () => {
    const doctor = await createDoctor(t);
    const base = startedToday().getTime();
    const a = await visit(doctor, new Date(base), 'booked', 1);
    const b = await visit(doctor, new Date(base + MINUTE), 'booked', 1);
    const c = await visit(doctor, new Date(base + 2 * MINUTE), 'booked', 1);
    expect((await doctorPost(doctor, `${a}/no-show`)).status).toBe(200);
    expect((await doctorPost(doctor, `${b}/check-in`)).status).toBe(200);
    expect((await doctorPost(doctor, `${c}/complete`, { diagnosis: 'Cold' })).status).toBe(200);
    const dashboard = await t.http.get('/api/v1/doctor/dashboard').set('Authorization', doctor.session.bearer);
    expect(dashboard.body).toMatchObject({ noShowsThisMonth: 1, noShowRateThisMonth: 0.333 });
    const adminDashboard = await t.http
      .get('/api/v1/admin/dashboard')
      .set('Authorization', `Bearer ${admin.accessToken}`);
    const appts = adminDashboard.body.appointments as {
      noShow: number;
      completed: number;
      checkedIn: number;
      noShowRate: number;
    };
    expect(appts.noShow).toBeGreaterThanOrEqual(1);
    expect(appts.noShowRate).toBe(
      Math.round((appts.noShow / (appts.noShow + appts.completed + appts.checkedIn)) * 1000) / 1000,
    );
    expect(adminDashboard.body.waitlist).toEqual({
      waiting: expect.any(Number),
      offersMade: expect.any(Number),
      offersAccepted: expect.any(Number),
    });
    const month = clinicToday(t.config.clinicTimezone).slice(0, 7);
    const report = await t.app.get(MonthlyReportsService).reportData(doctor.doctorId, doctor.fullName, month);
    expect(report.byStatus).toMatchObject({ noShow: 1, checkedIn: 1, completed: 1 });
    expect(report.noShowRate).toBe(0.333);
    expect(monthlyReportMail({ clinicName: 'C', publicUrl: 'http://c', timeZone: 'UTC' }, report).text).toContain(
      'No-show rate: 33.3%',
    );
  });

  it('lets the database refuse an appointment over a checked-in one, for the doctor and the patient', async () => {
    const doctor = await createDoctor(t);
    const start = tomorrowAt('15:00');
    const id = await visit(doctor, start, 'checked_in');
    await expect(visit(doctor, new Date(start.getTime() + 10 * MINUTE))).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23P01' }),
    });
    const [{ patient_id }] = (await t.dataSource.query(`SELECT patient_id FROM appointments WHERE id = $1`, [id])) as {
      patient_id: string;
    }[];
    const other = await createDoctor(t);
    await expect(
      t.dataSource.query(
        `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, 'booked')`,
        [other.doctorId, patient_id, start, new Date(start.getTime() + 30 * MINUTE)],
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23P01' }) });
  });
});
