import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { CronTime } from 'cron';

export const APP_ROLES = ['api', 'worker', 'scheduler', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting of the product, typed. Read once from the environment at start. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  host: string;
  appRole: AppRole;
  dataDir: string;
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** Unset: in-memory cache and in-process job runner. */
  redisUrl: string | null;
  /** Redis of the cache; defaults to redisUrl. A separate, evicting server keeps the queue store safe. */
  cacheRedisUrl: string | null;
  /** Prefix of every Redis key (cache, queues, rate limits) this deployment writes. */
  redisPrefix: string;
  /** Unset: mail is written as .eml files to dataDir/outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** smtp (SMTP_URL), file (.eml files in dataDir/outbox) or noop (build every message, send none: benchmarks). */
  mailTransport: 'smtp' | 'file' | 'noop';
  publicUrl: string;
  clinicName: string;
  clinicTimezone: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** A session whose refresh token was not used for this long ends (its next refresh answers 401). */
  sessionIdleMinutes: number;
  adminEmail: string;
  /** Unset: a random password is generated and printed once at first start. */
  adminPassword: string | null;
  reminderCron: string;
  /** A booked visit is reminded once when it comes within this many hours of its start. */
  reminderLeadHours: number;
  /** When the scheduler sweeps for visits entering the lead window (clinic time). */
  reminderSweepCron: string;
  monthlyReportCron: string;
  /** Sign-in, registration and password forgot/reset requests per client address per minute. */
  authRateLimit: number;
  /** Refreshes per session (refresh-token family) per minute. */
  refreshRateLimit: number;
  /** Failed sign-ins of one account from one address before that address is refused for it. */
  loginFailuresPerAccount: number;
  bookingHorizonDays: number;
  /** Booked future appointments a patient may hold at once. */
  maxUpcomingBookings: number;
  /** Exports one user may request per day (a rolling 24 hours). */
  exportsPerDay: number;
  /** Days relayed outbox rows and notification log rows are kept before the daily purge removes them. */
  notificationRetentionDays: number;
  /** The daily purge of expired tokens, old idempotency keys and old notification rows. */
  purgeCron: string;
  /** The queue dashboard may retry, promote and remove jobs (read-only otherwise). */
  queueDashboardWrite: boolean;
  /** How long a freed slot is held for the waitlisted patient it is offered to. */
  waitlistHoldMinutes: number;
  /** When the scheduler sweeps the waitlist (expired offers passed on, free slots offered). */
  waitlistSweepCron: string;
  corsOrigins: string[];
  bodyLimitBytes: number;
  /**
   * Which hops may set X-Forwarded-For: false (none: the socket address counts),
   * a hop count, or the proxies' addresses/CIDRs. Never "trust everything".
   */
  trustProxy: false | number | string[];
  logLevel: LogLevel;
  exportRetentionDays: number;
  /** Audit events younger than this many days cannot be deleted (the database refuses). */
  auditRetentionDays: number;
  /** Directory of the built web app served at `/`; null when it is not served by the API. */
  webDistDir: string | null;
  /** On SIGTERM, milliseconds to keep serving (answers carry Connection: close) before the server closes. */
  shutdownDrainMs: number;
  /** Seconds a user's active flag may be served from memory before it is read again. */
  userStatusCacheSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Collects every bad setting before failing, so one start shows all of them. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | null {
    return this.raw(name) ?? null;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) {
      this.problems.push(`${name} must be a whole number, got "${value}"`);
      return fallback;
    }
    const n = Number(value);
    if (n < min || n > max) {
      this.problems.push(`${name} must be between ${min} and ${max}, got ${n}`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | null {
    const value = this.raw(name);
    if (value === undefined) return null;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return value;
  }

  timezone(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: value });
    } catch {
      this.problems.push(`${name} is not a known IANA time zone, got "${value}"`);
      return fallback;
    }
    return value;
  }

  cron(name: string, fallback: string, timeZone: string): string {
    const value = this.raw(name) ?? fallback;
    try {
      new CronTime(value, timeZone);
    } catch (error) {
      this.problems.push(`${name} is not a valid cron expression ("${value}"): ${(error as Error).message}`);
      return fallback;
    }
    return value;
  }

  /**
   * TRUST_PROXY: unset/false/0 (no proxy), a hop count, or a comma-separated list
   * of addresses/CIDRs. `true` is refused: it trusts whatever the client writes.
   */
  trustProxy(name: string): false | number | string[] {
    const value = this.raw(name);
    if (value === undefined || ['false', 'no', 'off', '0'].includes(value.toLowerCase())) return false;
    if (['true', 'yes', 'on'].includes(value.toLowerCase())) {
      this.problems.push(
        `${name}=${value} would trust any client-written X-Forwarded-For; set the number of proxies in front of the API (e.g. 1) or their addresses/CIDRs`,
      );
      return false;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) this.problems.push(`${name} hop count must be between 0 and 10, got ${hops}`);
      return hops;
    }
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address, prefix, ...rest] = entry.split('/');
      const family = isIP(address);
      const maxPrefix = family === 6 ? 128 : 32;
      const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
      if (family === 0 || !prefixOk || rest.length > 0) {
        this.problems.push(`${name} entries must be a hop count or IP addresses/CIDRs like 10.0.0.0/8, got "${entry}"`);
      }
    }
    return entries;
  }

  email(name: string, fallback: string): string {
    const value = (this.raw(name) ?? fallback).toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) {
      this.problems.push(`${name} is not an email address, got "${value}"`);
    }
    return value;
  }
}

