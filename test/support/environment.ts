import { spawnSync } from 'node:child_process';

/** A redis-server binary this machine can start for a throwaway Redis. */
export const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

/** A Redis a suite can use: REDIS_URL when set, else a throw-away redis-server (see redis-server.ts). */
export const hasRedis = Boolean(process.env.REDIS_URL) || hasRedisServer;

/** What is missing when `hasRedis` is false, for a skip's name. */
export const REDIS_MISSING = 'needs REDIS_URL or a redis-server binary on PATH';

/**
 * A PostgreSQL server that sessions in several processes can share: the one
 * DATABASE_URL names, else the local server global setup found reachable
 * (see postgres-server.ts). PGlite serves every connection from one session.
 */
export const hasSharedPostgres = Boolean(process.env.DATABASE_URL || process.env.TEST_LOCAL_POSTGRES_URL);

/** What is missing when `hasSharedPostgres` is false, for a skip's name. */
export const SHARED_POSTGRES_MISSING = `needs DATABASE_URL or a local PostgreSQL server (${
  process.env.TEST_LOCAL_POSTGRES_MISSING ?? 'none was looked for'
})`;

/**
 * `describe` when the suite's prerequisite is there; otherwise a suite whose
 * one test is skipped under the name "skipped: <reason>", so the skip shows in
 * every run's output instead of disappearing.
 */
export function describeWhen(available: boolean, reason: string): (name: string, fn: () => void) => void {
  if (available) return (name, fn) => describe(name, fn);
  return (name) =>
    describe(name, () => {
      it.skip(`skipped: ${reason}`, () => undefined);
    });
}
