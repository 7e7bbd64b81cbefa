import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CacheService } from '../../apps/api/src/common/cache/cache.service';
import { DoctorsRepository } from '../../apps/api/src/directory/doctors.repository';
import { loginAdmin, registerPatient, type Session } from '../support/auth';
import {
  describeWhen,
  hasRedis,
  hasSharedPostgres,
  REDIS_MISSING,
  SHARED_POSTGRES_MISSING,
} from '../support/environment';
import { eventually } from '../support/eventually';
import { sharedPostgres, type SharedDatabase } from '../support/postgres-server';
import { assertBuilt, freePort, spawnApi, waitFor, type AppProcess } from '../support/process';
import { suiteRedis, type SuiteRedis } from '../support/redis-server';
import { startTestApp, testEnv, type TestApp } from '../support/test-app';
import {
  clinicDate,
  createDoctor as createClinicDoctor,
  createPatient,
  publishWindow,
} from '../support/clinic-fixtures';
import { isoWeekday } from '../../apps/api/src/common/time/clinic-time';
import { createDoctor, createSpecialization } from './directory.fixtures';

/** A promise with its resolve function, to hold a read until the test lets it go. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * Two API instances (each its own cache connections, invalidation
 * subscription and tier of ready bodies) on one database and one Redis: a
 * write through one is visible at once through the other, and a read racing
 * the write never leaves a stale body behind. The same properties without
 * Redis are pinned in cache-tier.e2e-spec.ts, which runs everywhere. The
 * Redis is REDIS_URL when set, else a throw-away redis-server.
 */
