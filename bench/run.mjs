// `npm run bench`: seeds a large clinic in a fresh PostgreSQL database, starts the
// API and a worker in the production shape, measures the hot routes with
// autocannon against a bare node:http ceiling, then the reminder and export
// jobs; writes bench/results/latest.{json,md} and prints a Markdown table.
//
// Settings (environment):
//   BENCH_DURATION   seconds measured per scenario (15)      BENCH_WARMUP  warm-up seconds (3)
//   BENCH_CONNECTIONS  autocannon connections (32)           BENCH_SCALE   data size factor (1; 0.1 for smoke runs)
//   BENCH_DATABASE_URL  server to create the database on (postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_DB         database name (hms_bench)               BENCH_REDIS_URL (redis://127.0.0.1:6379)
//   BENCH_TIMEOUT    whole-run limit in seconds (1500)        BENCH_KEEP_DB=1 keeps the database afterwards
//   BENCH_ONLY       comma-separated scenario ids to run (default: all)
//   BENCH_PROFILE=1  records CPU profiles of the API and worker (summaries in bench/results/profile-*.txt)
//   BENCH_TRACE=<path prefix>  writes each measured run's answers ([ms since its start, status, latency ms])
//                    to <prefix>-<time>.json, to see when the slow answers come
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import * as prettier from 'prettier';
import { SMTPServer } from 'smtp-server';
import {
  API,
  PRODUCTION_NODE_FLAGS,
  ROOT,
  deleteRedisPrefix,
  ensureBuilt,
  freePort,
  http,
  cpuMsOf,
  cpuShare,
  isMissingRoute,
  sampleRss,
  signIn,
  sleep,
  startApp,
  stopAllChildren,
  summarizeCpuProfile,
  trackChild,
  waitForJob,
} from './lib.mjs';
import {
  BENCH_PASSWORD,
  BOOKING_DAYS,
  DAY_START_HOUR,
  FREE_SLOTS,
  SLOT_MINUTES,
  TAKEN_SLOTS,
  clinicSize,
  seedClinic,
  seedExportRows,
  seedReminderDay,
} from './seed.mjs';

const env = process.env;
const DURATION = Number(env.BENCH_DURATION ?? 15);
const WARMUP = Number(env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32);
const SCALE = Number(env.BENCH_SCALE ?? 1);
const SERVER_URL = env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DB_NAME = env.BENCH_DB ?? 'hms_bench';
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TIMEOUT_S = Number(env.BENCH_TIMEOUT ?? 1500);
const PROFILE = env.BENCH_PROFILE === '1';
const ONLY = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const ADMIN_EMAIL = 'admin@bench.test';
const ADMIN_PASSWORD = 'bench-admin-password-1';
const JOB_TIMEOUT_MS = Number(env.BENCH_JOB_TIMEOUT ?? 150) * 1000;
/** Alternating rounds of a scenario and its hand-written reference (the median of each is reported). */
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
/** Alternating rounds of the audited and the unaudited history read. */
const AUDIT_COST_ROUNDS = Number(env.BENCH_AUDIT_ROUNDS ?? 2);
/** `noop` (the app builds every message and sends none) or `smtp` (every message goes to the sink). */
const MAIL_TRANSPORT = env.BENCH_MAIL_TRANSPORT ?? 'noop';
if (!['noop', 'smtp'].includes(MAIL_TRANSPORT)) throw new Error('BENCH_MAIL_TRANSPORT must be noop or smtp');

