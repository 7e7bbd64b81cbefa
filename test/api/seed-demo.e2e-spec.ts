import { clinicDateOf } from '../../apps/api/src/common/time/clinic-time';
import { SlotsService } from '../../apps/api/src/scheduling/slots.service';
import {
  DEMO_DESK_EMAIL,
  DEMO_DOCTOR_EMAIL,
  DEMO_PASSWORD,
  DEMO_PATIENT_EMAIL,
  DEMO_SIZES,
  DEMO_WAITLIST,
  seedDemo,
} from '../../scripts/seed-demo';
import { login, loginAdmin } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const COUNTS_SQL = `SELECT
  (SELECT count(*)::int FROM specializations) AS specializations,
  (SELECT count(*)::int FROM users) AS users,
  (SELECT count(*)::int FROM doctors) AS doctors,
  (SELECT count(*)::int FROM patients) AS patients,
  (SELECT count(*)::int FROM doctor_schedules) AS schedules,
  (SELECT count(*)::int FROM waitlist_entries) AS waitlist,
  (SELECT count(*)::int FROM appointments WHERE status = 'no_show') AS no_shows,
  (SELECT count(*)::int FROM appointments) AS appointments,
  (SELECT count(*)::int FROM appointments WHERE status = 'completed') AS completed,
  (SELECT count(*)::int FROM appointments WHERE status = 'booked') AS booked,
  (SELECT count(*)::int FROM treatments) AS treatments,
  (SELECT count(*)::int FROM outbox_messages) AS outbox,
  (SELECT max(updated_at) FROM appointments) AS last_change`;

describe('demo seed', () => {
  let t: TestApp;
  const TZ = 'Europe/Berlin';

  beforeAll(async () => {
    t = await startTestApp({ CLINIC_TIMEZONE: TZ });
  });
  afterAll(async () => {
    await t.close();
  });

  it('loads a realistic clinic once; a second run changes nothing', async () => {
    const first = await seedDemo(t.dataSource, { clinicTimezone: TZ });
    const [after1] = await t.dataSource.query(COUNTS_SQL);
    expect(after1).toMatchObject({
      specializations: DEMO_SIZES.specializations,
      users: 2 + DEMO_SIZES.doctors + DEMO_SIZES.patients,
      doctors: DEMO_SIZES.doctors,
      patients: DEMO_SIZES.patients,
      schedules: DEMO_SIZES.doctors,
      waitlist: DEMO_WAITLIST,
      appointments: DEMO_SIZES.pastAppointments + DEMO_SIZES.upcoming,
      booked: DEMO_SIZES.upcoming,
      outbox: 0,
    });
    expect(after1.completed).toBeGreaterThan(DEMO_SIZES.pastAppointments * 0.7);
    expect(after1.treatments).toBe(after1.completed);
    expect(after1.no_shows).toBeGreaterThan(0);
    expect(first.inserted).toEqual({
      specializations: after1.specializations,
      users: after1.users - 1,
      doctors: after1.doctors,
      patients: after1.patients,
      schedules: after1.schedules,
      appointments: after1.appointments,
      treatments: after1.treatments,
      waitlistEntries: after1.waitlist,
      staff: 1,
    });

    const second = await seedDemo(t.dataSource, { clinicTimezone: TZ });
    expect(Object.values(second.inserted)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const [after2] = await t.dataSource.query(COUNTS_SQL);
    expect(after2).toEqual(after1);
  });

  it('books only the future, inside the weekly schedules, aligned to slots; the past is closed', async () => {
    const [check] = await t.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM appointments WHERE status = 'booked' AND starts_at <= now()) AS booked_in_past,
         (SELECT count(*)::int FROM appointments WHERE status <> 'booked' AND starts_at > now()) AS closed_in_future`,
    );
    expect(check).toEqual({ booked_in_past: 0, closed_in_future: 0 });
    // Every upcoming booking is one of its doctor's slots as the slot service computes them.
    const booked: { doctor_id: string; starts_at: Date }[] = await t.dataSource.query(
      `SELECT doctor_id, starts_at FROM appointments WHERE status = 'booked'`,
    );
    const slots = t.app.get(SlotsService);
    for (const a of booked.slice(0, 20)) {
      const date = clinicDateOf(new Date(a.starts_at), TZ);
      const planned = await slots.plannedSlots(a.doctor_id, date, date);
      expect(planned.map((s) => s.startsAt.getTime())).toContain(new Date(a.starts_at).getTime());
    }
  });

  it('signs in the demo doctor, patient and front desk with the documented password', async () => {
    const doctor = await login(t.http, DEMO_DOCTOR_EMAIL, DEMO_PASSWORD);
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', doctor.bearer);
    expect(me.body).toMatchObject({ user: { role: 'doctor' }, profile: { specialization: { name: 'Cardiology' } } });
    const patient = await login(t.http, DEMO_PATIENT_EMAIL, DEMO_PASSWORD);
    const profile = await t.http.get('/api/v1/patient/profile').set('Authorization', patient.bearer);
    expect(profile.status).toBe(200);
    const desk = await login(t.http, DEMO_DESK_EMAIL, DEMO_PASSWORD);
    const day = await t.http.get('/api/v1/desk/day').set('Authorization', desk.bearer);
    expect(day.status).toBe(200);
    expect(day.body.doctors.length).toBeGreaterThan(0);
    const admin = await loginAdmin(t.http);
    const dashboard = await t.http.get('/api/v1/admin/dashboard').set('Authorization', admin.bearer);
    expect(dashboard.body).toMatchObject({
      doctors: DEMO_SIZES.doctors,
      patients: DEMO_SIZES.patients,
      specializations: DEMO_SIZES.specializations,
    });
  });
});
