import { QueryFailedError, type DataSource } from 'typeorm';

/** A named, parameterised read: PostgreSQL parses and plans it once per pooled connection. */
export interface PreparedRead {
  /** Unique per statement text within the process. */
  name: string;
  text: string;
}

interface PgPool {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/** Pools whose connections share one server session (embedded PGlite): names would clash there. */
const sharedSessions = new WeakSet<object>();

function poolOf(dataSource: DataSource): PgPool | null {
  const master = (dataSource.driver as unknown as { master?: unknown }).master;
  if (!master || typeof (master as PgPool).query !== 'function' || sharedSessions.has(master)) return null;
  return master as PgPool;
}

/** duplicate_prepared_statement: another connection of the same session prepared the name already. */
const DUPLICATE_PREPARED = '42P05';

/**
 * Runs a hot read as a named prepared statement on the driver's pool: no
 * query runner, no re-parsing or re-planning per request. Falls back to an
 * ordinary query where the driver exposes no pool, or where its connections
 * share one session (embedded PGlite), which the first clash of names shows.
 */
export async function preparedRead<R>(
  dataSource: DataSource,
  statement: PreparedRead,
  values: unknown[],
): Promise<R[]> {
  const pool = poolOf(dataSource);
  if (!pool) return dataSource.query(statement.text, values) as Promise<R[]>;
  try {
    const { rows } = await pool.query<R>({ name: statement.name, text: statement.text, values });
    return rows;
  } catch (error) {
    if ((error as { code?: unknown }).code !== DUPLICATE_PREPARED) throw error;
    sharedSessions.add(pool);
    return dataSource.query(statement.text, values) as Promise<R[]>;
  }
}

/**
 * A hot write (one statement, its own transaction) as a named prepared
 * statement, like preparedRead. A failure of the statement is thrown as
 * TypeORM's QueryFailedError, as `dataSource.query` throws it, so the
 * readers of constraint violations (pg-errors) see it the same way.
 */
export async function preparedWrite<R>(
  dataSource: DataSource,
  statement: PreparedRead,
  values: unknown[],
): Promise<R[]> {
  try {
    return await preparedRead<R>(dataSource, statement, values);
  } catch (error) {
    if (error instanceof QueryFailedError || typeof (error as { code?: unknown }).code !== 'string') throw error;
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}