const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const REDIS_PREFIX = `hmsbench:${runId}`;
const workDir = mkdtempSync(join(os.tmpdir(), 'hms-bench-'));
const resultsDir = join(ROOT, 'bench/results');
const log = (...args) => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(1)}s]`, ...args);
const startedAt = Date.now();

const databaseUrl = (() => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
})();

/** Performance targets; `check` returns true/false, or null when not measurable. */
const TARGETS = {
  'doctors-cached': { text: '≥ 45% of bare node:http, p99 ≤ 20 ms', check: (r) => r.ratio >= 0.45 && r.p99 <= 20 },
  availability: {
    text: '≥ 60% of its reference, p99 ≤ 20 ms',
    check: (r) => r.referenceRatio >= 0.6 && r.p99 <= 20,
  },
  'doctor-week': { text: '≥ 50% of its reference', check: (r) => r.referenceRatio >= 0.5 },
  booking: {
    text: '≥ 40% of its reference, p99 ≤ 50 ms, exactly one success per slot',
    check: (r) => r.referenceRatio >= 0.4 && r.p99 <= 50 && r.extra?.exactlyOnePerSlot === true,
  },
  'booking-taken': {
    text: 'every answer 409, ≥ 2,000 req/s',
    check: (r) => r.extra?.all409 === true && r.rps >= 2_000,
  },
  reminders: {
    text: '≤ 3 s, RSS growth ≤ 64 MB',
    check: (r) => r.wallMs <= 3_000 && r.rssGrowthMb <= 64,
  },
  export: { text: '≤ 1 s, RSS growth ≤ 64 MB', check: (r) => r.wallMs <= 1_000 && r.rssGrowthMb <= 64 },
};

const results = [];
let pool = null;
let seedClient = null;
let mailSink = null;

// ---------------------------------------------------------------------------
async function main() {
  log(
    `scale ${SCALE}, ${CONNECTIONS} connections, ${WARMUP}s warm-up + ${DURATION}s per scenario, work dir ${workDir}`,
  );
  ensureBuilt(log);

  // 1. A fresh database.
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();

  // A local SMTP sink that accepts and discards (stands in for the relay when the app has no no-op transport).
  const smtpPort = await freePort();
  let mailsReceived = 0;
  mailSink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        mailsReceived += 1;
        callback();
      });
    },
  });
  await new Promise((resolve) => mailSink.listen(smtpPort, '127.0.0.1', resolve));

  const appEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL,
    REDIS_PREFIX,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    CLINIC_TIMEZONE: 'UTC',
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: 'none',
    PUBLIC_URL: 'https://clinic.bench.test',
    AUTH_RATE_LIMIT: '100000',
    // Each booking patient books one slot at each of the 66 free times of a round (the reference has no cap):
    // at the default cap of 5 most answers would be the cap's 422, not the booking being measured.
    MAX_UPCOMING_BOOKINGS: '1000',
    DATA_DIR: join(workDir, 'data'),
    // Pooled connections to the sink, as a production relay would be used.
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}/?pool=true&maxConnections=16&maxMessages=100000`,
    // noop: every message built, none sent; smtp: every message sent to the sink above.
    MAIL_TRANSPORT: MAIL_TRANSPORT,
    // No cron fires during the run.
    REMINDER_CRON: '0 0 1 1 *',
    REMINDER_SWEEP_CRON: '0 0 1 1 *',
    MONTHLY_REPORT_CRON: '0 0 1 1 *',
  };

  // 2. The API process migrates the schema at start; seed once it is ready (no request has been served, nothing cached).
  const apiPort = await freePort();
  log('starting the API (migrates the schema)...');
  const api = await startApp({
    env: { ...appEnv, APP_ROLE: 'api' },
    port: apiPort,
    name: 'api',
    logFile: join(workDir, 'api.log'),
    nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profile')}`] : [],
  });
  const size = clinicSize(SCALE);
  log(`seeding: ${JSON.stringify(size)}`);
  seedClient = new pg.Client({ connectionString: databaseUrl });
  await seedClient.connect();
  const seedStarted = Date.now();
  await seedClinic(seedClient, size, log);
  log(`seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  const workerPort = await freePort();
  log('starting the worker...');
  const worker = await startApp({
    env: { ...appEnv, APP_ROLE: 'worker' },
    port: workerPort,
    name: 'worker',
    logFile: join(workDir, 'worker.log'),
    nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(workDir, 'profile-worker')}`] : [],
  });

  // The hand-written references: bare node:http + pg, one SQL statement per answer, same database.
  const referencePort = await freePort();
  const referenceChild = trackChild(
    spawn(process.execPath, [join(ROOT, 'bench/reference.mjs'), String(referencePort), databaseUrl, '20'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  await new Promise((resolve) => referenceChild.stdout.once('data', resolve));
  referenceBase = `http://127.0.0.1:${referencePort}`;
  Object.assign(pids, { api: api.pid, worker: worker.pid, reference: referenceChild.pid });

  // 3. Sessions.
  const base = api.baseUrl;
  apiBaseUrl = base;
  const adminToken = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
  const doctorTokens = await Promise.all(
    [0, 1, 2, 3].map((i) => signIn(base, `doctor${i}@bench.test`, BENCH_PASSWORD)),
  );
  const bookingPatients = [];
  for (let i = 0; i < size.bookingPatients; i += 8) {
    const batch = [...Array(Math.min(8, size.bookingPatients - i)).keys()].map((k) => i + k);
    bookingPatients.push(
      ...(await Promise.all(
        batch.map(async (p) => ({
          index: p,
          token: await signIn(base, `patient${p}@bench.test`, BENCH_PASSWORD),
        })),
      )),
    );
  }
  const readerToken = bookingPatients[0].token;
  log(`signed in: admin, ${doctorTokens.length} doctors, ${bookingPatients.length} patients`);

  const { rows: doctorRows } = await pool.query(
    `SELECT d.id, d.specialization_id, u.email FROM doctors d JOIN users u ON u.id = d.user_id
     WHERE u.email LIKE 'doctor%@bench.test' ORDER BY split_part(split_part(u.email, '@', 1), 'r', 2)::int`,
  );
  const doctorIds = doctorRows.map((r) => r.id);
  const { rows: specRows } = await pool.query('SELECT id FROM specializations ORDER BY name');
  const specIds = specRows.map((r) => r.id);

  // 4. The ceiling: a bare node:http server returning the doctor list's bytes (a full page of 100),
  //    measured in ROUNDS rounds alternating with the cached doctor list (medians), so that both see
  //    the same periods of a shared machine; the other cached reads are compared with its median.
  const doctorListPath = `${API}/patient/doctors?pageSize=100`;
  const listRes = await http(base, 'GET', doctorListPath, { token: readerToken });
  const auth = (token) => ({ authorization: `Bearer ${token}` });
  let bare = null;
  if (!wanted('bare')) {
    log('bare node:http ceiling skipped (BENCH_ONLY)');
  } else if (listRes.status === 200) {
    const payloadFile = join(workDir, 'doctors.json');
    writeFileSync(payloadFile, listRes.text);
    const barePort = await freePort();
    const bareChild = trackChild(
      spawn(process.execPath, [join(ROOT, 'bench/bare-http.mjs'), String(barePort), payloadFile], {
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    await new Promise((resolve) => bareChild.stdout.once('data', resolve));
    const bareLabel = 'bare node:http, same doctor-list bytes';
    const bareUrl = `http://127.0.0.1:${barePort}${doctorListPath}`;
    const listLabel = 'patient: doctor list (cached)';
    const bareRounds = [];
    const listRounds = [];
    const rounds = wanted('doctors-cached') ? ROUNDS : 1;
    for (let round = 1; round <= rounds; round++) {
      const suffix = rounds > 1 ? `, round ${round}` : '';
      bareRounds.push(await measure('bare', `${bareLabel}${suffix}`, { url: bareUrl, cpuPid: bareChild.pid }));
      if (!wanted('doctors-cached')) continue;
      listRounds.push(
        await measure('doctors-cached', `${listLabel}${suffix}`, {
          url: base,
          next: () => ({ path: doctorListPath, headers: auth(readerToken) }),
          cpuPid: pids.api,
        }),
      );
    }
    bareChild.kill('SIGTERM');
    if (listRounds.length > 0) {
      const entry = combineRounds(listRounds, bareRounds, 'bare node:http');
      entry.label = listLabel;
      const cpuMedian = (list) =>
        list.some((r) => typeof r.cpuUsPerAnswer !== 'number') ? null : median(list.map((r) => r.cpuUsPerAnswer));
      entry.extra = { apiCpuUsPerAnswer: cpuMedian(listRounds), bareCpuUsPerAnswer: cpuMedian(bareRounds) };
      log(`${listLabel}: CPU per answer ${JSON.stringify(entry.extra)} (µs, medians)`);
      bare = entry.reference;
      log(
        `${listLabel}: median ${entry.rps} req/s vs bare node:http ${bare.rps} req/s (${Math.round((entry.rps / bare.rps) * 100)}%)`,
      );
      results.push(entry);
    } else {
      bare = bareRounds[0];
    }
  } else {
    log(`doctor list answered ${listRes.status}: no bare node:http ceiling this run`);
  }

  // 5. Read scenarios.
  if (!bare) {
    await scenario('doctors-cached', 'patient: doctor list (cached)', doctorListPath, readerToken, () => ({
      path: doctorListPath,
      headers: auth(readerToken),
    }));
  }
  await scenario(
    'doctors-by-specialization',
    'patient: doctors by specialization',
    `${API}/patient/doctors?specializationId=${specIds[0]}`,
    readerToken,
    (n) => ({
      path: `${API}/patient/doctors?specializationId=${specIds[n % specIds.length]}`,
      headers: auth(readerToken),
    }),
  );
  await scenario('specializations', 'patient: specializations', `${API}/patient/specializations`, readerToken, () => ({
    path: `${API}/patient/specializations`,
    headers: auth(readerToken),
  }));
  await pairedScenario(
    'availability',
    "patient: a doctor's availability (slots)",
    `${API}/patient/doctors/${doctorIds[0]}/availability`,
    readerToken,
    (n) => ({
      path: `${API}/patient/doctors/${doctorIds[n % doctorIds.length]}/availability`,
      headers: auth(readerToken),
    }),
    (n) => ({ path: `/availability?doctorId=${doctorIds[n % doctorIds.length]}`, headers: {} }),
  );
  await scenario('admin-dashboard', 'admin: dashboard', `${API}/admin/dashboard`, adminToken, () => ({
    path: `${API}/admin/dashboard`,
    headers: auth(adminToken),
  }));
  await pairedScenario(
    'doctor-week',
    "doctor: this week's appointments",
    `${API}/doctor/appointments?scope=week`,
    doctorTokens[0],
    (n) => ({ path: `${API}/doctor/appointments?scope=week`, headers: auth(doctorTokens[n % doctorTokens.length]) }),
    (n) => ({ path: `/week?doctorId=${doctorIds[n % doctorTokens.length]}`, headers: {} }),
  );

  // 5b. The cost of auditing: a doctor's read of a patient's history writes one audit event in the
  // statement that checks the care relationship. Measured as is, then with the write discarded by the
  // database (a stand-in view whose INSTEAD OF trigger stores nothing), same route, same statements.
  await settle('doctor-history', 'doctor-history-unaudited');
  await auditCostScenarios({ base, doctorTokens, doctorIds, auth });

  // 6. Booking: every request a different free slot; (patient, time) never repeats, (doctor, time) never repeats.
  await settle('booking');
  await bookingScenario({ base, bookingPatients, doctorIds });
  await settle('booking-taken');
  await takenSlotScenario({ base, bookingPatients, doctorIds });

  // 7. Jobs: CSV export of 100k rows, then daily reminders over 100k appointments of one day (worker RSS sampled).
  await settle('export');
  await exportScenario({ base, adminToken, worker, size });
  await settle('reminders');
  await remindersScenario({ base, adminToken, worker, size, mails: () => mailsReceived });

  // 8. Report.
  for (const r of results) r.ratio = bare && r.rps ? r.rps / bare.rps : null;
  for (const r of results) {
    // Each scenario's own reference: the hand-written one where there is one, else the bare ceiling.
    if (r.reference) r.referenceRatio = r.rps / r.reference.rps;
    else if (r.ratio !== null && r.ratio !== undefined && r.rps !== undefined) {
      r.reference = { label: 'bare node:http', rps: bare.rps, p50: bare.p50, p99: bare.p99 };
      r.referenceRatio = r.ratio;
    }
  }
  for (const r of results) {
    const target = TARGETS[r.id];
    r.target = target?.text ?? null;
    r.met = r.available && target ? Boolean(target.check(r)) : null;
  }
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cores: os.cpus().length,
      memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      nodeFlags: PRODUCTION_NODE_FLAGS.join(' '),
      platform: `${os.type()} ${os.release()}`,
    },
    settings: { durationS: DURATION, warmupS: WARMUP, connections: CONNECTIONS, scale: SCALE, clinic: size },
    bare: bare ? { rps: bare.rps, p50: bare.p50, p99: bare.p99, rounds: bare.rounds?.length ?? 1 } : null,
    scenarios: results,
  };
  const table = markdown(report);
  mkdirSync(resultsDir, { recursive: true });
  const full = DURATION >= 15 && SCALE >= 1 && !ONLY;
  const name = full ? 'latest' : 'smoke';
  // Formatted as the repository's prettier check expects.
  const options = { ...(await prettier.resolveConfig(join(resultsDir, `${name}.md`))) };
  const json = await prettier.format(JSON.stringify(report), { ...options, parser: 'json' });
  const md = await prettier.format(table, { ...options, parser: 'markdown' });
  writeFileSync(join(resultsDir, `${name}.json`), json);
  writeFileSync(join(resultsDir, `${name}.md`), md);
  console.log(`\n${md}`);
  log(`wrote bench/results/${name}.json and ${name}.md`);
}

// ---------------------------------------------------------------------------
/**
 * Before a scenario that follows writes (the week's and the history's audit
 * events, the bookings): vacuums and analyzes the database and forces a
 * checkpoint, so that the autovacuum and checkpoint the earlier writes set
 * off do not run inside the next scenario's measured rounds.
 */
async function settle(...ids) {
  if (!ids.some(wanted)) return;
  const started = performance.now();
  try {
    await pool.query('VACUUM (ANALYZE)');
    await pool.query('CHECKPOINT');
    log(`settled the database in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    log(`could not settle the database: ${error.message}`);
  }
}

function wanted(id) {
  return !ONLY || ONLY.has(id) || (id === 'bare' && ONLY.has('doctors-cached'));
}

/**
 * One autocannon run. `result.measured` holds the answers received and the
 * seconds from the start to the last answer: autocannon reports a run's end
 * and its per-second average on whole-second ticks, which misstates a run
 * that ends by count after a few seconds (the reference bookings) by up to a half.
 */
function runCannon(options) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answered = 0;
    let lastAnswer = started;
    const instance = autocannon(
      { connections: CONNECTIONS, pipelining: 1, timeout: 10, ...options },
      (error, result) => {
        if (error) return reject(error);
        result.measured = { answered, seconds: (lastAnswer - started) / 1000 };
        resolve(result);
      },
    );
    const trace = env.BENCH_TRACE ? [] : null;
    instance.on('response', (_client, status, _bytes, ms) => {
      answered += 1;
      lastAnswer = performance.now();
      trace?.push([Math.round(lastAnswer - started), status, ms]);
    });
    instance.on('done', () => {
      if (trace) writeFileSync(`${env.BENCH_TRACE}-${Date.now()}.json`, JSON.stringify(trace));
    });
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

function summarize(id, label, result, extra = {}) {
  const codes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, Number(v.count)]));
  return {
    id,
    label,
    available: true,
    // Answers over the time from the start to the last answer (see runCannon).
    rps: Math.round(result.measured.answered / result.measured.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    statusCodes: codes,
    errors: result.errors,
    timeouts: result.timeouts,
    ...extra,
  };
}

/**
 * Warm-up, then one measured run; `next(n)` gives the n-th request's path and headers. With `cpuPid`, the summary also holds that process's CPU per
 * answer of the measured run (µs; steadier than the rate on a shared machine).
 */
async function measure(id, label, { url, next, cpuPid }) {
  const requests = next
    ? [
        {
          setupRequest: (req, context) => {
            context.n = (context.n ?? Math.floor(Math.random() * 1e6)) + 1;
            const r = next(context.n);
            return { ...req, method: 'GET', path: r.path, headers: { ...req.headers, ...r.headers } };
          },
        },
      ]
    : undefined;
  const base = { url, ...(requests ? { requests } : {}) };
  if (WARMUP > 0) await runCannon({ ...base, duration: WARMUP });
  const cpuBefore = cpuPid ? cpuMsOf(cpuPid) : null;
  const result = await runCannon({ ...base, duration: DURATION });
  const cpuAfter = cpuPid ? cpuMsOf(cpuPid) : null;
  const summary = summarize(id, label, result);
  if (cpuBefore !== null && cpuAfter !== null && result.measured.answered > 0) {
    summary.cpuUsPerAnswer = Math.round(((cpuAfter - cpuBefore) * 1000) / result.measured.answered);
  }
  log(
    `${label}: ${summary.rps} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, codes ${JSON.stringify(summary.statusCodes)}`,
  );
  return summary;
}

/**
 * Patient history read by their doctors, with and without the audit write (see step 5b). The two
 * runs alternate over AUDIT_COST_ROUNDS rounds, so drift in the shared machine's load hits both.
 */
async function auditCostScenarios({ base, doctorTokens, doctorIds, auth }) {
  const audited = { id: 'doctor-history', label: "doctor: a patient's history (audited)" };
  const reference = {
    id: 'doctor-history-unaudited',
    label: "doctor: a patient's history, audit write discarded (reference)",
  };
  if (!wanted(audited.id) && !wanted(reference.id)) return;
  const pairs = [];
  for (const [i, token] of doctorTokens.entries()) {
    const { rows } = await pool.query(
      `SELECT DISTINCT patient_id FROM appointments WHERE doctor_id = $1 AND status IN ('booked', 'completed') LIMIT 50`,
      [doctorIds[i]],
    );
    for (const r of rows) pairs.push({ token, patientId: r.patient_id });
  }
  if (pairs.length === 0) return notAvailable(audited.id, audited.label, 'no patient in care');
  const probe = await http(base, 'GET', `${API}/doctor/patients/${pairs[0].patientId}/history`, {
    token: pairs[0].token,
  });
  if (probe.status !== 200) {
    return notAvailable(audited.id, audited.label, `probe answered ${probe.status} ${probe.text.slice(0, 200)}`);
  }
  const next = (n) => {
    const pair = pairs[n % pairs.length];
    return { path: `${API}/doctor/patients/${pair.patientId}/history`, headers: auth(pair.token) };
  };
  const countEvents = async () =>
    Number(
      (await pool.query(`SELECT count(*) AS n FROM audit_events WHERE action = 'patient.history.read'`)).rows[0].n,
    );
  const discardAuditWrites = () =>
    pool.query(`BEGIN;
      ALTER TABLE audit_events RENAME TO audit_events_kept;
      CREATE VIEW audit_events AS SELECT * FROM audit_events_kept WHERE false;
      CREATE FUNCTION bench_discard_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER bench_discard_audit INSTEAD OF INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION bench_discard_audit();
      COMMIT;`);
  const keepAuditWrites = () =>
    pool.query(`BEGIN;
      DROP VIEW audit_events;
      DROP FUNCTION bench_discard_audit();
      ALTER TABLE audit_events_kept RENAME TO audit_events;
      COMMIT;`);

  const runs = { [audited.id]: [], [reference.id]: [] };
  let written = 0;
  let auditedOk = 0;
  for (let round = 1; round <= AUDIT_COST_ROUNDS; round++) {
    if (wanted(audited.id)) {
      const before = await countEvents();
      const r = await measure(audited.id, `${audited.label}, round ${round}`, { url: base, next });
      written += (await countEvents()) - before;
      auditedOk += r.statusCodes['200'] ?? 0;
      runs[audited.id].push(r);
    }
    if (wanted(reference.id)) {
      await discardAuditWrites();
      try {
        runs[reference.id].push(await measure(reference.id, `${reference.label}, round ${round}`, { url: base, next }));
      } finally {
        await keepAuditWrites();
      }
    }
  }
  const combine = ({ id, label }) => {
    const list = runs[id];
    if (list.length === 0) return null;
    const mean = (key) => list.reduce((sum, r) => sum + r[key], 0) / list.length;
    const entry = {
      ...list[0],
      label,
      rps: Math.round(mean('rps')),
      p50: Math.round(mean('p50') * 10) / 10,
      p99: Math.max(...list.map((r) => r.p99)),
      requests: list.reduce((sum, r) => sum + r.requests, 0),
      rounds: list.map((r) => ({ rps: r.rps, p50: r.p50, p99: r.p99 })),
    };
    results.push(entry);
    return entry;
  };
  const a = combine(audited);
  const b = combine(reference);
  if (a) {
    a.extra = { auditEventsWritten: written, measured200: auditedOk };
    log(`audit events written (warm-up and measured requests): ${written}; measured 200s: ${auditedOk}`);
  }
  if (a && b) {
    a.auditCost = {
      rpsRatio: Math.round((a.rps / b.rps) * 1000) / 1000,
      p50Delta: Math.round((a.p50 - b.p50) * 10) / 10,
    };
    log(`auditing costs: audited/unaudited throughput ${a.auditCost.rpsRatio}, p50 ${a.auditCost.p50Delta} ms`);
  }
}

function notAvailable(id, label, reason) {
  log(`${label}: not available (${reason})`);
  results.push({ id, label, available: false, reason });
}

/** Probes the route once; measures it when it answers 200. */
async function scenario(id, label, probePath, token, next) {
  if (!wanted(id)) return;
  const api = currentApi();
  const probe = await http(api, 'GET', probePath, { token });
  if (probe.status !== 200) {
    return notAvailable(
      id,
      label,
      isMissingRoute(probe) ? 'route not implemented yet' : `probe answered ${probe.status}`,
    );
  }
  results.push(await measure(id, label, { url: api, next }));
}

/** Deadlocks PostgreSQL has detected in the benchmark database so far. */
async function deadlocks() {
  const { rows } = await pool.query(
    'SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return rows[0]?.n ?? 0;
}

/** Base URL of the API under test (set once it is started). */
let apiBaseUrl = null;
/** Base URL of the hand-written reference server. */
let referenceBase = null;
/** Process ids of the API, the worker and the reference server (CPU per request, see cpuShare). */
const pids = {};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians (req/s, p50, p99) of alternating runs of the product and of its reference. */
function combineRounds(product, reference, referenceLabel = 'one SQL statement, bare node:http + pg') {
  const pick = (list) => ({
    rps: Math.round(median(list.map((r) => r.rps))),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    rounds: list.map((r) => ({ rps: r.rps, p50: r.p50, p99: r.p99 })),
  });
  const p = pick(product);
  const ref = pick(reference);
  return {
    ...product[product.length - 1],
    rps: p.rps,
    p50: p.p50,
    p99: p.p99,
    requests: product.reduce((sum, r) => sum + r.requests, 0),
    rounds: p.rounds,
    reference: { label: referenceLabel, ...ref },
  };
}

/**
 * Probes the route, then measures it and its hand-written reference in
 * ROUNDS alternating rounds (product, reference, product, ...).
 */
async function pairedScenario(id, label, probePath, token, next, referenceNext) {
  if (!wanted(id)) return;
  const api = currentApi();
  const probe = await http(api, 'GET', probePath, { token });
  if (probe.status !== 200) {
    return notAvailable(
      id,
      label,
      isMissingRoute(probe) ? 'route not implemented yet' : `probe answered ${probe.status}`,
    );
  }
  const refProbe = await http(referenceBase, 'GET', referenceNext(0).path);
  if (refProbe.status !== 200) throw new Error(`reference for ${id} answered ${refProbe.status} ${refProbe.text}`);
  const product = [];
  const reference = [];
  for (let round = 1; round <= ROUNDS; round++) {
    product.push(await measure(id, `${label}, round ${round}`, { url: api, next }));
    reference.push(
      await measure(`${id}-reference`, `${label}: reference, round ${round}`, {
        url: referenceBase,
        next: referenceNext,
      }),
    );
  }
  const entry = combineRounds(product, reference);
  entry.label = label;
  log(
    `${label}: median ${entry.rps} req/s vs reference ${entry.reference.rps} req/s (${Math.round((entry.rps / entry.reference.rps) * 100)}%)`,
  );
  results.push(entry);
}
function currentApi() {
  return apiBaseUrl;
}

function slotInstant(day, slot) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + day);
  return new Date(d.getTime() + (DAY_START_HOUR * 60 + slot * SLOT_MINUTES) * 60_000).toISOString();
}

async function bookingScenario({ base, bookingPatients, doctorIds }) {
  const id = 'booking';
  const label = 'patient: book a free slot (each slot once)';
  if (!wanted(id)) return;
  // Tuples: for each free time, each booking patient with a distinct doctor.
  const times = BOOKING_DAYS.flatMap((day) => FREE_SLOTS.map((slot) => slotInstant(day, slot))).filter(
    (t) => Date.parse(t) > Date.now() + 60_000,
  );
  const perTime = Math.min(bookingPatients.length, doctorIds.length);
  const tuples = [];
  times.forEach((startsAt, t) => {
    for (let p = 0; p < perTime; p++) {
      const doctorId = doctorIds[(p + t * perTime) % doctorIds.length];
      tuples.push({ patient: bookingPatients[p], doctorId, startsAt });
    }
  });
  const probeTuple = tuples.pop();
  const probe = await http(base, 'POST', `${API}/patient/appointments`, {
    token: probeTuple.patient.token,
    body: { doctorId: probeTuple.doctorId, startsAt: probeTuple.startsAt, reason: 'Benchmark probe' },
  });
  if (probe.status !== 201) {
    return notAvailable(
      id,
      label,
      isMissingRoute(probe)
        ? 'route not implemented yet'
        : `probe answered ${probe.status} ${probe.text.slice(0, 200)}`,
    );
  }
  // Reference bookings name the patient by id (the reference has no sign-in).
  const { rows: patientRows } = await pool.query(
    `SELECT u.email, p.id FROM patients p JOIN users u ON u.id = p.user_id WHERE u.email = ANY($1)`,
    [bookingPatients.map((p) => `patient${p.index}@bench.test`)],
  );
  const patientIds = new Map(patientRows.map((r) => [r.email, r.id]));
  for (const t of tuples) t.patientId = patientIds.get(`patient${t.patient.index}@bench.test`);
  // Every round starts from the same free slots: the previous round's bookings are removed first.
  // Requests still in flight when a run ends (the API answers them after the load stops) must land
  // before the slots are freed: delete until two passes a second apart find nothing (at most 20 s).
  const reset = async () => {
    const until = Date.now() + 20_000;
    let quiet = 0;
    while (quiet < 2 && Date.now() < until) {
      await sleep(1_000);
      const { rowCount } = await pool.query(
        `DELETE FROM appointments WHERE reason IN ('Benchmark booking', 'Reference booking')`,
      );
      quiet = rowCount === 0 ? quiet + 1 : 0;
    }
  };
  const product = [];
  const reference = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await reset();
    product.push(await bookingRound({ base, tuples, target: 'product', label: `${label}, round ${round}` }));
    await reset();
    reference.push(
      await bookingRound({ base, tuples, target: 'reference', label: `${label}: reference, round ${round}` }),
    );
  }
  await reset();
  const entry = combineRounds(product, reference);
  entry.label = label;
  const sum = (key) => product.reduce((n, r) => n + r.extra[key], 0);
  entry.extra = {
    ...product[product.length - 1].extra,
    slotsAttempted: sum('slotsAttempted'),
    slotsWithOneSuccess: sum('slotsWithOneSuccess'),
    slotsWithMoreThanOne: sum('slotsWithMoreThanOne'),
    slotsWithNoSuccess: sum('slotsWithNoSuccess'),
    nonConflictFailures: sum('nonConflictFailures'),
    databaseDisagrees: sum('databaseDisagrees'),
    deadlocks: sum('deadlocks'),
    exactlyOnePerSlot: product.every((r) => r.extra.exactlyOnePerSlot),
    referenceExactlyOnePerSlot: reference.every((r) => r.extra.exactlyOnePerSlot),
    referenceCpuMsPerRequest: reference[reference.length - 1].extra.cpuMsPerRequest,
  };
  log(`${label}: median ${entry.rps} req/s vs reference ${entry.reference.rps} req/s, ${JSON.stringify(entry.extra)}`);
  results.push(entry);
}

/**
 * One run of bookings over `tuples` against the API (each patient signed in)
 * or the reference (one atomic statement), checked per slot and against the
 * database. The reference sends each tuple once (it would exhaust them within
 * seconds); the API runs BENCH_DURATION and starts over when it outlasts them
 * (those repeats must answer 409).
 */
async function bookingRound({ base, tuples, target, label }) {
  const id = target === 'product' ? 'booking' : 'booking-reference';
  const reason = target === 'product' ? 'Benchmark booking' : 'Reference booking';
  let cursor = 0;
  const deadlocksBefore = await deadlocks();
  const outcomes = new Map(); // slot key -> { created, other }
  const keyOf = (t) => `${t.doctorId}|${t.startsAt}`;
  const roundStarted = new Date();
  const cannon = (run) =>
    runCannon({
      url: target === 'product' ? base : referenceBase,
      ...run,
      requests,
    });
  const requests = [
    {
      method: 'POST',
      setupRequest: (req, context) => {
        const tuple = tuples[cursor % tuples.length];
        cursor += 1;
        context.tuple = tuple;
        if (target === 'reference') {
          return {
            ...req,
            method: 'POST',
            path: '/book',
            headers: { ...req.headers, 'content-type': 'application/json' },
            body: JSON.stringify({
              doctorId: tuple.doctorId,
              patientId: tuple.patientId,
              startsAt: tuple.startsAt,
              reason,
            }),
          };
        }
        return {
          ...req,
          method: 'POST',
          path: `${API}/patient/appointments`,
          headers: {
            ...req.headers,
            'content-type': 'application/json',
            authorization: `Bearer ${tuple.patient.token}`,
          },
          body: JSON.stringify({ doctorId: tuple.doctorId, startsAt: tuple.startsAt, reason }),
        };
      },
      onResponse: (status, _body, context) => {
        const key = keyOf(context.tuple);
        const o = outcomes.get(key) ?? { created: 0, conflict: 0, other: 0 };
        if (status === 201) o.created += 1;
        else if (status === 409) o.conflict += 1;
        else o.other += 1;
        outcomes.set(key, o);
      },
    },
  ];
  // Warm-up on the round's first slots, as every scenario has (not measured; its slots are checked with the rest):
  // without it the first, cold second of a round (about a third of the later rate, p99 near 400 ms) is measured.
  if (WARMUP > 0) await cannon({ duration: WARMUP });
  const cpu = cpuShare(target === 'product' ? { api: pids.api, worker: pids.worker } : { reference: pids.reference });
  const result = await cannon(
    target === 'product' ? { duration: DURATION } : { amount: Math.max(tuples.length - cursor, CONNECTIONS) },
  );
  // The worker's share includes sending what this round booked; the round's end waits for its backlog.
  if (target === 'product') await outboxDrained(roundStarted);
  const cpuAt = cpu(result.measured.answered);
  // The database's view of the attempted slots.
  const attempted = [...outcomes.keys()].map((k) => k.split('|'));
  const { rows } = await pool.query(
    `SELECT a.doctor_id, a.starts_at, count(*)::int AS n
     FROM appointments a JOIN unnest($1::uuid[], $2::timestamptz[]) AS s(doctor_id, starts_at)
       ON a.doctor_id = s.doctor_id AND a.starts_at = s.starts_at
     WHERE a.status = 'booked' GROUP BY 1, 2`,
    [attempted.map((a) => a[0]), attempted.map((a) => a[1])],
  );
  const booked = new Map(rows.map((r) => [`${r.doctor_id}|${new Date(r.starts_at).toISOString()}`, r.n]));
  let slotsWithOne = 0;
  let slotsWithMore = 0;
  let slotsWithNone = 0;
  let dbMismatch = 0;
  let others = 0;
  for (const [key, o] of outcomes) {
    if (o.created === 1) slotsWithOne += 1;
    else if (o.created > 1) slotsWithMore += 1;
    else slotsWithNone += 1;
    others += o.other;
    if ((booked.get(key) ?? 0) !== Math.min(o.created, 1) || (booked.get(key) ?? 0) > 1) dbMismatch += 1;
  }
  const repeats = cursor > tuples.length;
  const summary = summarize(id, label, result, {
    extra: {
      slotsAttempted: outcomes.size,
      slotsWithOneSuccess: slotsWithOne,
      slotsWithMoreThanOne: slotsWithMore,
      slotsWithNoSuccess: slotsWithNone,
      nonConflictFailures: others,
      databaseDisagrees: dbMismatch,
      tuplesReused: repeats,
      deadlocks: (await deadlocks()) - deadlocksBefore,
      exactlyOnePerSlot: slotsWithMore === 0 && dbMismatch === 0 && (repeats || slotsWithNone === 0),
      cpuMsPerRequest: cpuAt,
    },
  });
  log(`${label}: ${summary.rps} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, ${JSON.stringify(summary.extra)}`);
  return summary;
}

/** Waits (at most 30 s) until the worker has sent every appointment notice written since `since`. */
async function outboxDrained(since) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS left FROM outbox_messages m
        WHERE m.created_at >= $1 AND m.kind LIKE 'appointment.%'
          AND NOT EXISTS (SELECT 1 FROM notification_log l WHERE l.key = m.dedupe_key AND l.state = 'sent')`,
      [since],
    );
    if (rows[0].left === 0) return;
    await sleep(100);
  }
}

async function takenSlotScenario({ base, bookingPatients, doctorIds }) {
  const id = 'booking-taken';
  const label = 'patient: book a taken slot (409)';
  if (!wanted(id)) return;
  // A slot seeded as booked (slot 0 of day 1 of doctor 0), wanted by every booking patient at once
  // (they have nothing else at that time, so each answer is "slot taken").
  const startsAt = slotInstant(BOOKING_DAYS[0], TAKEN_SLOTS[0]);
  const body = JSON.stringify({ doctorId: doctorIds[0], startsAt, reason: 'Benchmark taken slot' });
  const probe = await http(base, 'POST', `${API}/patient/appointments`, {
    token: bookingPatients[0].token,
    body: JSON.parse(body),
  });
  if (probe.status !== 409) {
    return notAvailable(
      id,
      label,
      isMissingRoute(probe) ? 'route not implemented yet' : `probe answered ${probe.status}`,
    );
  }
  const { rows: patientRows } = await pool.query(
    `SELECT p.id FROM patients p JOIN users u ON u.id = p.user_id WHERE u.email = ANY($1)`,
    [bookingPatients.map((p) => `patient${p.index}@bench.test`)],
  );
  const run = async (target, runLabel) => {
    let n = 0;
    const deadlocksBefore = await deadlocks();
    const cpu = cpuShare(target === 'product' ? { api: pids.api } : { reference: pids.reference });
    const result = await runCannon({
      url: target === 'product' ? `${base}${API}/patient/appointments` : `${referenceBase}/book`,
      duration: DURATION,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            n += 1;
            if (target === 'reference') {
              const patientId = patientRows[n % patientRows.length].id;
              return {
                ...req,
                method: 'POST',
                headers: { ...req.headers, 'content-type': 'application/json' },
                body: JSON.stringify({ doctorId: doctorIds[0], patientId, startsAt, reason: 'Reference taken slot' }),
              };
            }
            const token = bookingPatients[n % bookingPatients.length].token;
            return {
              ...req,
              method: 'POST',
              headers: { ...req.headers, 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body,
            };
          },
        },
      ],
    });
    const summary = summarize(target === 'product' ? id : `${id}-reference`, runLabel, result);
    summary.extra = {
      all409: Object.keys(summary.statusCodes).every((c) => c === '409') && summary.errors === 0,
      deadlocks: (await deadlocks()) - deadlocksBefore,
      cpuMsPerRequest: cpu(result.measured.answered),
    };
    log(
      `${runLabel}: ${summary.rps} req/s, p50 ${summary.p50} ms, p99 ${summary.p99} ms, codes ${JSON.stringify(summary.statusCodes)}, ` +
        `CPU ms per request ${JSON.stringify(summary.extra.cpuMsPerRequest)}`,
    );
    return summary;
  };
  const product = [];
  const reference = [];
  for (let round = 1; round <= ROUNDS; round++) {
    product.push(await run('product', `${label}, round ${round}`));
    reference.push(await run('reference', `${label}: reference, round ${round}`));
  }
  const entry = combineRounds(product, reference);
  entry.label = label;
  entry.statusCodes = {};
  for (const r of product) {
    for (const [code, count] of Object.entries(r.statusCodes))
      entry.statusCodes[code] = (entry.statusCodes[code] ?? 0) + count;
  }
  entry.extra = {
    all409: product.every((r) => r.extra.all409),
    referenceAll409: reference.every((r) => r.extra.all409),
    deadlocks: product.reduce((sum, r) => sum + r.extra.deadlocks, 0),
  };
  results.push(entry);
}

async function remindersScenario({ base, adminToken, worker, size, mails }) {
  const id = 'reminders';
  const label = `daily reminders, ${size.reminderAppointments.toLocaleString('en')} appointments (mail: ${MAIL_TRANSPORT === 'smtp' ? 'sent to the SMTP sink' : 'noop, built not sent'})`;
  if (!wanted(id)) return;
  const probe = await http(base, 'POST', `${API}/admin/jobs/daily-reminders`, {
    token: adminToken,
    body: { date: '2000-01-01' },
  });
  if (probe.status !== 202) {
    return notAvailable(
      id,
      label,
      isMissingRoute(probe) ? 'route not implemented yet' : `probe answered ${probe.status}`,
    );
  }
  await waitForJob(base, adminToken, probe.body.id, { timeoutMs: JOB_TIMEOUT_MS }).catch(() => undefined);
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 30);
  const date = day.toISOString().slice(0, 10);
  await seedReminderDay(seedClient, size, date, size.reminderAppointments, log);
  await sleep(1_000);
  const mailsBefore = mails();
  const rss = sampleRss(worker.pid);
  const cpuBefore = cpuMsOf(worker.pid);
  const started = performance.now();
  const res = await http(base, 'POST', `${API}/admin/jobs/daily-reminders`, { token: adminToken, body: { date } });
  if (res.status !== 202) {
    rss.stop();
    return notAvailable(id, label, `answered ${res.status} ${res.text.slice(0, 200)}`);
  }
  const job = await waitForJob(base, adminToken, res.body.id, { timeoutMs: JOB_TIMEOUT_MS }).catch((e) => ({
    status: 'timeout',
    result: e.message,
  }));
  const wallMs = Math.round(performance.now() - started);
  const memory = rss.stop();
  const cpuAfter = cpuMsOf(worker.pid);
  const { rows: sentRows } = await pool.query(
    `SELECT count(*)::int AS n FROM notification_log WHERE key LIKE 'reminder:%' AND state = 'sent'`,
  );
  const entry = {
    id,
    label,
    available: true,
    wallMs,
    rssGrowthMb: Math.round((memory.growthBytes / 2 ** 20) * 10) / 10,
    rssPeakMb: Math.round((memory.peakBytes / 2 ** 20) * 10) / 10,
    jobStatus: job.status,
    jobResult: job.result,
    // The worker's own CPU time over the run (its share of the work, whatever the machine's load).
    workerCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
    remindersSent: sentRows[0].n,
    remindersPerSecond: Math.round(sentRows[0].n / (wallMs / 1000)),
    smtpMessages: mails() - mailsBefore,
  };
  if (job.status !== 'completed') entry.met = false;
  log(`${label}: ${JSON.stringify(entry)}`);
  results.push(entry);
}