describeWhen(hasRedis, `${REDIS_MISSING} (cache-tier.e2e-spec.ts runs everywhere)`)(
  'two API instances on one Redis',
  () => {
    let redis: SuiteRedis | undefined;
    let a: TestApp;
    let b: TestApp;
    let admin: Session;
    let patient: Session;

    beforeAll(async () => {
      redis = await suiteRedis();
      const shared = { REDIS_URL: redis.url, REDIS_PREFIX: `hmstest:two:${randomUUID().slice(0, 8)}` };
      a = await startTestApp(shared);
      b = await startTestApp(shared, { keepData: true });
      admin = await loginAdmin(a.http);
      patient = await registerPatient(a.http);
      await eventually(() => a.app.get(CacheService).tier.enabled && b.app.get(CacheService).tier.enabled, {
        what: 'both instances subscribed to invalidations',
      });
    }, 120_000);
    afterAll(async () => {
      await b?.close();
      await a?.close();
      await redis?.stop();
    }, 60_000);

    const get = (t: TestApp, url: string, who: Session) =>
      t.http.get(`/api/v1${url}`).set('Authorization', who.bearer).expect(200);
    const ids = (body: { items: { id: string }[] }) => body.items.map((d) => d.id);

    it('a write through one instance is visible at once through the other (doctor list, specializations, dashboard)', async () => {
      const spec = await createSpecialization(a.http, admin);
      // Warm every read in B twice: the second answer comes from B's tier.
      for (let i = 0; i < 2; i++) {
        await get(b, '/patient/doctors?pageSize=100', patient);
        await get(b, '/patient/specializations', patient);
        await get(b, '/admin/dashboard', admin);
      }
      const tierOfB = b.app.get(CacheService).tier;
      expect(tierOfB.get('specializations')).toBeDefined();
      expect(tierOfB.get('admin-dashboard')).toBeDefined();
      const doctorsBefore = (await get(b, '/admin/dashboard', admin)).body.doctors as number;

      const doc = await createDoctor(a.http, admin, { specializationId: spec.id });

      expect(ids((await get(b, '/patient/doctors?pageSize=100', patient)).body)).toContain(doc.id);
      expect((await get(b, '/patient/specializations', patient)).body).toContainEqual(
        expect.objectContaining({ id: spec.id, doctorCount: 1 }),
      );
      expect((await get(b, '/admin/dashboard', admin)).body.doctors).toBe(doctorsBefore + 1);
    });

    it('a change of a doctor’s hours or standing through one instance applies at once to bookings through the other', async () => {
      const doctor = await createClinicDoctor(a);
      const booker = await createPatient(a);
      const attempt = (startsAt: string) =>
        b.http
          .post('/api/v1/patient/appointments')
          .set('Authorization', booker.session.bearer)
          .send({ doctorId: doctor.doctorId, startsAt });
      const date = clinicDate(a, 3);
      // B checks a booking against the doctor's hours on the date (and keeps them): none yet.
      expect((await attempt(`${date}T10:00:00Z`)).body.code).toBe('outside_availability');
      await publishWindow(a, doctor, { date, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
      expect((await attempt(`${date}T10:00:00Z`)).status).toBe(201);

      // The weekly template, which only the slot rule reads (no database re-check at the write).
      const later = clinicDate(a, 4);
      const template = (slotMinutes: number) =>
        a.http
          .put('/api/v1/doctor/schedule')
          .set('Authorization', doctor.session.bearer)
          .send({ weekly: [{ weekday: isoWeekday(later), startTime: '09:00', endTime: '12:00' }], slotMinutes })
          .expect(200);
      await template(30);
      expect((await attempt(`${later}T09:00:00Z`)).status).toBe(201);
      await template(60);
      const off = await attempt(`${later}T10:30:00Z`);
      expect([off.status, off.body.code]).toEqual([422, 'not_slot_start']);
      expect((await attempt(`${later}T11:00:00Z`)).status).toBe(201);

      // The doctor's standing: B reads (and keeps) it while the doctor is away, then sees the return at once.
      const another = clinicDate(a, 5);
      await publishWindow(a, doctor, { date: another, startTime: '09:00', endTime: '10:00', slotMinutes: 30 });
      const standing = (active: boolean) =>
        a.http
          .patch(`/api/v1/admin/doctors/${doctor.doctorId}`)
          .set('Authorization', admin.bearer)
          .send({ active })
          .expect(200);
      await standing(false);
      expect((await attempt(`${another}T09:00:00Z`)).body.code).toBe('doctor_inactive');
      await standing(true);
      expect((await attempt(`${another}T09:00:00Z`)).status).toBe(201);
    });

    it('a doctor list read in one instance that races a write through the other leaves no stale body behind', async () => {
      const spec = await createSpecialization(a.http, admin);
      const url = `/patient/doctors?specializationId=${spec.id}`;
      const repository = b.app.get(DoctorsRepository);
      const original = repository.listActive.bind(repository);
      const readDone = gate();
      const release = gate();
      const spy = jest.spyOn(repository, 'listActive').mockImplementationOnce(async (...args) => {
        const rows = await original(...args);
        readDone.open();
        await release.promise;
        return rows;
      });
      try {
        // B reads the (empty) list from the database, and holds its answer…
        const racing = get(b, url, patient).then((res) => res);
        await readDone.promise;
        // …while a doctor is added through A, invalidation awaited…
        const doc = await createDoctor(a.http, admin, { specializationId: spec.id });
        // …then B finishes: it answers what it read before the write,
        release.open();
        expect(ids((await racing).body)).toEqual([]);
        // but kept nothing of it: the next reads, through either instance, show the doctor.
        expect(ids((await get(b, url, patient)).body)).toEqual([doc.id]);
        expect(ids((await get(a, url, patient)).body)).toEqual([doc.id]);
      } finally {
        spy.mockRestore();
      }
    });
  },
);

// Two processes cannot share a PGlite database: CI's PostgreSQL, else a temporary database on the local server.
describeWhen(
  hasRedis && hasSharedPostgres,
  [hasRedis ? null : REDIS_MISSING, hasSharedPostgres ? null : SHARED_POSTGRES_MISSING]
    .filter(Boolean)
    .concat('cache-tier.e2e-spec.ts runs everywhere')
    .join('; '),
)('two API processes (the built product) on one Redis', () => {
  const processes: AppProcess[] = [];
  let redis: SuiteRedis | undefined;
  let database: SharedDatabase | undefined;
  let admin: Session;
  let patient: Session;

  beforeAll(async () => {
    assertBuilt();
    redis = await suiteRedis();
    database = await sharedPostgres();
    const env = testEnv({
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: undefined,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `hmstest:procs:${randomUUID().slice(0, 8)}`,
    });
    for (let i = 0; i < 2; i++) {
      const app = spawnApi(env, await freePort());
      processes.push(app);
      await waitFor(`${app.baseUrl}/api/v1/health/ready`, 90_000);
    }
    admin = await loginAdmin(request(processes[0].baseUrl));
    patient = await registerPatient(request(processes[0].baseUrl));
  }, 240_000);
  afterAll(async () => {
    for (const app of processes) await app.stop();
    await database?.drop();
    await redis?.stop();
  }, 60_000);

  it('a write through one process is visible at once through the other (doctor list, specializations, dashboard)', async () => {
    const [a, b] = processes.map((p) => request(p.baseUrl));
    const get = (url: string, who: Session) => b.get(`/api/v1${url}`).set('Authorization', who.bearer).expect(200);
    const spec = await createSpecialization(a, admin);
    for (let i = 0; i < 2; i++) {
      await get('/patient/doctors?pageSize=100', patient);
      await get('/patient/specializations', patient);
      await get('/admin/dashboard', admin);
    }
    const doctorsBefore = (await get('/admin/dashboard', admin)).body.doctors as number;

    const doc = await createDoctor(a, admin, { specializationId: spec.id });

    const list = (await get('/patient/doctors?pageSize=100', patient)).body as { items: { id: string }[] };
    expect(list.items.map((d) => d.id)).toContain(doc.id);
    expect((await get('/patient/specializations', patient)).body).toContainEqual(
      expect.objectContaining({ id: spec.id, doctorCount: 1 }),
    );
    expect((await get('/admin/dashboard', admin)).body.doctors).toBe(doctorsBefore + 1);
  });
});
