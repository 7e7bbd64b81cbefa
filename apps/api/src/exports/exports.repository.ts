import { Injectable } from '@nestjs/common';
import QueryStream from 'pg-query-stream';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One CSV line's cells in column order: id, clinic date, clinic time, doctor,
 * specialization, diagnosis, prescription, notes, status (dates formatted by
 * the database in the clinic zone).
 */
export type ExportCells = [string, string, string, string, string, string | null, string | null, string | null, string];

/** The export's rows, cells formatted by the database; $1 patient (or null), $2 clinic zone. */
const EXPORT_COLUMNS = `a.id, to_char(a.starts_at AT TIME ZONE $2, 'YYYY-MM-DD') AS date,
       to_char(a.starts_at AT TIME ZONE $2, 'HH24:MI') AS time,
       d.full_name AS doctor, s.name AS specialization, t.diagnosis, t.prescription, t.notes, a.status`;
const EXPORT_FROM = `
  FROM appointments a
  JOIN doctors d ON d.id = a.doctor_id
  JOIN specializations s ON s.id = d.specialization_id
  LEFT JOIN treatments t ON t.appointment_id = a.id
 WHERE ($1::uuid IS NULL OR a.patient_id = $1::uuid)`;

/** Rows fetched per round trip of the cursor or per keyset page. */
const EXPORT_FETCH_ROWS = 2_000;

/** Read-side queries of the treatments export. */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises one user's export requests until the caller's transaction ends. */
  async lockRequester(em: EntityManager, userId: string): Promise<void> {
    await em.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [userId]);
  }

  /** The user's exports: queued or running (created since `activeSince`), and requested since `daySince`. */
  async usage(
    em: EntityManager,
    userId: string,
    kind: string,
    since: { activeSince: Date; daySince: Date },
  ): Promise<{ active: number; today: number; oldestToday: Date | null }> {
    const rows: { active: string; today: string; oldest: Date | null }[] = await em.query(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'running') AND created_at > $3) AS active,
              count(*) FILTER (WHERE created_at > $4) AS today,
              min(created_at) FILTER (WHERE created_at > $4) AS oldest
       FROM jobs WHERE requested_by = $1 AND kind = $2`,
      [userId, kind, since.activeSince, since.daySince],
    );
    const row = rows[0];
    return {
      active: Number(row?.active ?? 0),
      today: Number(row?.today ?? 0),
      oldestToday: row?.oldest ? new Date(row.oldest) : null,
    };
  }

  async patientExists(patientId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM patients WHERE id = $1', [patientId]);
    return rows.length > 0;
  }

  async count(patientId: string | null): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      'SELECT count(*) AS n FROM appointments WHERE ($1::uuid IS NULL OR patient_id = $1::uuid)',
      [patientId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Every row of the export in (starts_at, id) order, in batches. With
   * `cursor`, one statement read through a server-side cursor on a connection
   * of its own (the database sends the next batch only when asked, so memory
   * stays flat); without, keyset pages with the next page fetched while the
   * caller writes the current one (PGlite, which serves one connection).
   */
  async *rows(patientId: string | null, timeZone: string, cursor: boolean): AsyncGenerator<ExportCells[]> {
    if (cursor) {
      yield* this.cursorRows(patientId, timeZone);
      return;
    }
    let next = this.cellsPage(patientId, timeZone, null);
    for (;;) {
      const page = await next;
      if (page.length === 0) return;
      const last = page[page.length - 1];
      next =
        page.length < EXPORT_FETCH_ROWS
          ? Promise.resolve([])
          : this.cellsPage(patientId, timeZone, { startsAt: last.startsAt, id: last.cells[0] });
      // A failed prefetch is reported when awaited, not as an unhandled rejection meanwhile.
      next.catch(() => undefined);
      yield page.map((r) => r.cells);
    }
  }

  private async *cursorRows(patientId: string | null, timeZone: string): AsyncGenerator<ExportCells[]> {
    const runner = this.dataSource.createQueryRunner('slave');
    const client = (await runner.connect()) as { query<T>(submittable: T): T };
    const stream = client.query(
      new QueryStream(`SELECT ${EXPORT_COLUMNS} ${EXPORT_FROM} ORDER BY a.starts_at, a.id`, [patientId, timeZone], {
        batchSize: EXPORT_FETCH_ROWS,
        highWaterMark: EXPORT_FETCH_ROWS,
        rowMode: 'array',
      }),
    );
    try {
      let batch: ExportCells[] = [];
      for await (const row of stream as AsyncIterable<ExportCells>) {
        batch.push(row);
        if (batch.length === EXPORT_FETCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      if (!stream.destroyed) stream.destroy();
      await runner.release();
    }
  }

  private async cellsPage(
    patientId: string | null,
    timeZone: string,
    after: { startsAt: string; id: string } | null,
  ): Promise<{ startsAt: string; cells: ExportCells }[]> {
    const rows: (Record<string, string | null> & { key_starts_at: string })[] = await this.dataSource.query(
      `SELECT ${EXPORT_COLUMNS}, a.starts_at::text AS key_starts_at ${EXPORT_FROM}
          AND ($3::timestamptz IS NULL OR (a.starts_at, a.id) > ($3::timestamptz, $4::uuid))
        ORDER BY a.starts_at, a.id
        LIMIT $5`,
      [patientId, timeZone, after?.startsAt ?? null, after?.id ?? null, EXPORT_FETCH_ROWS],
    );
    return rows.map((r) => ({
      startsAt: r.key_starts_at,
      cells: [
        r.id as string,
        r.date as string,
        r.time as string,
        r.doctor as string,
        r.specialization as string,
        r.diagnosis,
        r.prescription,
        r.notes,
        r.status as string,
      ],
    }));
  }

  /** Whom to email: the requester's address and display name. */
  async recipient(userId: string): Promise<{ email: string; name: string } | null> {
    const rows: { email: string; name: string | null }[] = await this.dataSource.query(
      `SELECT u.email, coalesce(p.full_name, d.full_name) AS name FROM users u
       LEFT JOIN patients p ON p.user_id = u.id LEFT JOIN doctors d ON d.user_id = u.id
       WHERE u.id = $1 AND u.active`,
      [userId],
    );
    return rows[0] ? { email: rows[0].email, name: rows[0].name ?? rows[0].email } : null;
  }
}
