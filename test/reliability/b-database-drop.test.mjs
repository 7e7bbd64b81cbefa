// (b) The database connections drop mid-request (every backend of the app's
// database terminated while requests run): the affected requests answer a
// clean 503 problem+json, never a 500, and later requests succeed again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  API,
  appEnv,
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
  db = await freshDatabase('db_drop');
  redis = await startRedis();
  app = await startApp({
    env: appEnv({ databaseUrl: db.url, redisUrl: redis.url, dataDir: tempDir(), role: 'api' }),
    port: await freePort(),
    name: 'api',
  });
});

after(async () => {
  await stopAllChildren();
  await redis?.stop();
  await db?.drop();
});

test(
  'requests cut off from the database answer 503 problem+json, not 500, and the app recovers',
  { skip: skip ?? false, timeout: 120_000 },
  async (t) => {
    const base = app.baseUrl;
    const adminToken = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const patient = await registerPatient(base);
    // Routes that read the database on every call (not cached).
    const routes = [
      { path: `${API}/auth/me`, token: patient.token },
      { path: `${API}/admin/patients?search=patient`, token: adminToken },
      { path: `${API}/patient/profile`, token: patient.token },
    ];
    const usable = [];
    for (const r of routes) if ((await http(base, 'GET', r.path, { token: r.token })).status === 200) usable.push(r);
    assert.ok(usable.length > 0, 'at least one database-backed route answers 200');

    const answers = [];
    let running = true;
    const worker = async (n) => {
      let i = n;
      while (running) {
        const r = usable[i++ % usable.length];
        try {
          const res = await http(base, 'GET', r.path, { token: r.token, timeoutMs: 10_000 });
          answers.push({ status: res.status, type: res.headers.get('content-type') ?? '', body: res.body });
        } catch (error) {
          answers.push({ status: 0, type: '', body: error.message });
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, n) => worker(n));
    await eventually(() => answers.length >= 12 * 5, { what: 'the load to run' });
    let terminated = 0;
    for (let round = 0; round < 6; round++) {
      terminated += await db.terminateBackends();
      // Every worker sends again after the drop before the next one.
      const seen = answers.length;
      await eventually(() => answers.length >= seen + 12, { what: `answers after drop ${round + 1}` });
    }
    const afterDrops = answers.length;
    await eventually(() => answers.length >= afterDrops + 12 * 5, { what: 'answers after the last drop' });
    running = false;
    await Promise.all(workers);

    const byStatus = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    t.diagnostic(`${terminated} backends terminated; answers by status ${JSON.stringify(byStatus)}`);
    assert.ok(terminated > 0, 'the app had database connections to terminate');
    const bad = answers.filter((a) => a.status !== 200 && a.status !== 503);
    assert.deepEqual(bad.slice(0, 3), [], 'only 200 or 503 while the connections drop');
    for (const a of answers.filter((x) => x.status === 503)) {
      assert.match(a.type, /application\/problem\+json/);
      assert.equal(a.body.status, 503);
      assert.doesNotMatch(JSON.stringify(a.body), /terminat|SELECT|pg_|stack/i, 'no SQL or driver text leaks');
    }

    // Recovery: every route answers 200 again.
    await eventually(
      async () => {
        const results = await Promise.all(usable.map((r) => http(base, 'GET', r.path, { token: r.token })));
        return results.every((r) => r.status === 200);
      },
      { timeoutMs: 15_000, everyMs: 250, what: 'requests to succeed again after the drop' },
    );
    const ready = await http(base, 'GET', `${API}/health/ready`);
    assert.equal(ready.status, 200);
  },
);
