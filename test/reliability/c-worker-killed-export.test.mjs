// (c) A worker process is SIGKILLed in the middle of a CSV export: after a new
// worker starts, the export completes exactly once (one file, one email).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
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
  http,
  isMissingRoute,
  missingPrerequisite,
  signIn,
  sleep,
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
    if (isMissingRoute(started)) return t.skip('POST /exports/treatments is not implemented yet');
    assert.equal(started.status, 202, started.text);
    const jobId = started.body.id;

    // Kill the worker while the job runs.
    let status = started.body.status;
    const deadline = Date.now() + 60_000;
    while (status !== 'running' && Date.now() < deadline) {
      await sleep(20);
      status = (await http(base, 'GET', `${API}/jobs/${jobId}`, { token: adminToken })).body.status;
    }
    assert.equal(status, 'running', 'the export started');
    await sleep(300);
    await worker.stop('SIGKILL');
    const afterKill = (await http(base, 'GET', `${API}/jobs/${jobId}`, { token: adminToken })).body;
    assert.notEqual(afterKill.status, 'completed', 'the worker died before the export finished');
    assert.equal(exportMails(jobId).length, 0, 'no email before the export is done');

    // A new worker picks the job up (after the dead worker's lock expires) and finishes it.
    worker = await startApp({ env: { ...env, APP_ROLE: 'worker' }, port: await freePort(), name: 'worker-2' });
    let job = afterKill;
    const finishBy = Date.now() + 180_000;
    while (!['completed', 'failed'].includes(job.status) && Date.now() < finishBy) {
      await sleep(250);
      job = (await http(base, 'GET', `${API}/jobs/${jobId}`, { token: adminToken })).body;
    }
    assert.equal(job.status, 'completed', JSON.stringify(job));
    // One CSV row per appointment (with its treatment when completed).
    const { rows } = (await db.query('SELECT count(*)::int AS rows FROM appointments'))[0] ?? {};
    assert.equal(job.result.rows, rows, 'every appointment exported');

    // One file, one email (give a duplicate time to show up).
    await sleep(3_000);
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
