// (a) The cache's Redis is killed during a read load on the cached doctor
// list: not one read fails (the cache fails open to the database).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  API,
  appEnv,
  createDoctor,
  freePort,
  freshDatabase,
  http,
  missingPrerequisite,
  registerPatient,
  signIn,
  eventually,
  startApp,
  startRedis,
  stopAllChildren,
  tempDir,
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
} from './support.mjs';

const skip = await missingPrerequisite();
let db;
let redis;
let app;

before(async () => {
  if (skip) return;
  db = await freshDatabase('redis_killed');
  redis = await startRedis();
  app = await startApp({
    env: appEnv({ databaseUrl: db.url, redisUrl: redis.url, dataDir: tempDir(), role: 'api' }),
    port: await freePort(),
    name: 'api',
  });
});

after(async () => {
  await stopAllChildren();
  await db?.drop();
});

test(
  'reads of the cached doctor list keep answering 200 when Redis is killed mid-load',
  { skip: skip ?? false, timeout: 120_000 },
  async (t) => {
    const base = app.baseUrl;
    const adminToken = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const doctor = await createDoctor(base, adminToken);
    const patient = await registerPatient(base);
    const warm = await http(base, 'GET', `${API}/patient/doctors`, { token: patient.token });
    assert.equal(warm.status, 200, warm.text);
    const listed = (body) => JSON.stringify(body).includes(doctor.doctorId);
    assert.ok(listed(warm.body), 'the new doctor is listed');

    const outcomes = { ok: 0, failed: [] };
    let running = true;
    const reader = async () => {
      while (running) {
        try {
          const res = await http(base, 'GET', `${API}/patient/doctors`, { token: patient.token, timeoutMs: 5_000 });
          if (res.status === 200 && listed(res.body)) outcomes.ok += 1;
          else outcomes.failed.push(`${res.status} ${res.text.slice(0, 120)}`);
        } catch (error) {
          outcomes.failed.push(error.message);
        }
      }
    };
    const readers = Array.from({ length: 16 }, reader);
    // Load is running: every reader has been served several times.
    await eventually(() => outcomes.ok >= 16 * 5 || outcomes.failed.length > 0, { what: 'reads before the kill' });
    const beforeKill = outcomes.ok;
    await redis.kill('SIGKILL');
    // Reads go on while the cache is gone: wait until the readiness probe reports it down, then for
    // as many reads again as before the kill, with the cache known to be unreachable.
    await eventually(async () => (await http(base, 'GET', `${API}/health/ready`)).status === 503, {
      what: 'readiness to report the cache down',
    });
    const cacheDown = outcomes.ok;
    await eventually(() => outcomes.ok >= cacheDown + 16 * 5 || outcomes.failed.length > 0, {
      what: 'reads after the kill',
    });
    running = false;
    await Promise.all(readers);

    assert.ok(beforeKill > 0, 'reads were served before the kill');
    assert.ok(outcomes.ok > beforeKill, 'reads were served after the kill');
    assert.deepEqual(outcomes.failed.slice(0, 5), [], `${outcomes.failed.length} failed reads`);
    // Liveness stays up; readiness names the cache as down.
    assert.equal((await http(base, 'GET', `${API}/health`)).status, 200);
    const ready = await http(base, 'GET', `${API}/health/ready`);
    assert.equal(ready.status, 503);
    t.diagnostic(`${outcomes.ok} reads, ${beforeKill} before the kill, 0 failed`);
  },
);
