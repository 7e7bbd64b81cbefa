import { randomUUID } from 'node:crypto';
import { addMonths, clinicInstant, clinicToday } from '../../apps/api/src/common/time/clinic-time';
import { dayLabel, monthLabel } from '../../apps/api/src/jobs/job-summary';
import { loginAdmin, type Session } from '../support/auth';
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
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

interface PreviewBody {
  doctor: { id: string; fullName: string; specialization: string };
  total: number;
  visits: {
    appointmentId: string;
    startsAt: string;
    endsAt: string;
    patient: { id: string; fullName: string; email: string | null; phone: string | null };
    candidates: { id: string; fullName: string }[];
  }[];
}

interface JobBody {
  id: string;
  kind: string;
  status: string;
  result: Record<string, unknown> | null;
  summary: string;
}

describe('everyday fixes: deactivation preview, job history, next free time', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: Session;
  let tomorrow: string;

  const get = (session: Session, path: string) => t.http.get(`/api/v1${path}`).set('Authorization', session.bearer);
  const post = (session: Session, path: string, body: object = {}) =>
    t.http.post(`/api/v1${path}`).set('Authorization', session.bearer).send(body);
  const at = (time: string, date = tomorrow) => clinicInstant(date, time, t.config.clinicTimezone)!.toISOString();

  async function finished(job: JobBody): Promise<JobBody> {
    return waitFor(
      async () => {
        const res = await get(admin, `/jobs/${job.id}`);
        const body = res.body as JobBody;
        return body.status === 'completed' || body.status === 'failed' ? body : null;
      },
      30_000,
      `job ${job.kind}`,
    );
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://clinic.test' });
    admin = await loginAdmin(t.http);
    tomorrow = clinicDate(t, 1);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('deactivating a doctor', () => {
    let dept: { id: string; name: string };
    let leaving: FixtureDoctor;
    let colleague: FixtureDoctor;
    let otherDept: FixtureDoctor;
    let patients: FixturePatient[];
    let ids: Record<string, string>;

    beforeAll(async () => {
      dept = await createSpecialization(t);
      leaving = await createDoctor(t, { specializationId: dept.id, fullName: 'Dr. Leaving' });
      colleague = await createDoctor(t, { specializationId: dept.id, fullName: 'Dr. Colleague' });
      otherDept = await createDoctor(t, { fullName: 'Dr. Elsewhere' });
      await publishWindow(t, leaving, { date: tomorrow, startTime: '09:00', endTime: '11:00', slotMinutes: 30 });
      await publishWindow(t, colleague, { date: tomorrow, startTime: '09:00', endTime: '10:00', slotMinutes: 30 });
      await publishWindow(t, otherDept, { date: tomorrow, startTime: '09:00', endTime: '11:00', slotMinutes: 30 });
      patients = await Promise.all([0, 1, 2, 3, 4].map((i) => createPatient(t, { fullName: `Caller ${i}` })));
      await t.dataSource.query(`UPDATE patients SET phone = '+1 555 0142' WHERE id = $1`, [patients[0].patientId]);
      ids = {
        nine: (await book(t, patients[0], leaving, at('09:00'))).id,
        nineThirty: (await book(t, patients[1], leaving, at('09:30'))).id,
        ten: (await book(t, patients[2], leaving, at('10:00'))).id,
        tenThirty: (await book(t, patients[3], leaving, at('10:30'))).id,
      };
      // The colleague is busy at 09:30, so that visit cannot move to them.
      await book(t, patients[4], colleague, at('09:30'));
      // Already started: neither previewed nor cancelled.
      ids.started = await insertAppointment(t, {
        doctorId: leaving.doctorId,
        patientId: patients[4].patientId,
        startsAt: new Date(Date.now() - 10 * 60_000),
      });
    });

    it('lists every booked future visit with whom to call and the colleagues free at that time', async () => {
      const res = await get(admin, `/admin/doctors/${leaving.doctorId}/deactivation-preview`);
      expect(res.status).toBe(200);
      const body = res.body as PreviewBody;
      expect(body.doctor).toEqual({ id: leaving.doctorId, fullName: 'Dr. Leaving', specialization: dept.name });
      expect(body.total).toBe(4);
      expect(body.visits.map((v) => v.appointmentId)).toEqual([ids.nine, ids.nineThirty, ids.ten, ids.tenThirty]);
      expect(body.visits[0].patient).toEqual({
        id: patients[0].patientId,
        fullName: 'Caller 0',
        email: patients[0].email,
        phone: '+1 555 0142',
      });
      expect(body.visits[0].candidates).toEqual([{ id: colleague.doctorId, fullName: 'Dr. Colleague' }]);
      // Busy at 09:30, no hours from 10:00; the other department never counts.
      expect(body.visits.slice(1).map((v) => v.candidates)).toEqual([[], [], []]);
      expect(JSON.stringify(body)).not.toMatch(/diagnosis|prescription/);
    });

    it('answers 404 for an unknown doctor and 403 to a doctor', async () => {
      expect((await get(admin, `/admin/doctors/${randomUUID()}/deactivation-preview`)).status).toBe(404);
      expect((await get(colleague.session, `/admin/doctors/${leaving.doctorId}/deactivation-preview`)).status).toBe(
        403,
      );
      expect(
        (
          await post(colleague.session, `/admin/appointments/${ids.nine}/reassign`, {
            doctorId: colleague.doctorId,
          })
        ).status,
      ).toBe(403);
    });

    it('refuses a move to the same doctor, another department, a busy colleague, or a bad id', async () => {
      const same = await post(admin, `/admin/appointments/${ids.nine}/reassign`, { doctorId: leaving.doctorId });
      expect(same.status).toBe(422);
      expect(same.body.code).toBe('reassign_same_doctor');
      const other = await post(admin, `/admin/appointments/${ids.nine}/reassign`, { doctorId: otherDept.doctorId });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('reassign_other_department');
      const busy = await post(admin, `/admin/appointments/${ids.nineThirty}/reassign`, {
        doctorId: colleague.doctorId,
      });
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('slot_taken');
      const noHours = await post(admin, `/admin/appointments/${ids.ten}/reassign`, { doctorId: colleague.doctorId });
      expect(noHours.status).toBe(422);
      expect((await post(admin, `/admin/appointments/${ids.nine}/reassign`, { doctorId: 'nope' })).status).toBe(400);
      expect(
        (await post(admin, `/admin/appointments/${ids.nine}/reassign`, { doctorId: colleague.doctorId, x: 1 })).status,
      ).toBe(400);
      // Nothing moved: every refused visit is still booked with the leaving doctor.
      const rows: { id: string; status: string; doctor_id: string }[] = await t.dataSource.query(
        `SELECT id, status, doctor_id FROM appointments WHERE id = ANY($1)`,
        [[ids.nine, ids.nineThirty, ids.ten]],
      );
      expect(rows.every((r) => r.status === 'booked' && r.doctor_id === leaving.doctorId)).toBe(true);
    });

    it('moves a visit to the free colleague, tells the patient, and deactivation cancels exactly the previewed rest', async () => {
      const moved = await post(admin, `/admin/appointments/${ids.nine}/reassign`, { doctorId: colleague.doctorId });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        doctor: { id: colleague.doctorId },
        patient: { id: patients[0].patientId },
        startsAt: at('09:00'),
        status: 'booked',
      });
      const old = await get(admin, `/admin/appointments?patientId=${patients[0].patientId}&status=cancelled`);
      expect(old.body.items).toHaveLength(1);
      expect(old.body.items[0]).toMatchObject({
        id: ids.nine,
        cancelledBy: 'admin',
        cancelReason: 'Moved to Dr. Colleague',
      });
      // Booking, cancellation ("moved to …") and the new booking.
      await waitFor(() => (smtp.to(patients[0].email).length >= 3 ? true : null), 20_000, 'the move emails');
      const subjects = smtp.to(patients[0].email).map((m) => m.subject);
      expect(subjects.filter((s) => s.includes('cancelled'))).toHaveLength(1);
      expect(subjects.filter((s) => s.includes('booked'))).toHaveLength(2);

      // The slot is the colleague's now: nobody else can take it.
      const again = await post(admin, `/admin/appointments/${ids.nineThirty}/reassign`, {
        doctorId: colleague.doctorId,
      });
      expect(again.status).toBe(409);

      const preview = (await get(admin, `/admin/doctors/${leaving.doctorId}/deactivation-preview`)).body as PreviewBody;
      const previewed = preview.visits.map((v) => v.appointmentId).sort();
      expect(previewed).toEqual([ids.nineThirty, ids.ten, ids.tenThirty].sort());

      const before = new Date();
      const patch = await t.http
        .patch(`/api/v1/admin/doctors/${leaving.doctorId}`)
        .set('Authorization', admin.bearer)
        .send({ active: false });
      expect(patch.status).toBe(200);
      const cancelled: { id: string }[] = await t.dataSource.query(
        `SELECT id FROM appointments WHERE doctor_id = $1 AND status = 'cancelled' AND cancelled_by = 'system' AND cancelled_at >= $2`,
        [leaving.doctorId, before],
      );
      expect(cancelled.map((r) => r.id).sort()).toEqual(previewed);
      const survivors: { status: string }[] = await t.dataSource.query(
        `SELECT status FROM appointments WHERE id = $1 OR id = $2 ORDER BY id = $1 DESC`,
        [moved.body.id as string, ids.started],
      );
      expect(survivors.map((r) => r.status)).toEqual(['booked', 'booked']);
      const after = (await get(admin, `/admin/doctors/${leaving.doctorId}/deactivation-preview`)).body as PreviewBody;
      expect(after.total).toBe(0);
    });
  });

  describe('job history', () => {
    it('keeps each run with its result in words, newest first, for the admin only', async () => {
      const start = await post(admin, '/admin/jobs/daily-reminders', { date: tomorrow });
      expect(start.status).toBe(202);
      const done = await finished(start.body as JobBody);
      expect(done.status).toBe('completed');
      const sent = done.result?.sent as number;
      expect(done.summary).toBe(`Sent ${sent} reminder${sent === 1 ? '' : 's'} for ${dayLabel(tomorrow)}`);

      const list = await get(admin, '/jobs?kind=daily-reminders&pageSize=5');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ page: 1, pageSize: 5 });
      expect(list.body.total).toBeGreaterThanOrEqual(1);
      expect(list.body.items[0]).toMatchObject({ id: done.id, kind: 'daily-reminders', summary: done.summary });
      const all = await get(admin, '/jobs');
      expect((all.body.items as JobBody[]).map((j) => j.id)).toContain(done.id);

      expect((await get(admin, '/jobs?kind=nonsense')).status).toBe(400);
      expect((await get(admin, '/jobs?pageSize=1000')).status).toBe(400);
      const patient = await createPatient(t);
      expect((await get(patient.session, '/jobs')).status).toBe(403);
    });

    it('refuses monthly reports for a month after the current one, and words the ones it runs', async () => {
      const current = clinicToday(t.config.clinicTimezone).slice(0, 7);
      const future = await post(admin, '/admin/jobs/monthly-reports', { month: addMonths(current, 1) });
      expect(future.status).toBe(422);
      expect(future.headers['content-type']).toContain('application/problem+json');
      expect(future.body.code).toBe('month_in_future');
      expect(future.body.errors).toEqual([expect.objectContaining({ field: 'month' })]);
      expect((await post(admin, '/admin/jobs/monthly-reports', { month: '2999-01' })).status).toBe(422);

      const month = addMonths(current, -1);
      const start = await post(admin, '/admin/jobs/monthly-reports', { month });
      expect(start.status).toBe(202);
      const done = await finished(start.body as JobBody);
      const doctors = done.result?.doctors as number;
      expect(done.summary).toBe(
        `Monthly reports for ${monthLabel(month)}: ${doctors} doctor${doctors === 1 ? '' : 's'} emailed`,
      );
      const history = await get(admin, '/jobs?kind=monthly-reports');
      expect((history.body.items as JobBody[]).map((j) => j.id)).toContain(done.id);
    });
  });

  describe("the patient's doctor list", () => {
    let token: string;
    let dept: { id: string; name: string };
    let open: FixtureDoctor;
    let closed: FixtureDoctor;
    let patient: FixturePatient;

    beforeAll(async () => {
      token = randomUUID().slice(0, 8);
      dept = await createSpecialization(t, `Nephrology ${token}`);
      open = await createDoctor(t, { specializationId: dept.id, fullName: `Dr. Open ${token}` });
      closed = await createDoctor(t, { specializationId: dept.id, fullName: `Dr. Closed ${token}` });
      await publishWindow(t, open, { date: tomorrow, startTime: '14:00', endTime: '15:00', slotMinutes: 30 });
      patient = await createPatient(t);
    });

    const list = async (query: string) => {
      const res = await get(patient.session, `/patient/doctors?${query}`);
      expect(res.status).toBe(200);
      return res.body.items as { id: string; fullName: string; nextFreeAt: string | null }[];
    };

    it('finds doctors by department name as well as by name', async () => {
      const byDept = await list(`search=${encodeURIComponent(`nephrology ${token}`)}`);
      expect(byDept.map((d) => d.id).sort()).toEqual([open.doctorId, closed.doctorId].sort());
      const byName = await list(`search=${encodeURIComponent(`open ${token}`)}`);
      expect(byName.map((d) => d.id)).toEqual([open.doctorId]);
    });

    it('gives each doctor the next free time, null when nothing is free, and follows bookings', async () => {
      const first = await list(`specializationId=${dept.id}`);
      const byId = new Map(first.map((d) => [d.id, d.nextFreeAt]));
      expect(byId.get(open.doctorId)).toBe(at('14:00'));
      expect(byId.get(closed.doctorId)).toBeNull();

      await book(t, patient, open, at('14:00'));
      const second = await list(`search=${encodeURIComponent(token)}`);
      expect(second.find((d) => d.id === open.doctorId)?.nextFreeAt).toBe(at('14:30'));

      await book(t, await createPatient(t), open, at('14:30'));
      const third = await list(`specializationId=${dept.id}`);
      expect(third.find((d) => d.id === open.doctorId)?.nextFreeAt).toBeNull();

      await publishWindow(t, closed, { date: tomorrow, startTime: '16:00', endTime: '16:30', slotMinutes: 30 });
      const fourth = await list(`specializationId=${dept.id}`);
      expect(fourth.find((d) => d.id === closed.doctorId)?.nextFreeAt).toBe(at('16:00'));
    });
  });
});
