import { login, loginAdmin, registerPatient, type RegisteredPatient, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { createDoctor, createSpecialization, type CreatedDoctor } from './directory.fixtures';

describe('patient directory routes', () => {
  let t: TestApp;
  let admin: Session;
  let patient: RegisteredPatient;
  let cardio: { id: string; name: string };
  let derma: { id: string; name: string };
  let docs: CreatedDoctor[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    patient = await registerPatient(t.http, { fullName: 'Paula Patient', phone: '555 0199' });
    cardio = await createSpecialization(t.http, admin, 'Cardiology', 'Heart');
    derma = await createSpecialization(t.http, admin, 'Dermatology', 'Skin');
    await createSpecialization(t.http, admin, 'Empty Department');
    docs = [
      await createDoctor(t.http, admin, { specializationId: cardio.id, fullName: 'Alice Heart' }),
      await createDoctor(t.http, admin, { specializationId: cardio.id, fullName: 'Bob Pulse' }),
      await createDoctor(t.http, admin, { specializationId: derma.id, fullName: 'Carol Skin' }),
      await createDoctor(t.http, admin, { specializationId: derma.id, fullName: 'Dan Gone' }),
      await createDoctor(t.http, admin, { specializationId: cardio.id, fullName: 'Eve Off' }),
    ];
    await t.http.delete(`/api/v1/admin/doctors/${docs[3].id}`).set('Authorization', admin.bearer).expect(204);
    await t.http
      .patch(`/api/v1/admin/doctors/${docs[4].id}`)
      .set('Authorization', admin.bearer)
      .send({ active: false })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, who: Session = patient) => t.http.get(`/api/v1${url}`).set('Authorization', who.bearer);
  const names = (body: { items: { fullName: string }[] }) => body.items.map((d) => d.fullName);

  it('lists specializations with counts of active doctors only', async () => {
    const res = await get('/patient/specializations');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: cardio.id, name: 'Cardiology', description: 'Heart', doctorCount: 2 },
      { id: derma.id, name: 'Dermatology', description: 'Skin', doctorCount: 1 },
      { id: expect.any(String), name: 'Empty Department', description: '', doctorCount: 0 },
    ]);
  });

  it('lists active doctors only, sorted by name, filtered by specialization', async () => {
    const all = await get('/patient/doctors');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(names(all.body)).toEqual(['Alice Heart', 'Bob Pulse', 'Carol Skin']);
    // Patients see no login email (minimum necessary).
    expect(all.body.items[0]).toEqual({
      id: docs[0].id,
      fullName: 'Alice Heart',
      specialization: { id: cardio.id, name: 'Cardiology' },
      qualification: 'MD',
      experienceYears: 5,
      // No published hours: nothing free within the booking horizon.
      nextFreeAt: null,
    });
    expect(names((await get(`/patient/doctors?specializationId=${cardio.id}`)).body)).toEqual([
      'Alice Heart',
      'Bob Pulse',
    ]);
    expect(names((await get(`/patient/doctors?specializationId=${derma.id}`)).body)).toEqual(['Carol Skin']);
    const unknown = await get('/patient/doctors?specializationId=00000000-0000-4000-8000-000000000000');
    expect(unknown.body).toMatchObject({ items: [], total: 0 });
  });

  it('pages the list: page 2 of size 2 holds the third doctor', async () => {
    const res = await get('/patient/doctors?page=2&pageSize=2');
    expect(res.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(names(res.body)).toEqual(['Carol Skin']);
    expect((await get('/patient/doctors?page=9')).body).toMatchObject({ items: [], total: 3 });
  });

  it('searches active doctors by name or specialization, case-insensitively', async () => {
    expect(names((await get('/patient/doctors?search=PULSE')).body)).toEqual(['Bob Pulse']);
    expect(names((await get('/patient/doctors?search=cardIO')).body)).toEqual(['Alice Heart', 'Bob Pulse']);
    expect(names((await get(`/patient/doctors?search=o&specializationId=${derma.id}`)).body)).toEqual(['Carol Skin']);
    // Removed and deactivated doctors never match.
    expect((await get('/patient/doctors?search=gone')).body.total).toBe(0);
    expect((await get('/patient/doctors?search=eve%20off')).body.total).toBe(0);
  });

  it('answers 400 for pageSize 101, an unknown parameter or a bad specializationId', async () => {
    expect((await get('/patient/doctors?pageSize=101')).status).toBe(400);
    expect((await get('/patient/doctors?sort=name')).status).toBe(400);
    expect((await get('/patient/doctors?specializationId=cardio')).status).toBe(400);
  });

  it('shows an active doctor; removed, deactivated and unknown doctors answer 404', async () => {
    const ok = await get(`/patient/doctors/${docs[2].id}`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: docs[2].id, fullName: 'Carol Skin' });
    expect(ok.body).not.toHaveProperty('email');
    for (const id of [docs[3].id, docs[4].id, '00000000-0000-4000-8000-000000000000']) {
      const res = await get(`/patient/doctors/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get('/patient/doctors/not-a-uuid')).status).toBe(400);
  });

  it('refuses the directory routes without a token (401) and to doctors and admins (403)', async () => {
    expect((await t.http.get('/api/v1/patient/doctors')).status).toBe(401);
    expect((await t.http.get('/api/v1/patient/specializations')).status).toBe(401);
    expect((await t.http.get('/api/v1/patient/profile')).status).toBe(401);
    const doctor = await login(t.http, docs[0].email, docs[0].password);
    expect((await get('/patient/doctors', doctor)).status).toBe(403);
    expect((await get('/patient/profile', doctor)).status).toBe(403);
    expect((await get('/patient/specializations', admin)).status).toBe(403);
  });

  describe('profile', () => {
    it('reads the own profile', async () => {
      const res = await get('/patient/profile');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: expect.any(String),
        fullName: 'Paula Patient',
        email: patient.email,
        dateOfBirth: null,
        phone: '555 0199',
        active: true,
      });
    });

    it('edits only the given fields and clears phone with null', async () => {
      const res = await t.http
        .patch('/api/v1/patient/profile')
        .set('Authorization', patient.bearer)
        .send({ dateOfBirth: '1991-07-04' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ fullName: 'Paula Patient', dateOfBirth: '1991-07-04', phone: '555 0199' });
      const cleared = await t.http
        .patch('/api/v1/patient/profile')
        .set('Authorization', patient.bearer)
        .send({ fullName: '  Paula P. ', phone: null });
      expect(cleared.body).toMatchObject({ fullName: 'Paula P.', dateOfBirth: '1991-07-04', phone: null });
      expect((await get('/patient/profile')).body).toMatchObject({ fullName: 'Paula P.', phone: null });
    });

    it('answers 400 for unknown properties and bad values, changing nothing', async () => {
      const send = (body: object) =>
        t.http.patch('/api/v1/patient/profile').set('Authorization', patient.bearer).send(body);
      const mass = await send({ email: 'evil@example.test', active: false });
      expect(mass.status).toBe(400);
      expect(mass.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['active', 'email']);
      expect((await send({ fullName: '' })).status).toBe(400);
      expect((await send({ fullName: null })).status).toBe(400);
      expect((await send({ phone: 'call me' })).status).toBe(400);
      expect((await send({ dateOfBirth: '04/07/1991' })).status).toBe(400);
      expect((await get('/patient/profile')).body).toMatchObject({ email: patient.email, active: true });
    });
  });
});
