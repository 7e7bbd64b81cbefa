import type { DataSource } from 'typeorm';

/** A named, parameterised read: PostgreSQL parses and plans it once per pooled connection. */
export interface PreparedRead {
  /** Unique per statement text within the process. */
  name: string;
  text: string;
}

interface PgPool {
  query<R>(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

function poolOf(dataSource: DataSource): PgPool | null {
  const master = (dataSource.driver as unknown as { master?: unknown }).master;
  return master && typeof (master as PgPool).query === 'function' ? (master as PgPool) : null;
}

/**
 * Runs a hot read as a named prepared statement on the driver's pool: no
 * query runner, no re-parsing or re-planning per request. Falls back to an
 * ordinary query where the driver exposes no pool.
 */
export async function preparedRead<R>(
  dataSource: DataSource,
  statement: PreparedRead,
  values: unknown[],
): Promise<R[]> {
  const pool = poolOf(dataSource);
  if (!pool) return dataSource.query(statement.text, values) as Promise<R[]>;
  const { rows } = await pool.query<R>({ name: statement.name, text: statement.text, values });
  return rows;
}
