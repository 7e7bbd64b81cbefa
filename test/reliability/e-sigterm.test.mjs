// (e) SIGTERM during load: requests accepted before the signal finish (no
// connection resets), and no queued job is lost when a worker is stopped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { BENCH_PASSWORD, clinicSize, seedClinic } from '../../bench/seed.mjs';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  API,
  appEnv,
  freePort,
  freshDatabase,
  eventually,
  expectStatus,
  http,
  missingPrerequisite,
  quiescent,
  registerPatient,
  signIn,
  sleep,
  startApp,
  startRedis,
  startSmtp,
  stopAllChildren,
  tempDir,
} from './support.mjs';

/** Requests sent at least this long before the signal count as accepted before it. */
const ACCEPT_MARGIN_MS = 25;
const JOBS = 30;
const skip = await missingPrerequisite();
let db;
let redis;
let smtp;
let env;

before(async () => {
  if (skip) return;
  db = await freshDatabase('sigterm');
  redis = await startRedis({ appendonly: true });
  smtp = await startSmtp();
  env = appEnv({ databaseUrl: db.url, redisUrl: redis.url, smtpUrl: smtp.url, dataDir: tempDir() });
});

after(async () => {
  await stopAllChildren();
  await smtp?.close();
  await redis?.stop();
  await db?.drop();
});

test(
  'an API process stopped with SIGTERM finishes every request it accepted',
  { skip: skip ?? false, timeout: 120_000 },
  async (t) => {
    const api = await startApp({ env: { ...env, APP_ROLE: 'api' }, port: await freePort(), name: 'api-sigterm' });
    const base = api.baseUrl;
    const patient = await registerPatient(base);
    const paths = [`${API}/auth/me`, `${API}/patient/profile`, `${API}/health`];
    const usable = [];
    for (const p of paths) if ((await http(base, 'GET', p, { token: patient.token })).status === 200) usable.push(p);

    const requests = [];
    let signalAt = Infinity;
    let exited = false;
    void api.exited.then(() => (exited = true));
    const loop = async (n) => {
      let i = n;
      while (!exited) {
        const path = usable[i++ % usable.length];
        const sentAt = performance.now();
        try {
          const res = await http(base, 'GET', path, { token: patient.token, timeoutMs: 30_000 });
          requests.push({ sentAt, status: res.status });
        } catch (error) {
          requests.push({ sentAt, status: 0, error: error.cause?.code ?? error.message });
          if (sentAt > signalAt) await sleep(20);
        }
      }
    };
    const loops = Array.from({ length: 32 }, (_, n) => loop(n));
    // The load runs: well over the 30 requests the assertions below need before the signal.
    await eventually(() => requests.length >= 300, { what: 'the load to run' });
    signalAt = performance.now();
    api.child.kill('SIGTERM');
    const { code } = await api.exited;
    await Promise.all(loops);

    const accepted = requests.filter((r) => r.sentAt < signalAt - ACCEPT_MARGIN_MS);
    const late = requests.filter((r) => r.sentAt >= signalAt - ACCEPT_MARGIN_MS);
    const lost = accepted
      .filter((r) => r.status !== 200)
      .map((r) => ({ status: r.status, error: r.error, msBeforeSignal: Math.round(signalAt - r.sentAt) }));
    const lateOutcomes = {};
    for (const r of late) lateOutcomes[r.error ?? r.status] = (lateOutcomes[r.error ?? r.status] ?? 0) + 1;
    t.diagnostic(
      `${accepted.length} requests before the signal, ${late.length} around/after it: ${JSON.stringify(lateOutcomes)}`,
    );
    assert.deepEqual(lost.slice(0, 5), [], `${lost.length} requests sent before the signal did not complete`);
    assert.ok(accepted.length >= 30, 'the load ran before the signal');
    assert.equal(code, 0, 'the process exits cleanly');
    // Requests after the signal are refused or told to retry, never half-answered with a 500.
    assert.ok(
      late.every((r) => r.status === 0 || r.status === 200 || r.status === 503),
      JSON.stringify(lateOutcomes),
    );
  },
);

test(
  'jobs queued when a worker gets SIGTERM are all completed by the next worker, each once',
  { skip: skip ?? false, timeout: 240_000 },
  async (t) => {
    const api = await startApp({ env: { ...env, APP_ROLE: 'api' }, port: await freePort(), name: 'api-jobs' });
    const base = api.baseUrl;
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await seedClinic(client, clinicSize(0.1), () => undefined);
    // One export per requester at a time: each seeded patient exports their own history.
    const emails = (
      await client.query(
        'SELECT u.email FROM patients p JOIN users u ON u.id = p.user_id ORDER BY p.full_name LIMIT $1',
        [JOBS],
      )
    ).rows.map((r) => r.email);
    await client.end();
    const adminToken = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const patientTokens = [];
    for (const email of emails) patientTokens.push(await signIn(base, email, BENCH_PASSWORD));

    const worker1 = await startApp({ env: { ...env, APP_ROLE: 'worker' }, port: await freePort(), name: 'worker-a' });
    const jobs = [];
    for (const token of patientTokens) {
      const res = await http(base, 'POST', `${API}/exports/treatments`, { token, body: {} });
      expectStatus(res, 202, 'POST /exports/treatments');
      jobs.push(res.body.id);
    }
    const { code } = await worker1.stop('SIGTERM');
    assert.equal(code, 0, 'the worker drains and exits cleanly');
    const statuses = await Promise.all(
      jobs.map(async (id) => (await http(base, 'GET', `${API}/jobs/${id}`, { token: adminToken })).body.status),
    );
    const pending = statuses.filter((s) => s !== 'completed').length;
    t.diagnostic(`${jobs.length} export jobs enqueued; ${pending} not yet completed when the first worker stopped`);

    await startApp({ env: { ...env, APP_ROLE: 'worker' }, port: await freePort(), name: 'worker-b' });
    const final = await eventually(
      async () => {
        const now = await Promise.all(
          jobs.map(async (id) => (await http(base, 'GET', `${API}/jobs/${id}`, { token: adminToken })).body),
        );
        return now.every((j) => j.status === 'completed' || j.status === 'failed') && now;
      },
      { timeoutMs: 180_000, everyMs: 500, what: 'every export job to finish' },
    );
    assert.deepEqual(
      final.filter((j) => j.status !== 'completed').map((j) => `${j.id}:${j.status}`),
      [],
      'every queued job completed',
    );
    // Quiet first, so a late second email of any export is counted.
    await quiescent(db);
    for (const id of jobs) {
      const mails = smtp.messages.filter((m) => m.raw.includes(id));
      assert.equal(mails.length, 1, `export ${id} emailed exactly once`);
    }
  },
);
