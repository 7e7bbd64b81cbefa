import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { PageRequest } from '../common/http/pagination';
import { preparedWrite, type PreparedRead } from '../database/prepared-query';

/** One row as written: every column but id and at. */
export interface AuditRow {
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  patientId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

/** Binds values to positional parameters: `p(value)` answers `$n`. */
export type Bind = (value: unknown) => string;

export interface AuditQuery {
  /** One event by its id. */
  id?: string;
  patientId?: string;
  actorUserId?: string;
  /** The acting user is this doctor (by the doctor's id). */
  actorDoctorId?: string;
  /** The acting user is this patient (by the patient's id). */
  actorPatientId?: string;
  action?: string;
  /** at >= from */
  from?: Date;
  /** at < before */
  before?: Date;
  /** Leaves out the events of this user (a patient's own actions). */
  excludeActorUserId?: string;
  outcome?: string;
}

export interface AuditListRow {
  id: string;
  at: Date;
  actorUserId: string | null;
  actorRole: string | null;
  actorName: string | null;
  actorEmail: string | null;
  /** The acting user's doctor id, when they are a doctor. */
  actorDoctorId: string | null;
  /** The acting user's patient id, when they are a patient. */
  actorPatientId: string | null;
  action: string;
  patientId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
}

const COLUMNS =
  '"actor_user_id", "actor_role", "action", "patient_id", "resource_type", "resource_id", "outcome", "ip", "request_id", "details"';

function valuesOf(row: AuditRow, bind: Bind): string {
  return [
    `${bind(row.actorUserId)}::uuid`,
    `${bind(row.actorRole)}::varchar`,
    `${bind(row.action)}::varchar`,
    `${bind(row.patientId)}::uuid`,
    `${bind(row.resourceType)}::varchar`,
    `${bind(row.resourceId)}::varchar`,
    `${bind(row.outcome)}::varchar`,
    `${bind(row.ip)}::varchar`,
    `${bind(row.requestId)}::varchar`,
    `${bind(row.details === null ? null : JSON.stringify(row.details))}::jsonb`,
  ].join(', ');
}

/**
 * Any number of rows in one statement of one text (a column per array), so
 * the pool's connections parse and plan it once instead of once per row count.
 */
const INSERT_ROWS: PreparedRead = {
  name: 'audit.insert',
  text: `INSERT INTO "audit_events" (${COLUMNS})
SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[],
                     $8::varchar[], $9::varchar[], $10::jsonb[])`,
};

/** The rows as INSERT_ROWS's column arrays. */
function columnsOf(rows: AuditRow[]): unknown[] {
  return [
    rows.map((r) => r.actorUserId),
    rows.map((r) => r.actorRole),
    rows.map((r) => r.action),
    rows.map((r) => r.patientId),
    rows.map((r) => r.resourceType),
    rows.map((r) => r.resourceId),
    rows.map((r) => r.outcome),
    rows.map((r) => r.ip),
    rows.map((r) => r.requestId),
    rows.map((r) => (r.details === null ? null : JSON.stringify(r.details))),
  ];
}

function binder(): { bind: Bind; params: unknown[] } {
  const params: unknown[] = [];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

/** The only I/O on audit_events. Writes are INSERTs only (the table refuses anything else). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every row in one INSERT statement (one round trip), inside the caller's
   * transaction when given; otherwise as a prepared statement of the pool.
   */
  async insert(rows: AuditRow[], em?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    if (em) await em.query(INSERT_ROWS.text, columnsOf(rows));
    else await preparedWrite(this.dataSource, INSERT_ROWS, columnsOf(rows));
  }

  /**
   * Writes the row only when `condition` holds, in the same statement that
   * tests it: true when written. Lets a rule check and its audit event cost
   * one round trip together.
   */
  async insertIf(
    row: AuditRow,
    condition: (bind: Bind) => string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const { bind, params } = binder();
    const values = valuesOf(row, bind);
    const where = condition(bind);
    const written: unknown[] = await em.query(
      `INSERT INTO "audit_events" (${COLUMNS}) SELECT ${values} WHERE ${where} RETURNING "id"`,
      params,
    );
    return written.length > 0;
  }

  /** A page of events, newest first, with the actor's name (doctor or patient; null for admins) and email. */
  async list(query: AuditQuery, page: PageRequest): Promise<[AuditListRow[], number]> {
    const { bind, params } = binder();
    const clause = whereOf(query, bind);
    const countParams = [...params];
    const limit = bind(page.pageSize);
    const offset = bind(page.offset);
    const [rows, totals] = await Promise.all([
      this.dataSource.query(
        `${LIST_SELECT} ${clause} ORDER BY e.at DESC, e.id DESC LIMIT ${limit} OFFSET ${offset}`,
        params,
      ) as Promise<Record<string, unknown>[]>,
      this.dataSource.query(`SELECT count(*) AS total FROM audit_events e ${clause}`, countParams) as Promise<
        { total: string }[]
      >,
    ]);
    return [rows.map(toListRow), Number(totals[0]?.total ?? 0)];
  }

  async count(query: AuditQuery): Promise<number> {
    const { bind, params } = binder();
    const rows: { total: string }[] = await this.dataSource.query(
      `SELECT count(*) AS total FROM audit_events e ${whereOf(query, bind)}`,
      params,
    );
    return Number(rows[0]?.total ?? 0);
  }

  /**
   * A batch for exports, newest first. Callers bound `query.before` to the
   * export's start, so events written meanwhile never shift the batches.
   */
  async batch(query: AuditQuery, offset: number, limit: number): Promise<AuditListRow[]> {
    const { bind, params } = binder();
    const clause = whereOf(query, bind);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `${LIST_SELECT} ${clause} ORDER BY e.at DESC, e.id DESC LIMIT ${bind(limit)} OFFSET ${bind(offset)}`,
      params,
    );
    return rows.map(toListRow);
  }
}

