import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const base = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'hms-config-')) });

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
      monthlyReportCron: '0 9 1 * *',
      authRateLimit: 20,
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
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY must be true or false/],
  ])('rejects a bad %s (%s) with a message naming it', (name, value, message) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', APP_ROLE: 'y', CLINIC_TIMEZONE: 'Nowhere/Land' });
    expect(problems).toHaveLength(3);
  });

  it('refuses production without JWT_SECRET, DATABASE_URL and REDIS_URL, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'JWT_SECRET is required when NODE_ENV=production',
      'DATABASE_URL is required when NODE_ENV=production',
      'REDIS_URL is required when NODE_ENV=production',
    ]);
  });

  it('accepts a complete production environment', () => {
    const config = loadConfig({
      ...base(),
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      DATABASE_URL: 'postgresql://app@db:5432/hms',
      REDIS_URL: 'redis://redis:6379',
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
});