async function exportScenario({ base, adminToken, worker, size }) {
  const id = 'export';
  const label = `CSV export, ${size.exportRows.toLocaleString('en')} rows (appointments with treatments)`;
  if (!wanted(id)) return;
  await seedExportRows(seedClient, size, size.exportRows, log);
  await sleep(1_000);
  const rss = sampleRss(worker.pid);
  const cpuBefore = cpuMsOf(worker.pid);
  const started = performance.now();
  const res = await http(base, 'POST', `${API}/exports/treatments`, { token: adminToken, body: {} });
  if (res.status !== 202) {
    rss.stop();
    return notAvailable(
      id,
      label,
      isMissingRoute(res) ? 'route not implemented yet' : `answered ${res.status} ${res.text.slice(0, 200)}`,
    );
  }
  const job = await waitForJob(base, adminToken, res.body.id, { timeoutMs: JOB_TIMEOUT_MS }).catch((e) => ({
    status: 'timeout',
    result: e.message,
  }));
  const wallMs = Math.round(performance.now() - started);
  const memory = rss.stop();
  const cpuAfter = cpuMsOf(worker.pid);
  const entry = {
    id,
    label,
    available: true,
    wallMs,
    // The worker's own CPU time over the export (its share of the work, whatever the machine's load).
    workerCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
    rssGrowthMb: Math.round((memory.growthBytes / 2 ** 20) * 10) / 10,
    rssPeakMb: Math.round((memory.peakBytes / 2 ** 20) * 10) / 10,
    jobStatus: job.status,
    jobResult: job.result,
  };
  log(`${label}: ${JSON.stringify(entry)}`);
  results.push(entry);
}

