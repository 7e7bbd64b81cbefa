import { AdminDashboardService } from '../../apps/api/src/reporting/admin-dashboard.service';
import { loginAdmin, registerPatient, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { createDoctor, createSpecialization, hoursFromNow, insertAppointment, patientIdOf } from './directory.fixtures';

// Fourteen hours ahead of UTC: the clinic's "today" differs from UTC's for most of the day.
const TZ = 'Pacific/Kiritimati';
const clinicDate = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

describe('GET /admin/dashboard', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ CLINIC_TIMEZONE: TZ });
    admin = await loginAdmin(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts active doctors and patients, specializations and appointments by status and clinic day', async () => {
    const cardio = await createSpecialization(t.http, admin, 'Cardiology');
    const derma = await createSpecialization(t.http, admin, 'Dermatology');
    await createSpecialization(t.http, admin, 'Unused');
    const d1 = await createDoctor(t.http, admin, { specializationId: cardio.id });
    const d2 = await createDoctor(t.http, admin, { specializationId: derma.id });
    const d3 = await createDoctor(t.http, admin, { specializationId: derma.id });
    await t.http.patch(`/api/v1/admin/doctors/${d2.id}`).set('Authorization', admin.bearer).send({ active: false });
    await t.http.delete(`/api/v1/admin/doctors/${d3.id}`).set('Authorization', admin.bearer).expect(204);
    const patients = [];
    for (let i = 0; i < 3; i++) patients.push(await patientIdOf(t.http, await registerPatient(t.http)));
    await t.http
      .patch(`/api/v1/admin/patients/${patients[2]}`)
      .set('Authorization', admin.bearer)
      .send({ active: false })
      .expect(200);

    // Appointments every 5 hours from two days ago to two days ahead, statuses in turn.
    const statuses = ['booked', 'completed', 'cancelled'] as const;
    const inserted: { startsAt: Date; status: string; doctorId: string }[] = [];
    for (let h = -48, i = 0; h <= 48; h += 5, i++) {
      const startsAt = hoursFromNow(h);
      const status = statuses[i % 3];
      const doctorId = i % 2 === 0 ? d1.id : d2.id;
      await insertAppointment(t.dataSource, { doctorId, patientId: patients[i % 2], startsAt, status });
      inserted.push({ startsAt, status, doctorId });
    }
    // Appointments written with SQL announce nothing: drop the cached dashboard as a booking would.
    await t.app.get(AdminDashboardService).invalidate();

    const res = await t.http.get('/api/v1/admin/dashboard').set('Authorization', admin.bearer);
    expect(res.status).toBe(200);
    const today = clinicDate(new Date());
    const count = (status: string) => inserted.filter((a) => a.status === status).length;
    expect(res.body).toMatchObject({
      doctors: 1,
      patients: 2,
      specializations: 3,
      appointments: {
        total: inserted.length,
        booked: count('booked'),
        completed: count('completed'),
        cancelled: count('cancelled'),
        today: inserted.filter((a) => clinicDate(a.startsAt) === today).length,
      },
    });
    expect(res.body.appointments.today).toBeGreaterThan(0);

    expect(res.body.bySpecialization).toEqual(
      [
        { id: derma.id, name: 'Dermatology', count: inserted.filter((a) => a.doctorId === d2.id).length },
        { id: cardio.id, name: 'Cardiology', count: inserted.filter((a) => a.doctorId === d1.id).length },
        { id: expect.any(String), name: 'Unused', count: 0 },
      ].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    );

    const days = res.body.last30Days as { date: string; count: number }[];
    expect(days).toHaveLength(30);
    expect(days[29].date).toBe(today);
    for (const day of days) {
      expect(day.count).toBe(inserted.filter((a) => clinicDate(a.startsAt) === day.date).length);
    }
  });

  it('answers 401 without a token and 403 to a patient', async () => {
    expect((await t.http.get('/api/v1/admin/dashboard')).status).toBe(401);
    const p = await registerPatient(t.http);
    expect((await t.http.get('/api/v1/admin/dashboard').set('Authorization', p.bearer)).status).toBe(403);
  });
});
