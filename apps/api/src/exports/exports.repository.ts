import { Injectable } from '@nestjs/common';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

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

/**
 * A text cell as csvCell() writes it, left to COPY's CSV quoting: a leading
 * =, +, -, @, tab or CR gets an apostrophe (no spreadsheet formula), and an
 * empty text becomes NULL, which COPY writes unquoted as csvCell() writes ''
 * (COPY would quote an empty string).
 */
const guarded = (column: string) =>
  `nullif(CASE WHEN left(${column}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${column} ELSE ${column} END, '')`;

/**
 * The export as PostgreSQL's own CSV, in the cells' order: quoting and doubled
 * quotes as csvRow(), records ending in LF (CsvRecordEnds turns them into CRLF).
 * COPY takes no parameters: $PATIENT and $ZONE are replaced by quoted literals.
 */
const EXPORT_COPY = `COPY (
  SELECT a.id, to_char(a.starts_at AT TIME ZONE $ZONE, 'YYYY-MM-DD'), to_char(a.starts_at AT TIME ZONE $ZONE, 'HH24:MI'),
         ${guarded('d.full_name')}, ${guarded('s.name')}, ${guarded('t.diagnosis')}, ${guarded('t.prescription')},
         ${guarded('t.notes')}, ${guarded('a.status')}
    FROM appointments a
    JOIN doctors d ON d.id = a.doctor_id
    JOIN specializations s ON s.id = d.specialization_id
    LEFT JOIN treatments t ON t.appointment_id = a.id
   WHERE ($PATIENT::uuid IS NULL OR a.patient_id = $PATIENT::uuid)
   ORDER BY a.starts_at, a.id
) TO STDOUT WITH (FORMAT csv)`;

/** Rows per keyset page. */
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
   * Every row of the export in (starts_at, id) order, in keyset pages, the
   * next page fetched while the caller writes the current one: the path of
   * embedded PGlite, which serves one connection and no COPY to a client.
   */
  async *rows(patientId: string | null, timeZone: string): AsyncGenerator<ExportCells[]> {
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

  /**
   * The export's CSV body as PostgreSQL writes it (`COPY ... TO STDOUT`), on a
   * connection of its own: one statement, no round trip per batch, the bytes
   * handed on as they arrive (the socket's backpressure holds the server
   * back while the file catches up). Records end in LF; see CsvRecordEnds.
   */
  async *copyCsv(patientId: string | null, timeZone: string): AsyncGenerator<Buffer> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    const sql = EXPORT_COPY.replaceAll(
      '$PATIENT',
      patientId === null ? 'NULL' : client.escapeLiteral(patientId),
    ).replaceAll('$ZONE', client.escapeLiteral(timeZone));
    const stream = client.query(copyTo(sql));
    let finished = false;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
      finished = true;
    } finally {
      if (!finished && !stream.destroyed) stream.destroy();
      // Left mid-COPY (a failed write, a shutdown), the connection is not reusable: the pool drops it.
      client.release(finished ? undefined : new Error('export COPY abandoned'));
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
