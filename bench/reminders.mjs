// Reminders for one clinic day of 100,000 booked appointments: wall time of
// the job and RSS growth of the process that runs it.
//
//   node bench/reminders.mjs   (needs PostgreSQL on 127.0.0.1:5432, trust auth, and Redis on 127.0.0.1:6379)
//
// One API process (APP_ROLE=all: Bull on Redis, its own key prefix, removed
// afterwards; MAIL_TRANSPORT=noop: every
// message is built, none is sent) against a fresh database `hms_bench_reminders`,
// seeded with set-based SQL (bench/seed.mjs). The job is started through
// POST /admin/jobs/daily-reminders and timed until GET /jobs/:id says completed,
// with the process's RSS sampled every 20 ms. Targets: ≤ 3 s, ≤ 64 MB growth.
//
// The process runs with the production image's V8 flags (scripts/node-flags.json).
//
// Settings: BENCH_DATABASE_URL (server on which the database is created), BENCH_REDIS_URL,
// BENCH_REMINDERS (appointments, default 100000), BENCH_POOL_SIZE (default 20),
// BENCH_NODE_ARGS (more node flags for the process, e.g. "--trace-gc"), BENCH_KEEP_DB=1 (keep the
// database afterwards), BENCH_KEEP_LOG=<file> (copy the process's output there).
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  API,
  deleteRedisPrefix,
  ensureBuilt,
  freePort,
  http,
  sampleRss,
  signIn,
  startApp,
  stopAllChildren,
  waitForJob,
} from './lib.mjs';
import { clinicSize, seedClinic, seedReminderDay } from './seed.mjs';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const COUNT = Number(process.env.BENCH_REMINDERS ?? 100_000);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const REDIS_PREFIX = `hms-bench-reminders-${randomBytes(3).toString('hex')}`;
const DB_NAME = 'hms_bench_reminders';
const ADMIN_EMAIL = 'admin@bench.local';
const ADMIN_PASSWORD = 'bench-admin-password-1';
const TARGET_MS = 3_000;
const TARGET_GROWTH_MB = 64;
const log = (line) => console.log(line);
const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;

async function runDay(base, token, pid, date) {
  const rss = sampleRss(pid, 20);
  const started = performance.now();
  const res = await http(base, 'POST', `${API}/admin/jobs/daily-reminders`, { token, body: { date } });
  if (res.status !== 202) throw new Error(`POST /admin/jobs/daily-reminders answered ${res.status}: ${res.text}`);
  const job = await waitForJob(base, token, res.body.id, { timeoutMs: 300_000, everyMs: 20 });
  const wallMs = Math.round(performance.now() - started);
  const memory = rss.stop();
  return { job, wallMs, memory };
}

async function main() {
  ensureBuilt(log);
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB_NAME}`;
  const databaseUrl = url.toString();
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  const workDir = mkdtempSync(join(os.tmpdir(), 'hms-bench-reminders-'));
  try {
    const app = await startApp({
      env: {
        NODE_ENV: 'production',
        APP_ROLE: 'all',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '20',
        REDIS_URL,
        REDIS_PREFIX,
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        CLINIC_TIMEZONE: 'UTC',
        LOG_LEVEL: 'warn',
        WEB_DIST_DIR: 'none',
        DATA_DIR: join(workDir, 'data'),
        MAIL_TRANSPORT: 'noop',
        MAIL_FROM: 'Clinic <no-reply@clinic.local>',
        ALLOW_INSECURE_PUBLIC_URL: 'true',
        REMINDER_CRON: '0 0 1 1 *',
        REMINDER_SWEEP_CRON: '0 0 1 1 *',
        MONTHLY_REPORT_CRON: '0 0 1 1 *',
      },
      port: await freePort(),
      name: 'api',
      nodeArgs: (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      logFile: join(workDir, 'api.log'),
    });
    const size = clinicSize(1);
    const seed = new pg.Client({ connectionString: databaseUrl });
    await seed.connect();
    await seedClinic(seed, size, log);
    const day = new Date();
    day.setUTCDate(day.getUTCDate() + 30);
    const date = day.toISOString().slice(0, 10);
    await seedReminderDay(seed, size, date, COUNT, log);
    await seed.end();

    const token = await signIn(app.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    const first = await runDay(app.baseUrl, token, app.pid, date);
    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const { rows } = await check.query(
      `SELECT count(*)::int AS n FROM notification_log WHERE kind = 'reminder' AND state = 'sent'`,
    );
    await check.end();

    const result = {
      appointments: COUNT,
      jobStatus: first.job.status,
      jobResult: first.job.result,
      sentInLog: rows[0].n,
      wallMs: first.wallMs,
      remindersPerSecond: Math.round(COUNT / (first.wallMs / 1000)),
      rssBaselineMb: mb(first.memory.baselineBytes),
      rssPeakMb: mb(first.memory.peakBytes),
      rssGrowthMb: mb(first.memory.growthBytes),
      met:
        first.job.status === 'completed' &&
        first.wallMs <= TARGET_MS &&
        mb(first.memory.growthBytes) <= TARGET_GROWTH_MB,
    };
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.met ? 0 : 1;
  } finally {
    await stopAllChildren();
    if (process.env.BENCH_KEEP_DB !== '1') {
      const drop = new pg.Client({ connectionString: SERVER_URL });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`).catch(() => undefined);
      await drop.end();
    }
    await deleteRedisPrefix(REDIS_URL, REDIS_PREFIX).catch(() => undefined);
    if (process.env.BENCH_KEEP_LOG) copyFileSync(join(workDir, 'api.log'), process.env.BENCH_KEEP_LOG);
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch(async (error) => {
  console.error(error);
  await stopAllChildren('SIGKILL');
  process.exit(1);
});
