import { login, loginAdmin, registerPatient, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';
import { createDoctor, createSpecialization, hoursFromNow, insertAppointment, patientIdOf } from './directory.fixtures';

/** Filters and orders that the web app's list pages ask the API for. */
describe('list filters and orders', () => {
  let t: TestApp;
  let admin: Session;
  let doctorSession: Session;
  const ids: Record<string, string> = {};
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    const cardio = await createSpecialization(t.http, admin, `Cardio ${tag}`);
    const derma = await createSpecialization(t.http, admin, `Derma ${tag}`);
    const heart = await createDoctor(t.http, admin, { specializationId: cardio.id, fullName: `Helen Heart ${tag}` });
    const skin = await createDoctor(t.http, admin, { specializationId: derma.id, fullName: `Sam Skin ${tag}` });
    // The admin set a temporary password; these reads are not about changing it.
    await t.dataSource.query('UPDATE users SET must_change_password = false WHERE email = $1', [heart.email]);
    doctorSession = await login(t.http, heart.email, heart.password);
    const quinn = await registerPatient(t.http, { fullName: `Quinn 100%_Match ${tag}` });
    const rosa = await registerPatient(t.http, { fullName: `Rosa Field ${tag}` });
    Object.assign(ids, {
      cardio: cardio.id,
      derma: derma.id,
      heart: heart.id,
      skin: skin.id,
      quinn: await patientIdOf(t.http, quinn),
      rosa: await patientIdOf(t.http, rosa),
    });
    const add = (doctorId: string, patientId: string, hours: number, status = 'booked') =>
      insertAppointment(t.dataSource, { doctorId, patientId, startsAt: hoursFromNow(hours), status });
    // Helen: two upcoming, two past; Sam: one upcoming, one past.
    ids.heartSoon = await add(ids.heart, ids.quinn, 24);
    ids.heartLater = await add(ids.heart, ids.rosa, 48);
    ids.heartPast = await add(ids.heart, ids.quinn, -24, 'completed');
    ids.heartLongAgo = await add(ids.heart, ids.rosa, -72, 'completed');
    ids.skinSoon = await add(ids.skin, ids.rosa, 30);
    ids.skinPast = await add(ids.skin, ids.quinn, -30, 'completed');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, who: Session = admin) => t.http.get(`/api/v1${url}`).set('Authorization', who.bearer);
  const itemIds = (body: { items: { id: string }[] }) => body.items.map((a) => a.id);

  describe('GET /admin/appointments', () => {
    it('filters by the doctor’s department and counts the total of the filter', async () => {
      const res = await get(`/admin/appointments?specializationId=${ids.derma}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(itemIds(res.body)).toEqual([ids.skinSoon, ids.skinPast]);
    });

    it('finds by part of the doctor’s or the patient’s name, case-insensitively, wildcards taken literally', async () => {
      const byDoctor = await get(`/admin/appointments?search=${encodeURIComponent(`sam SKIN ${tag}`)}`);
      expect(byDoctor.status).toBe(200);
      expect(byDoctor.body.total).toBe(2);
      const byPatient = await get(`/admin/appointments?search=${encodeURIComponent(`100%_match ${tag}`)}`);
      expect(byPatient.body.total).toBe(3);
      expect(new Set(byPatient.body.items.map((a: { patient: { id: string } }) => a.patient.id))).toEqual(
        new Set([ids.quinn]),
      );
      const wildcard = await get(`/admin/appointments?search=${encodeURIComponent(`%_% ${tag}`)}`);
      expect(wildcard.body.total).toBe(0);
    });

    it('upcoming is soonest first and past latest first, unless an order is asked for', async () => {
      const upcoming = await get(`/admin/appointments?doctorId=${ids.heart}&scope=upcoming`);
      expect(itemIds(upcoming.body)).toEqual([ids.heartSoon, ids.heartLater]);
      expect(upcoming.body.total).toBe(2);
      const past = await get(`/admin/appointments?doctorId=${ids.heart}&scope=past`);
      expect(itemIds(past.body)).toEqual([ids.heartPast, ids.heartLongAgo]);
      const upcomingLatestFirst = await get(`/admin/appointments?doctorId=${ids.heart}&scope=upcoming&order=desc`);
      expect(itemIds(upcomingLatestFirst.body)).toEqual([ids.heartLater, ids.heartSoon]);
      const allSoonestFirst = await get(`/admin/appointments?doctorId=${ids.heart}&order=asc`);
      expect(itemIds(allSoonestFirst.body)).toEqual([ids.heartLongAgo, ids.heartPast, ids.heartSoon, ids.heartLater]);
      const allDefault = await get(`/admin/appointments?doctorId=${ids.heart}`);
      expect(itemIds(allDefault.body)).toEqual([ids.heartLater, ids.heartSoon, ids.heartPast, ids.heartLongAgo]);
    });

    it('pages a filtered list with the total of the whole filter', async () => {
      const first = await get(`/admin/appointments?search=${tag}&order=asc&pageSize=4&page=1`);
      const second = await get(`/admin/appointments?search=${tag}&order=asc&pageSize=4&page=2`);
      expect(first.body).toMatchObject({ total: 6, page: 1, pageSize: 4 });
      expect(second.body).toMatchObject({ total: 6, page: 2, pageSize: 4 });
      expect(first.body.items).toHaveLength(4);
      expect(second.body.items).toHaveLength(2);
      expect(new Set([...itemIds(first.body), ...itemIds(second.body)]).size).toBe(6);
    });

    it.each([
      ['order=up', 'order'],
      ['scope=tomorrow', 'scope'],
      ['specializationId=cardio', 'specializationId'],
      [`search=${'x'.repeat(101)}`, 'search'],
    ])('answers 400 naming the field for %s', async (query, field) => {
      const res = await get(`/admin/appointments?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('GET /doctor/appointments', () => {
    it('upcoming is soonest first by default and latest first when asked', async () => {
      const soonest = await get('/doctor/appointments?scope=upcoming&order=asc', doctorSession);
      expect(itemIds(soonest.body)).toEqual([ids.heartSoon, ids.heartLater]);
      const latest = await get('/doctor/appointments?scope=upcoming&order=desc', doctorSession);
      expect(itemIds(latest.body)).toEqual([ids.heartLater, ids.heartSoon]);
      const past = await get('/doctor/appointments?scope=past', doctorSession);
      expect(itemIds(past.body)).toEqual([ids.heartPast, ids.heartLongAgo]);
      expect(past.body.total).toBe(2);
    });

    it('answers 400 for an unknown order', async () => {
      const res = await get('/doctor/appointments?order=sideways', doctorSession);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('order');
    });
  });

  describe('GET /doctor/patients', () => {
    it('finds patients in care by part of the name, with the total of the search', async () => {
      const all = await get('/doctor/patients', doctorSession);
      expect(all.body.total).toBe(2);
      const found = await get(`/doctor/patients?search=${encodeURIComponent(`rosa FIELD`)}`, doctorSession);
      expect(found.status).toBe(200);
      expect(found.body.total).toBe(1);
      expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([ids.rosa]);
      const literal = await get(`/doctor/patients?search=${encodeURIComponent('100%_')}`, doctorSession);
      expect(literal.body.items.map((p: { id: string }) => p.id)).toEqual([ids.quinn]);
      const none = await get(`/doctor/patients?search=${encodeURIComponent('%%')}`, doctorSession);
      expect(none.body.total).toBe(0);
    });

    it('pages the patients with the total', async () => {
      const res = await get('/doctor/patients?pageSize=1&page=2', doctorSession);
      expect(res.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
      expect(res.body.items).toHaveLength(1);
    });

    it('answers 400 for a search longer than 100 characters', async () => {
      const res = await get(`/doctor/patients?search=${'y'.repeat(101)}`, doctorSession);
      expect(res.status).toBe(400);
    });
  });
});
