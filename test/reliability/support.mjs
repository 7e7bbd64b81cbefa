// Reliability battery support: a fresh PostgreSQL database per scenario, the
// scenario's own redis-server, an in-test SMTP server, and the built API
// started as child processes (bench/lib.mjs). Needs PostgreSQL on
// RELIABILITY_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  API,
  ensureBuilt,
  freePort,
  http,
  signIn,
  sleep,
  startApp as startAppProcess,
  stopAllChildren,
  trackChild,
} from '../../bench/lib.mjs';

export { API, freePort, http, signIn, sleep };

/** Where the app processes of this run write their logs (kept for a failed run). */
export const LOG_DIR = process.env.RELIABILITY_LOG_DIR ?? mkdtempSync(join(os.tmpdir(), 'hms-rel-logs-'));
let appCount = 0;

/** Starts the built API (bench/lib.mjs) with its output in LOG_DIR/<n>-<name>.log. */
export function startApp(options) {
  appCount += 1;
  return startAppProcess({
    ...options,
    logFile: options.logFile ?? join(LOG_DIR, `${process.pid}-${appCount}-${options.name ?? 'api'}.log`),
  });
}

export const SERVER_URL = process.env.RELIABILITY_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const ADMIN_EMAIL = 'admin@reliability.test';
export const ADMIN_PASSWORD = 'reliability-admin-1';
export const PASSWORD = 'reliability-pass-1';

/** Why the battery cannot run here (a missing binary or server), or null. */
export async function missingPrerequisite({ redis = true } = {}) {
  if (redis && spawnSync('redis-server', ['--version']).status !== 0) return 'redis-server is not installed';
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    return `PostgreSQL is not reachable at ${SERVER_URL}: ${error.message}`;
  }
  try {
    ensureBuilt(() => undefined);
  } catch (error) {
    return `the API could not be built: ${error.message}`;
  }
  return null;
}