const LIST_SELECT = `SELECT e.id, e.at, e.actor_user_id, e.actor_role, e.action, e.patient_id, e.resource_type,
       e.resource_id, e.outcome, e.ip, e.request_id, u.email AS actor_email,
       coalesce(d.full_name, p.full_name) AS actor_name, d.id AS actor_doctor_id, p.id AS actor_patient_id
  FROM audit_events e
  LEFT JOIN users u ON u.id = e.actor_user_id
  LEFT JOIN doctors d ON d.user_id = e.actor_user_id
  LEFT JOIN patients p ON p.user_id = e.actor_user_id`;

function whereOf(query: AuditQuery, bind: Bind): string {
  const where: string[] = [];
  if (query.id) where.push(`e.id = ${bind(query.id)}::uuid`);
  if (query.patientId) where.push(`e.patient_id = ${bind(query.patientId)}::uuid`);
  if (query.actorUserId) where.push(`e.actor_user_id = ${bind(query.actorUserId)}::uuid`);
  if (query.actorDoctorId) {
    where.push(`e.actor_user_id = (SELECT user_id FROM doctors WHERE id = ${bind(query.actorDoctorId)}::uuid)`);
  }
  if (query.actorPatientId) {
    where.push(`e.actor_user_id = (SELECT user_id FROM patients WHERE id = ${bind(query.actorPatientId)}::uuid)`);
  }
  if (query.action) where.push(`e.action = ${bind(query.action)}`);
  if (query.from) where.push(`e.at >= ${bind(query.from)}::timestamptz`);
  if (query.before) where.push(`e.at < ${bind(query.before)}::timestamptz`);
  if (query.outcome) where.push(`e.outcome = ${bind(query.outcome)}`);
  if (query.excludeActorUserId) {
    where.push(`e.actor_user_id IS DISTINCT FROM ${bind(query.excludeActorUserId)}::uuid`);
  }
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}

function toListRow(r: Record<string, unknown>): AuditListRow {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(r.id),
    at: new Date(r.at as string | Date),
    actorUserId: str(r.actor_user_id),
    actorRole: str(r.actor_role),
    actorName: str(r.actor_name),
    actorEmail: str(r.actor_email),
    actorDoctorId: str(r.actor_doctor_id),
    actorPatientId: str(r.actor_patient_id),
    action: String(r.action),
    patientId: str(r.patient_id),
    resourceType: str(r.resource_type),
    resourceId: str(r.resource_id),
    outcome: String(r.outcome),
    ip: str(r.ip),
    requestId: str(r.request_id),
  };
}
