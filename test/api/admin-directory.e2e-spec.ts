import { login, loginAdmin, registerPatient, uniqueEmail, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { createDoctor, createSpecialization, hoursFromNow, insertAppointment, patientIdOf } from './directory.fixtures';

describe('admin directory routes', () => {
  let t: TestApp;
  let admin: Session;
  let patient: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    patient = await registerPatient(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, who: Session = admin) => t.http.get(`/api/v1${url}`).set('Authorization', who.bearer);
  const post = (url: string, body: object, who: Session = admin) =>
    t.http.post(`/api/v1${url}`).set('Authorization', who.bearer).send(body);
  const patch = (url: string, body: object, who: Session = admin) =>
    t.http.patch(`/api/v1${url}`).set('Authorization', who.bearer).send(body);
  const del = (url: string, who: Session = admin) => t.http.delete(`/api/v1${url}`).set('Authorization', who.bearer);

  describe('access', () => {
    it.each([
      ['GET', '/admin/specializations'],
      ['GET', '/admin/doctors'],
      ['GET', '/admin/patients'],
      ['GET', '/admin/dashboard'],
    ])('answers 401 without a token on %s %s', async (_method, url) => {
      const res = await t.http.get(`/api/v1${url}`);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it.each(['/admin/specializations', '/admin/doctors', '/admin/patients', '/admin/dashboard'])(
      'answers 403 to a patient token on %s',
      async (url) => {
        const res = await get(url, patient);
        expect(res.status).toBe(403);
      },
    );

    it('answers 403 to a doctor token on admin routes', async () => {
      const spec = await createSpecialization(t.http, admin);
      const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
      const session = await login(t.http, doc.email, doc.password);
      expect((await get('/admin/doctors', session)).status).toBe(403);
      expect((await post('/admin/specializations', { name: 'Sneaky' }, session)).status).toBe(403);
      expect((await patch(`/admin/doctors/${doc.id}`, { fullName: 'Self Promoted' }, session)).status).toBe(403);
    });
  });

  describe('specializations', () => {
    it('creates one with 201 and lists it with its active doctor count', async () => {
      const created = await post('/admin/specializations', { name: 'Cardiology', description: 'Heart' });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        name: 'Cardiology',
        description: 'Heart',
        doctorCount: 0,
      });
      await createDoctor(t.http, admin, { specializationId: created.body.id });
      const removed = await createDoctor(t.http, admin, { specializationId: created.body.id });
      expect((await del(`/admin/doctors/${removed.id}`)).status).toBe(204);

      const list = await get('/admin/specializations');
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual({ ...created.body, doctorCount: 1 });
    });

    it('answers 409 for a name that exists in another case', async () => {
      await createSpecialization(t.http, admin, 'Dermatology');
      const res = await post('/admin/specializations', { name: '  DERMATOLOGY ' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ status: 409, code: 'specialization_name_taken' });
    });

    it('answers 400 for an unknown property and for an empty name', async () => {
      const res = await post('/admin/specializations', { name: 'Oncology', color: 'red' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ field: 'color', message: 'property color should not exist' });
      const empty = await post('/admin/specializations', { name: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.errors.map((e: { field: string }) => e.field)).toContain('name');
    });

    it('edits only the fields given', async () => {
      const spec = await createSpecialization(t.http, admin, 'Neurology', 'Brain');
      const res = await patch(`/admin/specializations/${spec.id}`, { description: 'Brain and nerves' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: spec.id, name: 'Neurology', description: 'Brain and nerves' });
      const renamed = await patch(`/admin/specializations/${spec.id}`, { name: 'Neurology & Sleep' });
      expect(renamed.body).toMatchObject({ name: 'Neurology & Sleep', description: 'Brain and nerves' });
    });

    it('answers 409 when a rename collides with another name, and 404 for an unknown id', async () => {
      await createSpecialization(t.http, admin, 'Pediatrics');
      const other = await createSpecialization(t.http, admin, 'Geriatrics');
      expect((await patch(`/admin/specializations/${other.id}`, { name: 'pediatrics' })).status).toBe(409);
      // Renaming to its own name in another case is fine.
      expect((await patch(`/admin/specializations/${other.id}`, { name: 'GERIATRICS' })).status).toBe(200);
      const missing = await patch('/admin/specializations/00000000-0000-4000-8000-000000000000', { name: 'X' });
      expect(missing.status).toBe(404);
      expect((await patch('/admin/specializations/not-a-uuid', { name: 'X' })).status).toBe(400);
    });

    it('deletes an unused specialization with 204 and refuses one with doctors (removed ones included) with 409', async () => {
      const unused = await createSpecialization(t.http, admin);
      expect((await del(`/admin/specializations/${unused.id}`)).status).toBe(204);
      expect((await del(`/admin/specializations/${unused.id}`)).status).toBe(404);

      const used = await createSpecialization(t.http, admin);
      const doc = await createDoctor(t.http, admin, { specializationId: used.id });
      expect((await del(`/admin/doctors/${doc.id}`)).status).toBe(204);
      const res = await del(`/admin/specializations/${used.id}`);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'specialization_in_use', detail: expect.stringMatching(/removed/) });
      expect((await get('/admin/specializations')).body.map((s: { id: string }) => s.id)).toContain(used.id);
    });
  });

  describe('doctors', () => {
    let spec: { id: string; name: string };
    beforeAll(async () => {
      spec = await createSpecialization(t.http, admin, 'Orthopedics');
    });

    it('creates a doctor with 201 and a login that works', async () => {
      const email = uniqueEmail('Dr.Bone');
      const res = await post('/admin/doctors', {
        email,
        password: 'bones-pass-1',
        fullName: 'Bea Bone',
        specializationId: spec.id,
        qualification: 'MD, PhD',
        experienceYears: 12,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        fullName: 'Bea Bone',
        email: email.toLowerCase(),
        specialization: { id: spec.id, name: 'Orthopedics' },
        qualification: 'MD, PhD',
        experienceYears: 12,
        active: true,
      });
      const session = await login(t.http, email, 'bones-pass-1');
      const me = await get('/auth/me', session);
      expect(me.body).toMatchObject({ user: { role: 'doctor' }, profile: { id: res.body.id } });
    });

    it('answers 409 for an email in use (any case) and 422 for an unknown specialization', async () => {
      const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
      const dup = await post('/admin/doctors', {
        email: doc.email.toUpperCase(),
        password: 'another-pass',
        fullName: 'Copy',
        specializationId: spec.id,
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('email_taken');
      const patientDup = await post('/admin/doctors', {
        email: (patient as Session & { email: string }).email,
        password: 'another-pass',
        fullName: 'Copy',
        specializationId: spec.id,
      });
      expect(patientDup.status).toBe(409);
      const unknown = await post('/admin/doctors', {
        email: uniqueEmail('doc'),
        password: 'another-pass',
        fullName: 'Nobody',
        specializationId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('specialization_unknown');
    });

    it('answers 400 listing bad fields and unknown properties', async () => {
      const res = await post('/admin/doctors', {
        email: 'nope',
        password: 'short',
        fullName: '',
        specializationId: 'x',
        experienceYears: -1,
        role: 'admin',
      });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['email', 'password', 'fullName', 'specializationId', 'experienceYears', 'role']),
      );
    });

    it('searches by name, email or specialization name case-insensitively', async () => {
      const s = await createSpecialization(t.http, admin, 'Ophthalmology Searchable');
      const a = await createDoctor(t.http, admin, { specializationId: s.id, fullName: 'Zelda Quixote' });
      const b = await createDoctor(t.http, admin, {
        specializationId: spec.id,
        fullName: 'Plain Name',
        email: uniqueEmail('uniqmailzz'),
      });
      const byName = await get('/admin/doctors?search=zELDA%20qui');
      expect(byName.body.items.map((d: { id: string }) => d.id)).toEqual([a.id]);
      const byEmail = await get('/admin/doctors?search=UNIQMAILZZ');
      expect(byEmail.body.items.map((d: { id: string }) => d.id)).toEqual([b.id]);
      const bySpec = await get('/admin/doctors?search=ophthalmology%20SEARCH');
      expect(bySpec.body.items.map((d: { id: string }) => d.id)).toEqual([a.id]);
      expect(bySpec.body.total).toBe(1);
      // Wildcards in the term match literally.
      expect((await get('/admin/doctors?search=%25')).body.total).toBe(0);
      expect((await get('/admin/doctors?search=_')).body.total).toBe(0);
    });

    it('filters by specialization and active, and pages', async () => {
      const s = await createSpecialization(t.http, admin);
      const docs = [];
      for (const name of ['Ann A', 'Ben B', 'Cid C']) {
        docs.push(await createDoctor(t.http, admin, { specializationId: s.id, fullName: name }));
      }
      expect((await patch(`/admin/doctors/${docs[1].id}`, { active: false })).status).toBe(200);

      const all = await get(`/admin/doctors?specializationId=${s.id}`);
      expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(all.body.items.map((d: { fullName: string }) => d.fullName)).toEqual(['Ann A', 'Ben B', 'Cid C']);
      const active = await get(`/admin/doctors?specializationId=${s.id}&active=true`);
      expect(active.body.items.map((d: { fullName: string }) => d.fullName)).toEqual(['Ann A', 'Cid C']);
      const inactive = await get(`/admin/doctors?specializationId=${s.id}&active=false`);
      expect(inactive.body.items).toEqual([expect.objectContaining({ fullName: 'Ben B', active: false })]);
      const page2 = await get(`/admin/doctors?specializationId=${s.id}&page=2&pageSize=2`);
      expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page2.body.items.map((d: { fullName: string }) => d.fullName)).toEqual(['Cid C']);
    });

    it('answers 400 for pageSize 101, page 0, a bad active flag and a bad specializationId', async () => {
      expect((await get('/admin/doctors?pageSize=101')).status).toBe(400);
      expect((await get('/admin/doctors?pageSize=100')).status).toBe(200);
      expect((await get('/admin/doctors?page=0')).status).toBe(400);
      expect((await get('/admin/doctors?active=maybe')).status).toBe(400);
      expect((await get('/admin/doctors?specializationId=abc')).status).toBe(400);
      expect((await get('/admin/doctors?unknown=1')).status).toBe(400);
    });

    it('reads one doctor, 404 for an unknown id', async () => {
      const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
      const res = await get(`/admin/doctors/${doc.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: doc.id, email: doc.email });
      expect((await get('/admin/doctors/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('edits fields and moves the doctor to another specialization; unknown specialization 422', async () => {
      const doc = await createDoctor(t.http, admin, { specializationId: spec.id });
      const other = await createSpecialization(t.http, admin);
      const res = await patch(`/admin/doctors/${doc.id}`, {
        fullName: 'Renamed Doctor',
        specializationId: other.id,
        qualification: 'FRCS',
        experienceYears: 20,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        fullName: 'Renamed Doctor',
        specialization: { id: other.id, name: other.name },
        qualification: 'FRCS',
        experienceYears: 20,
        active: true,
      });
      const bad = await patch(`/admin/doctors/${doc.id}`, {
        specializationId: '00000000-0000-4000-8000-000000000000',
      });
      expect(bad.status).toBe(422);
      expect((await patch(`/admin/doctors/${doc.id}`, { email: 'x@y.z' })).status).toBe(400);
      expect((await patch(`/admin/doctors/${doc.id}`, { fullName: null })).status).toBe(400);
      expect((await patch('/admin/doctors/00000000-0000-4000-8000-000000000000', { fullName: 'X' })).status).toBe(404);
    });

    it('deactivation cancels future booked appointments, tells the patients, cuts off tokens and hides the doctor', async () => {
      const doc = await createDoctor(t.http, admin, { specializationId: spec.id, fullName: 'Leaving Soon' });
      const other = await createDoctor(t.http, admin, { specializationId: spec.id });
      const docSession = await login(t.http, doc.email, doc.password);
      expect((await get('/auth/me', docSession)).status).toBe(200);
      const p1 = await patientIdOf(t.http, patient);
      const p2 = await patientIdOf(t.http, await registerPatient(t.http));
      const future1 = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: p1,
        startsAt: hoursFromNow(30),
      });
      const future2 = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: p2,
        startsAt: hoursFromNow(31),
      });
      const past = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: p1,
        startsAt: hoursFromNow(-30),
      });
      const done = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: p2,
        startsAt: hoursFromNow(-40),
        status: 'completed',
      });
      const othersAppt = await insertAppointment(t.dataSource, {
        doctorId: other.id,
        patientId: p1,
        startsAt: hoursFromNow(50),
      });

      const res = await patch(`/admin/doctors/${doc.id}`, { active: false });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: doc.id, active: false });

      const rows: {
        id: string;
        status: string;
        cancelled_by: string | null;
        cancellation_reason: string | null;
        sequence: number;
      }[] = await t.dataSource.query(
        'SELECT id, status, cancelled_by, cancellation_reason, sequence FROM appointments WHERE id = ANY($1)',
        [[future1, future2, past, done, othersAppt]],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const id of [future1, future2]) {
        expect(byId.get(id)).toMatchObject({
          status: 'cancelled',
          cancelled_by: 'system',
          cancellation_reason: 'doctor_unavailable',
          sequence: 1,
        });
      }
      expect(byId.get(past)).toMatchObject({ status: 'booked', sequence: 0 });
      expect(byId.get(done)).toMatchObject({ status: 'completed' });
      expect(byId.get(othersAppt)).toMatchObject({ status: 'booked' });

      const outbox: { aggregate_id: string; kind: string; dedupe_key: string; payload: { reason: string } }[] =
        await t.dataSource.query(
          'SELECT aggregate_id, kind, dedupe_key, payload FROM outbox_messages WHERE aggregate_id = ANY($1) ORDER BY dedupe_key',
          [[future1, future2, past, done, othersAppt]],
        );
      expect(outbox).toHaveLength(2);
      expect(outbox.map((o) => o.aggregate_id).sort()).toEqual([future1, future2].sort());
      for (const o of outbox) {
        expect(o).toMatchObject({
          kind: 'appointment.cancelled',
          dedupe_key: `appointment.cancelled:${o.aggregate_id}:1`,
          payload: {
            snapshot: {
              status: 'cancelled',
              sequence: 1,
              cancelledBy: 'system',
              cancellationReason: 'doctor_unavailable',
            },
          },
        });
      }

      // The existing access token stops working at once; a new sign-in is refused.
      expect((await get('/auth/me', docSession)).status).toBe(401);
      const relogin = await t.http.post('/api/v1/auth/login').send({ email: doc.email, password: doc.password });
      expect(relogin.status).toBe(403);

      // Hidden from patients.
      expect((await get(`/patient/doctors/${doc.id}`, patient)).status).toBe(404);
      const browse = await get(`/patient/doctors?specializationId=${spec.id}`, patient);
      expect(browse.body.items.map((d: { id: string }) => d.id)).not.toContain(doc.id);
      const search = await get('/patient/doctors?search=leaving%20soon', patient);
      expect(search.body.total).toBe(0);

      // Reactivation restores the login and the listing; cancelled appointments stay cancelled.
      const back = await patch(`/admin/doctors/${doc.id}`, { active: true });
      expect(back.body.active).toBe(true);
      await login(t.http, doc.email, doc.password);
      expect((await get(`/patient/doctors/${doc.id}`, patient)).status).toBe(200);
      const [{ status }] = await t.dataSource.query('SELECT status FROM appointments WHERE id = $1', [future1]);
      expect(status).toBe('cancelled');
    });

    it('DELETE removes the doctor from service with 204 but keeps every row; admins still see them', async () => {
      const doc = await createDoctor(t.http, admin, { specializationId: spec.id, fullName: 'Retiring Rita' });
      const docSession = await login(t.http, doc.email, doc.password);
      const p = await patientIdOf(t.http, patient);
      const done = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: p,
        startsAt: hoursFromNow(-60),
        status: 'completed',
      });
      await t.dataSource.query(`INSERT INTO treatments (appointment_id, diagnosis) VALUES ($1, 'Sprain')`, [done]);
      const future = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: p,
        startsAt: hoursFromNow(70),
      });

      expect((await del(`/admin/doctors/${doc.id}`)).status).toBe(204);
      expect((await get('/auth/me', docSession)).status).toBe(401);
      const seen = await get(`/admin/doctors/${doc.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ fullName: 'Retiring Rita', active: false });
      expect((await get(`/patient/doctors/${doc.id}`, patient)).status).toBe(404);
      const [{ status }] = await t.dataSource.query('SELECT status FROM appointments WHERE id = $1', [future]);
      expect(status).toBe('cancelled');
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM treatments WHERE appointment_id = $1', [
        done,
      ]);
      expect(n).toBe(1);
      // A removed doctor cannot be reactivated; removing again changes nothing.
      const revive = await patch(`/admin/doctors/${doc.id}`, { active: true });
      expect(revive.status).toBe(409);
      expect(revive.body.code).toBe('doctor_removed');
      expect((await del(`/admin/doctors/${doc.id}`)).status).toBe(204);
      expect((await del('/admin/doctors/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('patients', () => {
    it('searches by name, email, phone or exact id, case-insensitively', async () => {
      const a = await registerPatient(t.http, { fullName: 'Xavier Quartz', phone: '+44 20 7946 0958' });
      const b = await registerPatient(t.http, { fullName: 'Yolanda Prism', email: uniqueEmail('PrismMail') });
      const aId = await patientIdOf(t.http, a);
      const bId = await patientIdOf(t.http, b);
      const ids = async (q: string) =>
        ((await get(`/admin/patients?search=${encodeURIComponent(q)}`)).body.items as { id: string }[]).map(
          (p) => p.id,
        );
      expect(await ids('xavier QUARTZ')).toEqual([aId]);
      expect(await ids('prismmail')).toEqual([bId]);
      expect(await ids('7946 09')).toEqual([aId]);
      expect(await ids(bId.toUpperCase())).toEqual([bId]);
      const one = await get(`/admin/patients?search=${aId}`);
      expect(one.body).toMatchObject({
        total: 1,
        items: [{ id: aId, fullName: 'Xavier Quartz', phone: '+44 20 7946 0958', active: true }],
      });
    });

    it('filters by active and bounds the page size', async () => {
      const p = await registerPatient(t.http, { fullName: 'Inactive Ingrid' });
      const id = await patientIdOf(t.http, p);
      expect((await patch(`/admin/patients/${id}`, { active: false })).status).toBe(200);
      const inactive = await get('/admin/patients?active=false&search=ingrid');
      expect(inactive.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
      expect((await get('/admin/patients?active=true&search=ingrid')).body.total).toBe(0);
      expect((await get('/admin/patients?pageSize=101')).status).toBe(400);
      expect((await get('/admin/patients?pageSize=1')).body.items).toHaveLength(1);
    });

    it('reads a patient with their appointment history, latest first, with treatments', async () => {
      const s = await createSpecialization(t.http, admin);
      const doc = await createDoctor(t.http, admin, { specializationId: s.id, fullName: 'History Doc' });
      const p = await registerPatient(t.http, { fullName: 'History Hannah' });
      const id = await patientIdOf(t.http, p);
      const old = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: id,
        startsAt: hoursFromNow(-100),
        status: 'completed',
      });
      await t.dataSource.query(
        `INSERT INTO treatments (appointment_id, diagnosis, prescription) VALUES ($1, 'Flu', 'Rest')`,
        [old],
      );
      const upcoming = await insertAppointment(t.dataSource, {
        doctorId: doc.id,
        patientId: id,
        startsAt: hoursFromNow(100),
      });
      const res = await get(`/admin/patients/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, fullName: 'History Hannah', email: p.email, active: true });
      expect(res.body.appointments.map((a: { id: string }) => a.id)).toEqual([upcoming, old]);
      expect(res.body.appointments[1]).toMatchObject({
        doctor: { id: doc.id, fullName: 'History Doc', specialization: s.name },
        patient: { id, fullName: 'History Hannah' },
        status: 'completed',
        treatment: { appointmentId: old, diagnosis: 'Flu', prescription: 'Rest' },
      });
      expect(res.body.appointments[0].treatment).toBeNull();
      expect((await get('/admin/patients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('edits a patient and blacklists them: tokens refused at once, sign-in 403, restored by active true', async () => {
      const p = await registerPatient(t.http, { fullName: 'Edit Me', phone: '555-0101' });
      const id = await patientIdOf(t.http, p);
      const edited = await patch(`/admin/patients/${id}`, {
        fullName: 'Edited',
        dateOfBirth: '1980-02-29',
        phone: null,
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ fullName: 'Edited', dateOfBirth: '1980-02-29', phone: null, active: true });
      expect((await patch(`/admin/patients/${id}`, { dateOfBirth: '1980-13-01' })).status).toBe(400);
      expect((await patch(`/admin/patients/${id}`, { email: 'new@example.test' })).status).toBe(400);

      expect((await get('/patient/profile', p)).status).toBe(200);
      const off = await patch(`/admin/patients/${id}`, { active: false });
      expect(off.body.active).toBe(false);
      expect((await get('/patient/profile', p)).status).toBe(401);
      const refused = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: p.password });
      expect(refused.status).toBe(403);

      expect((await patch(`/admin/patients/${id}`, { active: true })).body.active).toBe(true);
      const back = await login(t.http, p.email, p.password);
      expect((await get('/patient/profile', back)).status).toBe(200);
      expect((await patch('/admin/patients/00000000-0000-4000-8000-000000000000', { fullName: 'X' })).status).toBe(404);
    });
  });
});