/**
 * Reads and validates the environment. Throws ConfigError naming every bad variable.
 * This is the only place in the API that reads process.env.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';
  const port = r.int('PORT', 3000, 0, 65535);
  const dataDir = resolve(r.string('DATA_DIR', './data'));
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = r.url('REDIS_URL', ['redis:', 'rediss:']);
  const cacheRedisUrl = r.url('CACHE_REDIS_URL', ['redis:', 'rediss:']) ?? redisUrl;
  const smtpUrl = r.url('SMTP_URL', ['smtp:', 'smtps:']);
  const clinicTimezone = r.timezone('CLINIC_TIMEZONE', 'UTC');
  const jwtSecretRaw = r.optional('JWT_SECRET');

  if (isProduction) {
    for (const [name, value] of [
      ['JWT_SECRET', jwtSecretRaw],
      ['DATABASE_URL', databaseUrl],
      ['REDIS_URL', redisUrl],
    ] as const) {
      if (!value) r.problems.push(`${name} is required when NODE_ENV=production`);
    }
  }
  if (jwtSecretRaw !== null && jwtSecretRaw.length < 32) {
    r.problems.push('JWT_SECRET must be at least 32 characters long');
  }
  const corsOrigins = (r.optional('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      r.problems.push(`CORS_ORIGINS entries must be origins like https://clinic.example, got "${origin}"`);
    }
  }
  const publicUrl = r.url('PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  if (isProduction && !publicUrl.startsWith('https://') && !r.bool('ALLOW_INSECURE_PUBLIC_URL', false)) {
    r.problems.push(
      'PUBLIC_URL must be an https:// address when NODE_ENV=production (links in emails and Secure cookies depend on it); set ALLOW_INSECURE_PUBLIC_URL=true to accept http',
    );
  }
  const mailTransportNamed = r.raw('MAIL_TRANSPORT');

  const config: AppConfig = {
    nodeEnv,
    isProduction,
    port,
    host: r.string('HOST', '0.0.0.0'),
    appRole: r.oneOf('APP_ROLE', APP_ROLES, 'all'),
    dataDir,
    databaseUrl,
    databasePoolSize: r.int('DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl,
    cacheRedisUrl,
    redisPrefix: r.string('REDIS_PREFIX', 'hms'),
    smtpUrl,
    mailFrom: r.string('MAIL_FROM', 'Clinic <no-reply@clinic.local>'),
    mailTransport: r.oneOf('MAIL_TRANSPORT', ['smtp', 'file', 'noop'] as const, smtpUrl ? 'smtp' : 'file'),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    clinicName: r.string('CLINIC_NAME', 'City Clinic'),
    clinicTimezone,
    jwtSecret: jwtSecretRaw ?? '',
    accessTokenTtlSeconds: r.int('ACCESS_TOKEN_TTL_SECONDS', 900, 60, 3600),
    refreshTokenTtlDays: r.int('REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    sessionIdleMinutes: r.int('SESSION_IDLE_MINUTES', 30, 1, 1440),
    adminEmail: r.email('ADMIN_EMAIL', 'admin@clinic.local'),
    adminPassword: r.optional('ADMIN_PASSWORD'),
    reminderCron: r.cron('REMINDER_CRON', '0 8 * * *', clinicTimezone),
    reminderLeadHours: r.int('REMINDER_LEAD_HOURS', 24, 1, 168),
    reminderSweepCron: r.cron('REMINDER_SWEEP_CRON', '*/15 * * * *', clinicTimezone),
    monthlyReportCron: r.cron('MONTHLY_REPORT_CRON', '0 9 1 * *', clinicTimezone),
    authRateLimit: r.int('AUTH_RATE_LIMIT', 60, 1, 100000),
    refreshRateLimit: r.int('REFRESH_RATE_LIMIT', 30, 1, 100000),
    loginFailuresPerAccount: r.int('LOGIN_FAILURES_PER_ACCOUNT', 5, 1, 1000),
    bookingHorizonDays: r.int('BOOKING_HORIZON_DAYS', 7, 1, 365),
    maxUpcomingBookings: r.int('MAX_UPCOMING_BOOKINGS', 5, 1, 1000),
    exportsPerDay: r.int('EXPORTS_PER_DAY', 10, 1, 10000),
    notificationRetentionDays: r.int('NOTIFICATION_RETENTION_DAYS', 90, 1, 3650),
    purgeCron: r.cron('PURGE_CRON', '30 3 * * *', clinicTimezone),
    queueDashboardWrite: r.bool('QUEUE_DASHBOARD_WRITE', false),
    waitlistHoldMinutes: r.int('WAITLIST_HOLD_MINUTES', 30, 1, 1440),
    waitlistSweepCron: r.cron('WAITLIST_SWEEP_CRON', '* * * * *', clinicTimezone),
    corsOrigins,
    bodyLimitBytes: r.int('BODY_LIMIT_KB', 100, 1, 10240) * 1024,
    trustProxy: r.trustProxy('TRUST_PROXY'),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    exportRetentionDays: r.int('EXPORT_RETENTION_DAYS', 7, 1, 365),
    auditRetentionDays: r.int('AUDIT_RETENTION_DAYS', 2190, 1, 36500),
    webDistDir: null,
    userStatusCacheSeconds: r.int('USER_STATUS_CACHE_SECONDS', 5, 0, 60),
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', 1_000, 0, 60_000),
  };
  if (config.mailTransport === 'smtp' && !smtpUrl) r.problems.push('MAIL_TRANSPORT=smtp needs SMTP_URL');
  if (isProduction && config.mailTransport === 'file' && mailTransportNamed !== 'file') {
    r.problems.push(
      'NODE_ENV=production needs SMTP_URL to send email; set MAIL_TRANSPORT=file to write .eml files to DATA_DIR/outbox instead',
    );
  }
  const adminPassword = config.adminPassword;
  if (adminPassword !== null && adminPassword.length < 8) {
    r.problems.push('ADMIN_PASSWORD must be at least 8 characters long');
  }
  const webDist = r.optional('WEB_DIST_DIR');
  config.webDistDir = webDist === 'none' ? null : resolve(webDist ?? 'dist/apps/web/browser');

  if (r.problems.length > 0) throw new ConfigError(r.problems);
  if (!config.jwtSecret) config.jwtSecret = developmentJwtSecret(dataDir);
  return config;
}

/**
 * Outside production a missing JWT_SECRET gets a random one kept in DATA_DIR,
 * so sessions survive a restart and every local process shares it.
 */
function developmentJwtSecret(dataDir: string): string {
  const file = join(dataDir, '.jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600, flag: 'w' });
  return secret;
}
