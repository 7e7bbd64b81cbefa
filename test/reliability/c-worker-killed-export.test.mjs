// (c) A worker process is SIGKILLed in the middle of a CSV export: after a new
// worker starts, the export completes exactly once (one file, one email).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { clinicSize, seedClinic, seedExportRows } from '../../bench/seed.mjs';
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
  signIn,
  startApp,
  startRedis,
  startSmtp,
  stopAllChildren,
  tempDir,
} from './support.mjs';

const ROWS = Number(process.env.RELIABILITY_EXPORT_ROWS ?? 250_000);
const skip = await missingPrerequisite();
let db;
let redis;
let smtp;
let api;
let env;

before(async () => {
  if (skip) return;
  db = await freshDatabase('worker_killed');
  redis = await startRedis({ appendonly: true });
  smtp = await startSmtp();
  env = appEnv({ databaseUrl: db.url, redisUrl: redis.url, smtpUrl: smtp.url, dataDir: tempDir() });
  api = await startApp({ env: { ...env, APP_ROLE: 'api' }, port: await freePort(), name: 'api' });
  // A large clinic history, so that the export runs long enough to be interrupted.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const size = clinicSize(0.1);
  await seedClinic(client, size, () => undefined);
  await seedExportRows(client, size, ROWS, () => undefined);
  await client.end();
});

after(async () => {
  await stopAllChildren();
  await smtp?.close();
  await redis?.stop();
  await db?.drop();
});

const exportMails = (jobId) => smtp.messages.filter((m) => m.to.includes(ADMIN_EMAIL) && m.raw.includes(jobId));

test(
  'an export interrupted by a killed worker completes once after a new worker starts',
  { skip: skip ?? false, timeout: 300_000 },
  async (t) => {
    const base = api.baseUrl;
    const adminToken = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    let worker = await startApp({ env: { ...env, APP_ROLE: 'worker' }, port: await freePort(), name: 'worker-1' });

    const started = await http(base, 'POST', `${API}/exports/treatments`, { token: adminToken, body: {} });
    expectStatus(started, 202, 'POST /exports/treatments');
    const jobId = started.body.id;

    // Kill the worker while the job runs, once it has begun writing the file.
    const jobOf = async () => (await http(base, 'GET', `${API}/jobs/${jobId}`, { token: adminToken })).body;
    const exportsDir = join(env.DATA_DIR, 'exports');
    const writing = () =>
      existsSync(exportsDir) && readdirSync(exportsDir).some((f) => f.startsWith(jobId) && f.endsWith('.part'));
    const status = await eventually(
      async () => {
        const job = await jobOf();
        return job.status === 'running' && writing()
          ? job.status
          : ['completed', 'failed'].includes(job.status) && job.status;
      },
      { timeoutMs: 60_000, everyMs: 20, what: 'the export to start writing' },
    );
    assert.equal(status, 'running', 'the export started');
    await worker.stop('SIGKILL');
    const afterKill = (await http(base, 'GET', `${API}/jobs/${jobId}`, { token: adminToken })).body;
    assert.notEqual(afterKill.status, 'completed', 'the worker died before the export finished');
    assert.equal(exportMails(jobId).length, 0, 'no email before the export is done');

    // A new worker picks the job up (after the dead worker's lock expires) and finishes it.
    worker = await startApp({ env: { ...env, APP_ROLE: 'worker' }, port: await freePort(), name: 'worker-2' });
    const job = await eventually(
      async () => {
        const now = await jobOf();
        return ['completed', 'failed'].includes(now.status) && now;
      },
      { timeoutMs: 180_000, everyMs: 250, what: 'the export to finish on the new worker' },
    );
    assert.equal(job.status, 'completed', JSON.stringify(job));
    // One CSV row per appointment (with its treatment when completed).
    const { rows } = (await db.query('SELECT count(*)::int AS rows FROM appointments'))[0] ?? {};
    assert.equal(job.result.rows, rows, 'every appointment exported');

    // One file, one email: wait until the mail queue and jobs are quiet, so a duplicate would be counted.
    await quiescent(db);
    const files = readdirSync(join(env.DATA_DIR, 'exports'));
    assert.deepEqual(files, [`${jobId}.csv`], 'exactly one export file, no leftovers');
    assert.equal(exportMails(jobId).length, 1, 'exactly one email for the export');
    const download = await fetch(`${base}${API}/exports/${jobId}/download`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(download.status, 200);
    const lines = (await download.text()).trimEnd().split('\n');
    assert.equal(lines.length, rows + 1, 'a header and one line per appointment');
    const ids = new Set(lines.slice(1).map((line) => line.split(',')[0]));
    assert.equal(ids.size, rows, 'no appointment written twice');
    t.diagnostic(`export of ${rows} rows completed once after the worker was killed`);
  },
);