function fmt(n, digits = 0) {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits);
}

function markdown(report) {
  const m = report.machine;
  const lines = [
    `Benchmark ${report.date.slice(0, 16).replace('T', ' ')} UTC — ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}` +
      `${m.nodeFlags ? ` (${m.nodeFlags})` : ''}; ` +
      `${report.settings.connections} connections, ${report.settings.durationS} s per scenario after ${report.settings.warmupS} s warm-up, ` +
      `clinic scale ${report.settings.scale} (${report.settings.clinic.doctors} doctors, ${report.settings.clinic.patients} patients). ` +
      'Load generator, API, worker, PostgreSQL and Redis share the machine.',
    '',
    '| scenario | req/s | reference | reference req/s | ratio | p50 ms | p99 ms | target | met |',
    '|---|---:|---|---:|---:|---:|---:|---|:-:|',
  ];
  if (report.bare) {
    lines.push(
      `| bare node:http (same doctor-list bytes)${report.bare.rounds > 1 ? ` (median of ${report.bare.rounds})` : ''} | ${fmt(report.bare.rps)} | ceiling | | | ${fmt(report.bare.p50)} | ${fmt(report.bare.p99)} | | |`,
    );
  }
  for (const r of report.scenarios) {
    const met = r.met === null || r.met === undefined ? '' : r.met ? 'yes' : 'no';
    if (!r.available) {
      lines.push(`| ${r.label} | not available | | | | | | ${r.target ?? ''} | |`);
    } else if (r.wallMs !== undefined) {
      const rate = r.remindersPerSecond ? `, ${r.remindersSent} sent, ${r.remindersPerSecond}/s` : '';
      const cpu =
        r.workerCpuMs !== undefined && r.workerCpuMs !== null ? `, worker CPU ${fmt(r.workerCpuMs / 1000, 2)} s` : '';
      lines.push(
        `| ${r.label} | ${fmt(r.wallMs / 1000, 2)} s wall, RSS +${fmt(r.rssGrowthMb, 1)} MB${cpu} (${r.jobStatus}${rate}) | | | | | | ${r.target ?? ''} | ${met} |`,
      );
    } else {
      const ratio =
        r.referenceRatio === null || r.referenceRatio === undefined ? '–' : `${Math.round(r.referenceRatio * 100)}%`;
      const rounds = r.rounds ? ` (median of ${r.rounds.length})` : '';
      lines.push(
        `| ${r.label}${rounds} | ${fmt(r.rps)} | ${r.reference?.label ?? '–'} | ${fmt(r.reference?.rps)} | ${ratio} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.target ?? ''} | ${met} |`,
      );
    }
  }
  const audited = report.scenarios.find((r) => r.id === 'doctor-history' && r.auditCost);
  if (audited) {
    lines.push(
      '',
      `Auditing: a doctor's read of a patient's history with its audit event runs at ${Math.round(audited.auditCost.rpsRatio * 100)}% ` +
        `of the throughput of the same read with the audit write discarded (p50 ${audited.auditCost.p50Delta >= 0 ? '+' : ''}${fmt(audited.auditCost.p50Delta, 1)} ms; ` +
        `${audited.rounds.length} alternating rounds each); ` +
        'the event is written by the statement that checks the care relationship, so the read makes no extra round trip.',
    );
  }
  const booking = report.scenarios.find((r) => r.id === 'booking' && r.available);
  if (booking?.extra) {
    const e = booking.extra;
    lines.push(
      '',
      `Booking: ${e.slotsAttempted} slots attempted, ${e.slotsWithOneSuccess} with exactly one 201, ${e.slotsWithMoreThanOne} with more than one, ` +
        `${e.nonConflictFailures} answers other than 201/409, database disagreements: ${e.databaseDisagrees}, ` +
        `deadlocks detected by PostgreSQL: ${e.deadlocks}.`,
    );
    const cpu = (c) =>
      Object.entries(c ?? {})
        .map(([k, v]) => `${k} ${fmt(v, 3)}`)
        .join(', ');
    if (e.cpuMsPerRequest && e.referenceCpuMsPerRequest) {
      lines.push(
        '',
        `CPU per booking (ms, last round; the worker's share includes relaying, claiming and marking the round's confirmations, and building and sending them unless the mail transport is noop): ${cpu(e.cpuMsPerRequest)}. ` +
          `Reference: ${cpu(e.referenceCpuMsPerRequest)}.`,
      );
    }
  }
  const taken = report.scenarios.find((r) => r.id === 'booking-taken' && r.available);
  if (taken?.extra) {
    lines.push(
      '',
      `Taken slot: answers ${JSON.stringify(taken.statusCodes)}, deadlocks detected by PostgreSQL: ${taken.extra.deadlocks}.`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
async function cleanup() {
  // A process writes its CPU profile as it exits: give a loaded machine time for that.
  await stopAllChildren('SIGTERM', PROFILE ? 120_000 : 10_000);
  await seedClient?.end().catch(() => undefined);
  await pool?.end().catch(() => undefined);
  await new Promise((resolve) => (mailSink ? mailSink.close(resolve) : resolve()));
  await deleteRedisPrefix(REDIS_URL, REDIS_PREFIX).catch((e) => log(`redis cleanup: ${e.message}`));
  for (const [dir, name] of [
    ['profile', 'api'],
    ['profile-worker', 'worker'],
  ]) {
    const profileDir = join(workDir, dir);
    if (!PROFILE || !existsSync(profileDir)) continue;
    for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'))) {
      const summary = summarizeCpuProfile(join(profileDir, file));
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, `profile-${name}.txt`), `${summary}\n`);
      console.log(`\nCPU profile of the ${name} (${join(profileDir, file)}):\n${summary}`);
    }
  }
  if (env.BENCH_KEEP_DB !== '1') {
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect().catch(() => undefined);
    await admin
      .query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`)
      .catch((e) => log(`drop database: ${e.message}`));
    await admin.end().catch(() => undefined);
  }
}

const deadline = setTimeout(() => {
  console.error(`bench: exceeded BENCH_TIMEOUT=${TIMEOUT_S}s, stopping everything`);
  void cleanup().finally(() => process.exit(2));
}, TIMEOUT_S * 1000);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async () => {
    await cleanup();
    clearTimeout(deadline);
    process.exit(0);
  })
  .catch(async (error) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  });
