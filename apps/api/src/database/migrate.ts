import { DataSource, MigrationExecutor } from 'typeorm';

/** Key of the advisory lock that serialises migrations across processes ("hms:migrate"). */
export const MIGRATION_LOCK_KEY = 0x686d735f6d67;

/** The migration running in this process, if any: the next one starts after it. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Runs pending migrations while holding a session-level advisory lock, so
 * several instances can start together: the first migrates, the others
 * wait for it and then find nothing to do. Returns the names applied.
 * Within one process the runs also go one after another: embedded PGlite
 * serves every connection from one session, where an advisory lock is
 * re-entrant and excludes nobody.
 */
export function runMigrations(dataSource: DataSource): Promise<string[]> {
  const run = running.then(() => migrateLocked(dataSource));
  running = run.catch(() => undefined);
  return run;
}

async function migrateLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
