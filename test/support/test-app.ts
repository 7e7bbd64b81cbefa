import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AdminAccountService } from '../../apps/api/src/auth/admin-account.service';
import { createApp, type RunningApp } from '../../apps/api/src/bootstrap';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  running: RunningApp;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** supertest against the real listening server. */
  http: TestAgent;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Test apps run quiet; only the problem filter's "Unhandled error" (a 500)
 * is printed, with its exception, so a test that meets an unexpected 500
 * shows why instead of a bare request id.
 */
const unexpectedErrors: LoggerService = {
  log: () => undefined,
  warn: () => undefined,
  error: (message: unknown, ...rest: unknown[]) => {
    if (rest[rest.length - 1] === 'Errors') console.error('Unhandled error in the API under test:', message, ...rest);
  },
};

/** This worker's database URL (see test/support/global-setup.mjs). */
export function workerDatabaseUrl(): string {
  const url = process.env[`TEST_DATABASE_URL_${process.env.JEST_WORKER_ID ?? '1'}`];
  if (!url) throw new Error('No test database: run the suites through jest (global setup)');
  return url;
}

/** Settings of a test instance: this worker's database, the real Redis when REDIS_URL is set, a private key prefix. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: workerDatabaseUrl(),
    // Without DATABASE_URL the worker database is PGlite, which serves every connection from one
    // session: one pooled connection, exactly as the app's own embedded mode runs.
    DATABASE_POOL_SIZE: process.env.DATABASE_URL ? undefined : '1',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: `hmstest:${process.env.TEST_RUN_ID ?? 'run'}:${randomUUID().slice(0, 8)}`,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    WEB_DIST_DIR: 'none',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT: '10000',
    // The reminder crons act on the real clock: a suite runs them explicitly with the instant it needs.
    REMINDER_CRON: '0 0 1 1 *',
    REMINDER_SWEEP_CRON: '0 0 1 1 *',
    ...overrides,
  };
}

/**
 * Starts the real application (same bootstrap as production) on an ephemeral
 * port against this worker's database, emptied first unless `keepData`.
 */
export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
  options: { keepData?: boolean } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hms-test-'));
  const config = loadConfig(testEnv({ DATA_DIR: dataDir, ...overrides }));
  const running = await createApp(config, { quiet: true });
  running.app.useLogger(unexpectedErrors);
  const dataSource = running.app.get(DataSource);
  if (!options.keepData) {
    await truncateAll(dataSource);
    await running.app.get(AdminAccountService).ensureAdmin();
  }
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app: running.app,
    config,
    running,
    baseUrl,
    http: request(baseUrl),
    dataSource,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Empties every table but the migrations ledger. */
export async function truncateAll(dataSource: DataSource): Promise<void> {
  const rows: { tablename: string }[] = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
  );
  if (rows.length === 0) return;
  await dataSource.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
