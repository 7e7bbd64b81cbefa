import { DEMO_DOCTOR_EMAIL, DEMO_PASSWORD, DEMO_PATIENT_EMAIL, DEMO_SIZES, seedDemo } from '../../scripts/seed-demo';
import { login, loginAdmin } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const COUNTS_SQL = `SELECT
  (SELECT count(*)::int FROM specializations) AS specializations,
  (SELECT count(*)::int FROM users) AS users,
  (SELECT count(*)::int FROM doctors) AS doctors,
  (SELECT count(*)::int FROM patients) AS patients,
  (SELECT count(*)::int FROM availability_windows) AS windows,
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
      users: 1 + DEMO_SIZES.doctors + DEMO_SIZES.patients,
      doctors: DEMO_SIZES.doctors,
      patients: DEMO_SIZES.patients,
      // Five weekdays in any seven days, two windows a day per doctor.
      windows: 5 * 2 * DEMO_SIZES.doctors,
      appointments: DEMO_SIZES.pastAppointments + DEMO_SIZES.upcoming,
      booked: DEMO_SIZES.upcoming,
      outbox: 0,
    });
    expect(after1.completed).toBeGreaterThan(DEMO_SIZES.pastAppointments * 0.7);
    expect(after1.treatments).toBe(after1.completed);
    expect(first.inserted).toEqual({
      specializations: after1.specializations,
      users: after1.users - 1,
      doctors: after1.doctors,
      patients: after1.patients,
      availabilityWindows: after1.windows,
      appointments: after1.appointments,
      treatments: after1.treatments,
    });

    const second = await seedDemo(t.dataSource, { clinicTimezone: TZ });
    expect(Object.values(second.inserted)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const [after2] = await t.dataSource.query(COUNTS_SQL);
    expect(after2).toEqual(after1);
  });

  it('books only the future, inside published windows, aligned to slots; the past is completed or cancelled', async () => {
    const [check] = await t.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM appointments WHERE status = 'booked' AND starts_at <= now()) AS booked_in_past,
         (SELECT count(*)::int FROM appointments WHERE status <> 'booked' AND starts_at > now()) AS closed_in_future,
         (SELECT count(*)::int FROM appointments a WHERE a.status = 'booked' AND NOT EXISTS (
            SELECT 1 FROM availability_windows w
             WHERE w.doctor_id = a.doctor_id AND a.starts_at >= w.starts_at AND a.ends_at <= w.ends_at
               AND extract(epoch FROM a.starts_at - w.starts_at)::int % (w.slot_minutes * 60) = 0)) AS outside,
         (SELECT count(*)::int FROM availability_windows
           WHERE to_char(starts_at AT TIME ZONE $1, 'HH24:MI') <> start_time) AS misplaced_windows`,
      [TZ],
    );
    expect(check).toEqual({ booked_in_past: 0, closed_in_future: 0, outside: 0, misplaced_windows: 0 });
  });

  it('signs in the demo doctor and patient with the documented password', async () => {
    const doctor = await login(t.http, DEMO_DOCTOR_EMAIL, DEMO_PASSWORD);
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', doctor.bearer);
    expect(me.body).toMatchObject({ user: { role: 'doctor' }, profile: { specialization: { name: 'Cardiology' } } });
    const patient = await login(t.http, DEMO_PATIENT_EMAIL, DEMO_PASSWORD);
    const profile = await t.http.get('/api/v1/patient/profile').set('Authorization', patient.bearer);
    expect(profile.status).toBe(200);
    const admin = await loginAdmin(t.http);
    const dashboard = await t.http.get('/api/v1/admin/dashboard').set('Authorization', admin.bearer);
    expect(dashboard.body).toMatchObject({
      doctors: DEMO_SIZES.doctors,
      patients: DEMO_SIZES.patients,
      specializations: DEMO_SIZES.specializations,
    });
  });
});
