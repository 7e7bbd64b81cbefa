// Shared helpers of the benchmark and the reliability battery: free ports,
// app child processes from the built bundle, readiness, RSS sampling, HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
export const APP_MAIN = join(ROOT, 'dist/apps/api/main.js');
export const API = '/api/v1';
/**
 * The V8 flags of the production image (docker/api.Dockerfile's NODE_OPTIONS, scripts/node-flags.json):
 * every process the bench starts runs with them, then with the scenario's own `nodeArgs`.
 */
export const PRODUCTION_NODE_FLAGS = JSON.parse(readFileSync(join(ROOT, 'scripts/node-flags.json'), 'utf8')).production;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nobody listens on right now (the app does not support PORT=0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the API bundle when it is missing or older than its sources. A failed
 * rebuild falls back to the existing bundle (with a warning) when there is one.
 */
export function ensureBuilt(log = console.log) {
  const built = existsSync(APP_MAIN) ? statSync(APP_MAIN).mtimeMs : 0;
  const sources = Math.max(newestMtime(join(ROOT, 'apps/api/src')), newestMtime(join(ROOT, 'libs/shared/src')));
  if (built && built >= sources) return;
  log(built ? 'API sources changed: rebuilding (npx nest build api)...' : 'Building the API (npx nest build api)...');
  const result = spawnSync(join(ROOT, 'node_modules/.bin/nest'), ['build', 'api'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status === 0) return;
  if (existsSync(APP_MAIN)) {
    log('WARNING: the build failed; using the existing dist/apps/api/main.js');
    return;
  }
  throw new Error('nest build api failed and there is no previous build');
}

/** Every process this run started, so that cleanup can stop them by pid. */
const children = new Set();

/**
 * Starts the built API as a child process. Resolves once `/health/ready`
 * answers 200 (or `/health` when `waitFor: 'live'`).
 */
export async function startApp({
  env,
  port,
  logFile,
  name = 'api',
  waitFor = 'ready',
  timeoutMs = 120_000,
  nodeArgs = [],
}) {
  const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  const child = spawn(process.execPath, [...PRODUCTION_NODE_FLAGS, ...nodeArgs, APP_MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let tail = '';
  const keep = (chunk) => {
    tail = (tail + chunk.toString()).slice(-4000);
    out?.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      out?.end();
      resolve({ code, signal });
    }),
  );
  const app = {
    name,
    child,
    pid: child.pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    exited,
    get output() {
      return tail;
    },
    /** Sends a signal and waits for the exit (SIGKILL after `graceMs`). */
    async stop(signal = 'SIGTERM', graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  const path = waitFor === 'live' ? `${API}/health` : `${API}/health/ready`;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${name} exited before it was ready:\n${tail}`);
    try {
      const res = await fetch(app.baseUrl + path, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return app;
      lastProblem = `${res.status} ${await res.text()}`;
    } catch (error) {
      lastProblem = error.message;
    }
    await sleep(200);
  }
  await app.stop('SIGKILL');
  throw new Error(`${name} not ready after ${timeoutMs} ms (${lastProblem}):\n${tail}`);
}

/** Stops every child process this run started (by pid), used on exit and on timeout. */
export async function stopAllChildren(signal = 'SIGTERM', graceMs = 10_000) {
  const pending = [...children].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill(signal);
        setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }, graceMs).unref();
      }),
  );
  await Promise.all(pending);
}

/** Tracks a child process that is not an app (redis-server, the bare http server). */
export function trackChild(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** Resident set size of a process in bytes (Linux /proc), or null when it is gone. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, ms) a process has used so far (Linux /proc), or null
 * when it is gone: unlike wall time, it does not grow with the machine's load.
 */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime and cstime are fields 14 to 17 of the line (11 to 14 after the command), in clock
    // ticks of 10 ms; the last two are the CPU of children that ended (PostgreSQL's backends, in the postmaster's).
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far by every process named `comm` (e.g. all PostgreSQL backends), or null. */
export function cpuMsOfCommand(comm) {
  let total = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== comm) continue;
      found = true;
      total += cpuMsOf(Number(entry)) ?? 0;
    } catch {
      // The process ended meanwhile.
    }
  }
  return found ? total : null;
}

/**
 * CPU use of the processes a scenario runs on, between `start()` and the
 * returned `stop(requests)`: milliseconds of CPU per request for each (the
 * load generator is this process). PostgreSQL counts every backend on the
 * machine, so it holds whatever else the server did meanwhile.
 */
export function cpuShare(pids) {
  const read = () => ({
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)])),
    postgres: cpuMsOfCommand('postgres'),
    redis: cpuMsOfCommand('redis-server'),
    loadGenerator: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  });
  const before = read();
  return (requests) => {
    const after = read();
    return Object.fromEntries(
      Object.keys(after)
        .filter((k) => after[k] !== null && before[k] !== null)
        .map((k) => [k, Math.round(((after[k] - before[k]) / Math.max(1, requests)) * 1000) / 1000]),
    );
  };
}

/** Samples a process's RSS every `everyMs` until stopped; reports baseline, peak and growth. */
export function sampleRss(pid, everyMs = 50) {
  const baseline = rssOf(pid) ?? 0;
  let peak = baseline;
  const timer = setInterval(() => {
    const rss = rssOf(pid);
    if (rss !== null && rss > peak) peak = rss;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const rss = rssOf(pid);
      if (rss !== null && rss > peak) peak = rss;
      return { baselineBytes: baseline, peakBytes: peak, growthBytes: peak - baseline };
    },
  };
}

/** JSON HTTP call against an app; returns { status, body, headers }. */
export async function http(baseUrl, method, path, { token, body, headers = {}, timeoutMs = 30_000 } = {}) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

/** True when the answer says the route itself does not exist (not that a resource is missing). */
export function isMissingRoute(res) {
  return res.status === 404 && (res.body?.code === 'route_not_found' || /^No route /.test(res.body?.title ?? ''));
}

export async function signIn(baseUrl, email, password) {
  const res = await http(baseUrl, 'POST', `${API}/auth/login`, { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${res.text}`);
  return res.body.accessToken;
}

/** Polls GET /jobs/:id until the job is completed or failed. */
export async function waitForJob(baseUrl, token, jobId, { timeoutMs = 120_000, everyMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    const res = await http(baseUrl, 'GET', `${API}/jobs/${jobId}`, { token });
    last = res;
    if (res.status === 200 && (res.body.status === 'completed' || res.body.status === 'failed')) return res.body;
    await sleep(everyMs);
  }
  throw new Error(`job ${jobId} not finished after ${timeoutMs} ms: ${last?.status} ${last?.text}`);
}

/** Deletes every Redis key under a prefix (the run's own namespace). */
export async function deleteRedisPrefix(redisUrl, prefix) {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * Self time of a V8 .cpuprofile grouped by package (node_modules/<name>, node
 * internals, the app bundle) and by function; the top entries as text.
 */
export function summarizeCpuProfile(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length || 1;
  const byPackage = new Map();
  const byFunction = new Map();
  for (const [id, count] of hits) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const pkg =
      /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.includes('dist/apps/api')
        ? 'app bundle'
        : url.startsWith('node:')
          ? url
          : url
            ? 'other'
            : `(${functionName || 'program'})`);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
    const fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  }
  const pct = (n) => `${((n / total) * 100).toFixed(1).padStart(5)}%`;
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `${pct(v)}  ${k}`);
  return [
    `${total} samples`,
    '',
    'self time by package:',
    ...rows(byPackage),
    '',
    'self time by function:',
    ...rows(byFunction),
  ].join('\n');
}
