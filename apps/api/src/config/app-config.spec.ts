import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const base = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hms-config-')) });

const PRODUCTION_MAIL_AND_URL = { PUBLIC_URL: 'https://clinic.example', SMTP_URL: 'smtp://mail.clinic.example:587' };
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(40),
  DATABASE_URL: 'postgresql://app@db:5432/hms',
  REDIS_URL: 'redis://redis:6379',
  ...PRODUCTION_MAIL_AND_URL,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives the documented defaults with an empty environment', () => {
    const config = loadConfig(base());
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      appRole: 'all',
      databaseUrl: null,
      redisUrl: null,
      smtpUrl: null,
      clinicTimezone: 'UTC',
      reminderCron: '0 8 * * *',
      reminderLeadHours: 24,
      reminderSweepCron: '*/15 * * * *',
      monthlyReportCron: '0 9 1 * *',
      authRateLimit: 60,
      maxUpcomingBookings: 5,
      exportsPerDay: 10,
      notificationRetentionDays: 90,
      trustProxy: false,
      queueDashboardWrite: false,
      bookingHorizonDays: 7,
      waitlistHoldMinutes: 30,
      waitlistSweepCron: '* * * * *',
      accessTokenTtlSeconds: 900,
      adminPassword: null,
    });
  });

  it('keeps a generated JWT secret in DATA_DIR outside production, the same on the next start', () => {
    const env = base();
    const first = loadConfig(env);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(env.DATA_DIR, '.jwt-secret'), 'utf8')).toBe(first.jwtSecret);
    expect(loadConfig(env).jwtSecret).toBe(first.jwtSecret);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['APP_ROLE', 'web', /APP_ROLE must be one of api, worker, scheduler, all/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of/],
    ['DATABASE_URL', 'mysql://localhost/db', /DATABASE_URL must use postgres: or postgresql:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL is not a valid URL/],
    ['REDIS_URL', 'http://localhost:6379', /REDIS_URL must use redis: or rediss:/],
    ['SMTP_URL', 'ftp://x', /SMTP_URL must use smtp: or smtps:/],
    ['CLINIC_TIMEZONE', 'Mars/Olympus', /CLINIC_TIMEZONE is not a known IANA time zone/],
    ['REMINDER_CRON', 'every morning', /REMINDER_CRON is not a valid cron expression/],
    ['MONTHLY_REPORT_CRON', '61 9 1 * *', /MONTHLY_REPORT_CRON is not a valid cron expression/],
    ['AUTH_RATE_LIMIT', '0', /AUTH_RATE_LIMIT must be between 1/],
    ['BOOKING_HORIZON_DAYS', '-3', /BOOKING_HORIZON_DAYS must be between 1 and 365/],
    ['ADMIN_EMAIL', 'admin', /ADMIN_EMAIL is not an email address/],
    ['ADMIN_PASSWORD', 'short', /ADMIN_PASSWORD must be at least 8 characters/],
    ['JWT_SECRET', 'too-short', /JWT_SECRET must be at least 32 characters/],
    ['CORS_ORIGINS', 'https://ok.example,not-an-origin', /CORS_ORIGINS entries must be origins/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY entries must be a hop count or IP addresses\/CIDRs/],
    ['TRUST_PROXY', 'true', /TRUST_PROXY=true would trust any client-written X-Forwarded-For/],
    ['TRUST_PROXY', '10.0.0.0/40', /TRUST_PROXY entries must be/],
    ['TRUST_PROXY', '11', /TRUST_PROXY hop count must be between 0 and 10/],
    ['MAX_UPCOMING_BOOKINGS', '0', /MAX_UPCOMING_BOOKINGS must be between 1/],
    ['EXPORTS_PER_DAY', 'ten', /EXPORTS_PER_DAY must be a whole number/],
    ['NOTIFICATION_RETENTION_DAYS', '0', /NOTIFICATION_RETENTION_DAYS must be between 1/],
    ['PURGE_CRON', 'nightly', /PURGE_CRON is not a valid cron expression/],
    ['QUEUE_DASHBOARD_WRITE', 'perhaps', /QUEUE_DASHBOARD_WRITE must be true or false/],
  ])('rejects a bad %s (%s) with a message naming it', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', APP_ROLE: 'y', CLINIC_TIMEZONE: 'Nowhere/Land' });
    expect(problems).toHaveLength(3);
  });

  it('refuses production without JWT_SECRET, DATABASE_URL and REDIS_URL, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production', ...PRODUCTION_MAIL_AND_URL });
    expect(problems).toEqual([
      'JWT_SECRET is required when NODE_ENV=production',
      'DATABASE_URL is required when NODE_ENV=production',
      'REDIS_URL is required when NODE_ENV=production',
    ]);
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig({
      ...base(),
      ...PRODUCTION,
      CLINIC_TIMEZONE: 'Europe/Berlin',
      CORS_ORIGINS: 'https://clinic.example, https://admin.clinic.example',
    });
    expect(config.isProduction).toBe(true);
    expect(config.corsOrigins).toEqual(['https://clinic.example', 'https://admin.clinic.example']);
    expect(config.clinicTimezone).toBe('Europe/Berlin');
  });

  it('normalises the admin email to lower case and trims blank values to unset', () => {
    const config = loadConfig({ ...base(), ADMIN_EMAIL: 'Boss@Clinic.Example', SMTP_URL: '   ' });
    expect(config.adminEmail).toBe('boss@clinic.example');
    expect(config.smtpUrl).toBeNull();
  });

  it('takes TRUST_PROXY as nothing, a hop count, or addresses/CIDRs', () => {
    expect(loadConfig(base()).trustProxy).toBe(false);
    expect(loadConfig({ ...base(), TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base(), TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base(), TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base(), TRUST_PROXY: '10.0.0.0/8, 192.168.1.5 ,::1, fd00::/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'fd00::/8',
    ]);
  });

  describe('in production', () => {
    it('refuses a non-https PUBLIC_URL unless ALLOW_INSECURE_PUBLIC_URL=true', () => {
      expect(problemsOf({ ...PRODUCTION, PUBLIC_URL: 'http://clinic.example' })).toEqual([
        expect.stringMatching(/PUBLIC_URL must be an https:\/\/ address when NODE_ENV=production/),
      ]);
      expect(problemsOf({ ...PRODUCTION, PUBLIC_URL: undefined as unknown as string })).toEqual([
        expect.stringMatching(/PUBLIC_URL must be an https:\/\/ address/),
      ]);
      expect(
        problemsOf({ ...PRODUCTION, PUBLIC_URL: 'http://clinic.example', ALLOW_INSECURE_PUBLIC_URL: 'true' }),
      ).toEqual([]);
      expect(problemsOf({ ...PRODUCTION, PUBLIC_URL: 'https://clinic.example' })).toEqual([]);
    });

    it('refuses the .eml file transport unless MAIL_TRANSPORT=file names it', () => {
      const { SMTP_URL: _smtp, ...noSmtp } = PRODUCTION;
      expect(problemsOf(noSmtp)).toEqual([expect.stringMatching(/NODE_ENV=production needs SMTP_URL to send email/)]);
      expect(loadConfig({ ...base(), ...noSmtp, MAIL_TRANSPORT: 'file' }).mailTransport).toBe('file');
      expect(loadConfig({ ...base(), ...PRODUCTION }).mailTransport).toBe('smtp');
    });

    it('allows the same outside production', () => {
      expect(problemsOf({ PUBLIC_URL: 'http://localhost:3000' })).toEqual([]);
      expect(loadConfig(base()).mailTransport).toBe('file');
    });
  });
});
