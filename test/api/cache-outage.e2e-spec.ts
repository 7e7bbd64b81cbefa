import type { ChildProcess } from 'node:child_process';
import { CacheService } from '../../apps/api/src/common/cache/cache.service';
import { CACHE_KEYS } from '../../apps/api/src/common/cache/cache-keys';
import { loginAdmin, registerPatient, type Session } from '../support/auth';
import { describeWhen, hasRedisServer } from '../support/environment';
import { freePort, startRedis } from '../support/redis-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { createDoctor, createSpecialization } from './directory.fixtures';

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

describe('directory reads while the cache Redis is unreachable (no Redis needed)', () => {
  let t: TestApp;
  let admin: Session;
  let patient: Session;

  beforeAll(async () => {
    // Nothing listens on this port: every cache call fails, as after the Redis process died.
    t = await startTestApp({ REDIS_URL: undefined, CACHE_REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    admin = await loginAdmin(t.http);
    patient = await registerPatient(t.http);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('answers reads and shows writes at once from the database', async () => {
    const spec = await createSpecialization(t.http, admin, 'Unreachable Dept');
    const names = ['Ada Ames', 'Ben Bell'];
    for (const fullName of names) await createDoctor(t.http, admin, { specializationId: spec.id, fullName });
    for (let i = 0; i < 5; i++) {
      const res = await t.http.get('/api/v1/patient/doctors').set('Authorization', patient.bearer);
      expect(res.status).toBe(200);
      expect(res.body.items.map((d: { fullName: string }) => d.fullName)).toEqual(names);
    }
    const added = await createDoctor(t.http, admin, { specializationId: spec.id, fullName: 'Cleo Cross' });
    const after = await t.http.get('/api/v1/patient/doctors').set('Authorization', patient.bearer);
    expect(after.status).toBe(200);
    expect(after.body.items.map((d: { id: string }) => d.id)).toContain(added.id);
    const specs = await t.http.get('/api/v1/patient/specializations').set('Authorization', patient.bearer);
    expect(specs.status).toBe(200);
    expect(specs.body).toEqual([expect.objectContaining({ name: 'Unreachable Dept', doctorCount: 3 })]);
  });
});

describeWhen(hasRedisServer, 'needs redis-server (the unreachable-cache case above runs everywhere)')(
  'directory reads while Redis goes away',
  () => {
    let redis: ChildProcess | null = null;
    let redisPort = 0;
    let t: TestApp;
    let admin: Session;
    let patient: Session;

    beforeAll(async () => {
      redisPort = await freePort();
      redis = await startRedis(redisPort);
      t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
      admin = await loginAdmin(t.http);
      patient = await registerPatient(t.http);
    });
    afterAll(async () => {
      // Bring Redis back so the queue and cache clients shut down cleanly instead of retrying.
      if (redis && hasExited(redis)) redis = await startRedis(redisPort).catch(() => null);
      await t?.close();
      if (redis && !hasExited(redis)) {
        const exited = new Promise((resolve) => redis!.once('exit', resolve));
        redis.kill('SIGKILL');
        await exited;
      }
      // The restarted Redis is closed while the clients are still reconnecting: the queues' close lets them
      // settle first (BullJobQueue.closeQueue). Alone this hook takes about 0.8 s.
    }, 60_000);

    it('keeps answering reads and writes correctly from the database after redis-server is killed', async () => {
      const spec = await createSpecialization(t.http, admin, 'Outage Dept');
      const names = ['Anna Able', 'Bruno Baker', 'Chen Cole'];
      for (const fullName of names) await createDoctor(t.http, admin, { specializationId: spec.id, fullName });

      const warm = await t.http.get('/api/v1/patient/doctors').set('Authorization', patient.bearer);
      expect(warm.status).toBe(200);
      // The list now lives in this Redis.
      expect(await t.app.get(CacheService).peek(CACHE_KEYS.activeDoctors)).toHaveLength(3);

      const exited = new Promise((resolve) => redis!.once('exit', resolve));
      redis!.kill('SIGKILL');
      await exited;

      for (let i = 0; i < 20; i++) {
        const started = Date.now();
        const res = await t.http.get('/api/v1/patient/doctors').set('Authorization', patient.bearer);
        expect(res.status).toBe(200);
        expect(res.body.items.map((d: { fullName: string }) => d.fullName)).toEqual(names);
        expect(Date.now() - started).toBeLessThan(2_000);
      }

      // A write during the outage is saved and shows on the next read.
      const added = await createDoctor(t.http, admin, { specializationId: spec.id, fullName: 'Dana Dunn' });
      const after = await t.http.get('/api/v1/patient/doctors').set('Authorization', patient.bearer);
      expect(after.status).toBe(200);
      expect(after.body.items.map((d: { id: string }) => d.id)).toContain(added.id);
      const specs = await t.http.get('/api/v1/patient/specializations').set('Authorization', patient.bearer);
      expect(specs.status).toBe(200);
      expect(specs.body).toEqual([expect.objectContaining({ name: 'Outage Dept', doctorCount: 4 })]);
    });
  },
);
