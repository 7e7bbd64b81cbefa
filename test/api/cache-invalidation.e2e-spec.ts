import { CACHE_KEYS } from '../../apps/api/src/common/cache/cache-keys';
import { CacheService } from '../../apps/api/src/common/cache/cache.service';
import { UnitOfWork } from '../../apps/api/src/common/events/unit-of-work';
import { loginAdmin, registerPatient, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { createDoctor, createSpecialization, hoursFromNow, insertAppointment, patientIdOf } from './directory.fixtures';

/**
 * Every cached read (patient doctor lists, specializations, admin dashboard)
 * shows a write on the very next read: each test warms the cache, proves the
 * key is filled, writes, and reads again at once.
 */
describe('directory and dashboard caches', () => {
  let t: TestApp;
  let admin: Session;
  let patient: Session;
  let cache: CacheService;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    patient = await registerPatient(t.http);
    cache = t.app.get(CacheService);
  });
  afterAll(async () => {
    await t.close();
  });

  const asPatient = (url: string) => t.http.get(`/api/v1${url}`).set('Authorization', patient.bearer);
  const asAdmin = (url: string) => t.http.get(`/api/v1${url}`).set('Authorization', admin.bearer);
  const adminPatch = (url: string, body: object) =>
    t.http.patch(`/api/v1${url}`).set('Authorization', admin.bearer).send(body);
  const ids = (body: { items: { id: string }[] }) => body.items.map((d) => d.id);

  it('a new doctor appears in the cached lists (all and by specialization) on the next read', async () => {
    const spec = await createSpecialization(t.http, admin);
    await asPatient('/patient/doctors').expect(200);
    await asPatient(`/patient/doctors?specializationId=${spec.id}`).expect(200);
    expect(await cache.peek(CACHE_KEYS.activeDoctors)).toBeDefined();
    expect(await cache.peek(CACHE_KEYS.activeDoctorsOf(spec.id))).toEqual([]);

    const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
    expect(ids((await asPatient('/patient/doctors')).body)).toContain(doc.id);
    expect(ids((await asPatient(`/patient/doctors?specializationId=${spec.id}`)).body)).toEqual([doc.id]);
  });

  it('an edited doctor shows the new name, and a move shows in both specializations at once', async () => {
    const from = await createSpecialization(t.http, admin);
    const to = await createSpecialization(t.http, admin);
    const doc = await createDoctor(t.http, admin, { specializationId: from.id, fullName: 'Old Name' });
    await asPatient(`/patient/doctors?specializationId=${from.id}`).expect(200);
    await asPatient(`/patient/doctors?specializationId=${to.id}`).expect(200);
    await asPatient('/patient/doctors').expect(200);

    await adminPatch(`/admin/doctors/${doc.id}`, { fullName: 'New Name', specializationId: to.id }).expect(200);
    expect((await asPatient(`/patient/doctors?specializationId=${from.id}`)).body.items).toEqual([]);
    expect((await asPatient(`/patient/doctors?specializationId=${to.id}`)).body.items).toEqual([
      expect.objectContaining({ id: doc.id, fullName: 'New Name', specialization: { id: to.id, name: to.name } }),
    ]);
    const all = (await asPatient('/patient/doctors?pageSize=100')).body.items as { id: string; fullName: string }[];
    expect(all.find((d) => d.id === doc.id)?.fullName).toBe('New Name');
  });

  it('a deactivated or removed doctor leaves the cached lists and counts at once', async () => {
    const spec = await createSpecialization(t.http, admin);
    const a = await createDoctor(t.http, admin, { specializationId: spec.id });
    const b = await createDoctor(t.http, admin, { specializationId: spec.id });
    await asPatient(`/patient/doctors?specializationId=${spec.id}`).expect(200);
    const before = (await asPatient('/patient/specializations')).body as { id: string; doctorCount: number }[];
    expect(before.find((s) => s.id === spec.id)?.doctorCount).toBe(2);

    await adminPatch(`/admin/doctors/${a.id}`, { active: false }).expect(200);
    expect(ids((await asPatient(`/patient/doctors?specializationId=${spec.id}`)).body)).toEqual([b.id]);
    await t.http.delete(`/api/v1/admin/doctors/${b.id}`).set('Authorization', admin.bearer).expect(204);
    expect(ids((await asPatient(`/patient/doctors?specializationId=${spec.id}`)).body)).toEqual([]);
    const after = (await asPatient('/patient/specializations')).body as { id: string; doctorCount: number }[];
    expect(after.find((s) => s.id === spec.id)?.doctorCount).toBe(0);
  });

  it('specialization writes show on the next read of the cached specializations and doctor lists', async () => {
    const spec = await createSpecialization(t.http, admin, 'Cache Dept', 'before');
    const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
    await asPatient('/patient/specializations').expect(200);
    await asPatient('/patient/doctors?pageSize=100').expect(200);
    expect(await cache.peek(CACHE_KEYS.specializations)).toBeDefined();

    await adminPatch(`/admin/specializations/${spec.id}`, { name: 'Cache Dept Renamed', description: 'after' }).expect(
      200,
    );
    const list = (await asPatient('/patient/specializations')).body as { id: string; name: string }[];
    expect(list.find((s) => s.id === spec.id)).toMatchObject({ name: 'Cache Dept Renamed', description: 'after' });
    const docs = (await asPatient('/patient/doctors?pageSize=100')).body.items as {
      id: string;
      specialization: { name: string };
    }[];
    expect(docs.find((d) => d.id === doc.id)?.specialization.name).toBe('Cache Dept Renamed');

    const added = await createSpecialization(t.http, admin, 'Brand New Dept');
    expect(((await asPatient('/patient/specializations')).body as { id: string }[]).map((s) => s.id)).toContain(
      added.id,
    );
    await t.http.delete(`/api/v1/admin/specializations/${added.id}`).set('Authorization', admin.bearer).expect(204);
    expect(((await asPatient('/patient/specializations')).body as { id: string }[]).map((s) => s.id)).not.toContain(
      added.id,
    );
    expect(((await asAdmin('/admin/specializations')).body as { id: string }[]).map((s) => s.id)).not.toContain(
      added.id,
    );
  });

  it('the admin dashboard is cached and shows an appointment change right after its event', async () => {
    const spec = await createSpecialization(t.http, admin);
    const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
    const patientId = await patientIdOf(t.http, patient);
    const first = (await asAdmin('/admin/dashboard').expect(200)).body;
    expect(await cache.peek(CACHE_KEYS.adminDashboard)).toBeDefined();

    // Written behind the application's back: the cached answer stands...
    const appointmentId = await insertAppointment(t.dataSource, {
      doctorId: doc.id,
      patientId,
      startsAt: hoursFromNow(5),
    });
    expect((await asAdmin('/admin/dashboard')).body.appointments).toEqual(first.appointments);

    // ...until the change is stated in a unit of work, as the booking flow does.
    await t.app
      .get(UnitOfWork)
      .run(async ({ record }) => record('appointment.booked', { appointmentId, doctorId: doc.id, patientId }));
    const second = (await asAdmin('/admin/dashboard')).body;
    expect(second.appointments.total).toBe(first.appointments.total + 1);
    expect(second.appointments.booked).toBe(first.appointments.booked + 1);
  });

  it('the admin dashboard counts a new doctor and a blacklisted patient on the next read', async () => {
    const spec = await createSpecialization(t.http, admin);
    // Sign-ups announce no event: the dashboard counts them within its 5-minute TTL or after the next change.
    const p = await registerPatient(t.http);
    const first = (await asAdmin('/admin/dashboard')).body;
    await createDoctor(t.http, admin, { specializationId: spec.id });
    const second = (await asAdmin('/admin/dashboard')).body;
    expect(second.doctors).toBe(first.doctors + 1);

    await adminPatch(`/admin/patients/${await patientIdOf(t.http, p)}`, { active: false }).expect(200);
    const third = (await asAdmin('/admin/dashboard')).body;
    expect(third.patients).toBe(second.patients - 1);
  });
});