/** A fresh, empty database for one scenario; `drop()` removes it. */
export async function freshDatabase(label) {
  const name = `hms_rel_${label.replace(/\W/g, '_')}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async query(sql, params) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    },
    /** Ends every connection of the app to this database (the "database went away" fault). */
    async terminateBackends() {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      try {
        const { rows } = await c.query(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        return rows[0].n;
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await c.end();
    },
  };
}

/** The scenario's own redis-server on a free port. */
export async function startRedis({ appendonly = false, port: fixedPort } = {}) {
  const port = fixedPort ?? (await freePort());
  const dir = mkdtempSync(join(os.tmpdir(), 'hms-rel-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--dir',
    dir,
    '--appendonly',
    appendonly ? 'yes' : 'no',
  ];
  const child = trackChild(spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (/Ready to accept connections/i.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    kill(signal = 'SIGKILL') {
      child.kill(signal);
      return new Promise((resolve) =>
        child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', resolve),
      );
    },
    async stop() {
      await this.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An SMTP server in the test process that keeps every message. */
export async function startSmtp() {
  const messages = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Environment of an app process of this battery. */
export function appEnv({ databaseUrl, redisUrl, smtpUrl, dataDir, role = 'all', extra = {} }) {
  return {
    NODE_ENV: 'production',
    APP_ROLE: role,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: 'hmsrel',
    SMTP_URL: smtpUrl ?? 'smtp://127.0.0.1:9',
    ALLOW_INSECURE_PUBLIC_URL: 'true',
    JWT_SECRET: 'reliability-secret-that-is-long-enough-0123456789',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    CLINIC_TIMEZONE: 'UTC',
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: 'none',
    AUTH_RATE_LIMIT: '100000',
    DATA_DIR: dataDir,
    REMINDER_CRON: '0 0 1 1 *',
    REMINDER_SWEEP_CRON: '0 0 1 1 *',
    MONTHLY_REPORT_CRON: '0 0 1 1 *',
    ...extra,
  };
}

/**
 * Waits on state, never on time: polls `check` until it returns a truthy value
 * (returned) and fails with `what` after `timeoutMs`, which only bounds a hung run.
 */
export async function eventually(check, { timeoutMs = 60_000, everyMs = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Waits until the background work of the scenario's database is done: every
 * outbox row relayed, every relayed appointment notice handled, no email
 * claim in flight, no tracked job queued or running, all unchanged over
 * `stableRounds` looks. Call it before asserting "exactly one", so a late
 * duplicate (a retry, a second worker) is still counted.
 */
export async function quiescent(db, { timeoutMs = 120_000, stableRounds = 3, everyMs = 200 } = {}) {
  let previous = '';
  let stable = 0;
  await eventually(
    async () => {
      const [row] = await db.query(
        `SELECT
           (SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL)::int AS pending,
           (SELECT count(*) FROM notification_log WHERE state = 'sending')::int AS sending,
           (SELECT count(*) FROM jobs WHERE status IN ('queued', 'running'))::int AS busy,
           (SELECT count(*) FROM outbox_messages o WHERE o.dispatched_at IS NOT NULL AND o.kind LIKE 'appointment.%'
              AND NOT EXISTS (SELECT 1 FROM notification_log n WHERE n.key = o.dedupe_key AND n.state <> 'sending'))::int AS unsent,
           (SELECT count(*) FROM outbox_messages)::int || '/' || (SELECT count(*) FROM notification_log)::int || '/' ||
             (SELECT count(*) FROM notification_log WHERE state = 'sent')::int || '/' || (SELECT count(*) FROM jobs)::int AS fingerprint`,
      );
      const idle = row.pending === 0 && row.sending === 0 && row.busy === 0 && row.unsent === 0;
      stable = idle && row.fingerprint === previous ? stable + 1 : 0;
      previous = row.fingerprint;
      return stable >= stableRounds;
    },
    { timeoutMs, everyMs, what: 'the outbox, the mail queue and the jobs to go quiet' },
  );
}

export function tempDir(prefix = 'hms-rel-') {
  return mkdtempSync(join(os.tmpdir(), prefix));
}

/** Fails the calling test with the answer when `res` is not `status`. */
export function expectStatus(res, status, what) {
  if (res.status !== status) {
    throw new Error(`${what} answered ${res.status}, expected ${status}: ${res.text?.slice(0, 300) ?? ''}`);
  }
  return res;
}

/** A department and one doctor with a login; returns ids and the doctor's token. Any failed step fails the test. */
export async function createDoctor(base, adminToken, suffix = randomBytes(3).toString('hex')) {
  const spec = await http(base, 'POST', `${API}/admin/specializations`, {
    token: adminToken,
    body: { name: `Cardiology ${suffix}`, description: 'Heart' },
  });
  expectStatus(spec, 201, 'POST /admin/specializations');
  const email = `doctor.${suffix}@reliability.test`;
  const doc = await http(base, 'POST', `${API}/admin/doctors`, {
    token: adminToken,
    body: { email, password: PASSWORD, fullName: `Dr. Reliable ${suffix}`, specializationId: spec.body.id },
  });
  expectStatus(doc, 201, 'POST /admin/doctors');
  // An admin-set password is temporary: the doctor replaces it before anything else.
  const own = `${PASSWORD}-own`;
  const changed = await http(base, 'POST', `${API}/auth/password`, {
    token: await signIn(base, email, PASSWORD),
    body: { currentPassword: PASSWORD, newPassword: own },
  });
  expectStatus(changed, 204, 'POST /auth/password');
  return { specializationId: spec.body.id, doctorId: doc.body.id, token: await signIn(base, email, own) };
}

/** A doctor (created by the admin) with a window tomorrow from `startTime` to `endTime` in 30-minute slots. */
export async function doctorWithWindow(base, { startTime, endTime }) {
  const doctor = await createDoctor(base, await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD));
  const date = tomorrow();
  const window = await http(base, 'POST', `${API}/doctor/availability`, {
    token: doctor.token,
    body: { date, startTime, endTime, slotMinutes: 30 },
  });
  expectStatus(window, 201, 'POST /doctor/availability');
  return { doctor, date };
}

export async function registerPatient(base, suffix = randomBytes(4).toString('hex')) {
  const email = `patient.${suffix}@reliability.test`;
  const res = await http(base, 'POST', `${API}/auth/register`, {
    body: { email, password: PASSWORD, fullName: `Patient ${suffix}` },
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
  return { token: res.body.accessToken, userId: res.body.user.id, email };
}

/** Tomorrow (UTC clinic) as YYYY-MM-DD. */
export function tomorrow() {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Runs `count` async tasks with at most `limit` at once. */
export async function pool(count, limit, task) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** Stops every process the scenario started. */
export { stopAllChildren };
