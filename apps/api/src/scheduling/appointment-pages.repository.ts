import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PageRequest } from '../common/http/pagination';
import { preparedRead, type PreparedRead } from '../database/prepared-query';
import type { AppointmentFilter } from './appointments.repository';

/** A doctor's page, already rendered as the JSON the API answers, and the rows whose treatment it shows. */
export interface RenderedPage {
  /** `{"items":[…],"total":…,"page":…,"pageSize":…}`, field for field what toAppointmentDto and toPage produce. */
  body: string;
  /** Appointment and patient of each row that carries a treatment (each such read is audited). */
  treated: { id: string; patientId: string }[];
}

/** The doctor's own list needs a doctor; status and the two bounds are optional. */
export type DoctorPageFilter = Omit<AppointmentFilter, 'patientId' | 'specializationId' | 'search'> & {
  doctorId: string;
};

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One appointment of the page `r` as AppointmentDto renders it (same fields, same order; the
 * optional fields only when set), built by PostgreSQL: no entity, no Date. The doctor is the
 * page's own (`doc`), read once rather than joined to every row.
 */
const ITEM_SQL = `concat(
  left(json_build_object('id', r.id,
    'doctor', doc.doctor,
    'patient', json_build_object('id', r.patient_id, 'fullName', r.patient_name),
    'startsAt', ${ISO('r.starts_at')}, 'endsAt', ${ISO('r.ends_at')}, 'status', r.status, 'reason', r.reason)::text, -1),
  CASE WHEN nullif(r.cancelled_by, '') IS NOT NULL THEN ',"cancelledBy":' || to_json(r.cancelled_by)::text END,
  CASE WHEN nullif(r.cancellation_reason, '') IS NOT NULL
       THEN ',"cancelReason":' || to_json(r.cancellation_reason)::text END,
  CASE WHEN r.checked_in_at IS NOT NULL THEN ',"checkedInAt":"' || ${ISO('r.checked_in_at')} || '"' END,
  ',"treatment":',
  CASE WHEN r.treatment_id IS NULL THEN 'null' ELSE json_build_object('id', r.treatment_id, 'appointmentId', r.id,
    'diagnosis', coalesce(r.diagnosis, ''), 'prescription', coalesce(r.prescription, ''), 'notes', coalesce(r.notes, ''),
    'version', r.version, 'createdAt', ${ISO('r.treatment_created_at')},
    'updatedAt', ${ISO('r.treatment_updated_at')})::text END,
  ',"createdAt":"', ${ISO('r.created_at')}, '"}')`;

/** The statement for one shape of filter (which optional conditions, which order): a handful of prepared statements. */
function pageStatement(filter: DoctorPageFilter): {
  statement: PreparedRead;
  count: PreparedRead;
  values: (v: Values) => unknown[];
} {
  const conditions = ['a.doctor_id = $1::uuid'];
  const picks: ((v: Values) => unknown)[] = [(v) => v.filter.doctorId];
  const add = (sql: (n: string) => string, pick: (v: Values) => unknown) => {
    picks.push(pick);
    conditions.push(sql(`$${picks.length}`));
  };
  if (filter.status)
    add(
      (n) => `a.status = ${n}`,
      (v) => v.filter.status,
    );
  if (filter.startsFrom)
    add(
      (n) => `a.starts_at >= ${n}::timestamptz`,
      (v) => v.filter.startsFrom,
    );
  if (filter.startsBefore)
    add(
      (n) => `a.starts_at < ${n}::timestamptz`,
      (v) => v.filter.startsBefore,
    );
  picks.push(
    (v) => v.page.pageSize,
    (v) => v.page.offset,
  );
  const limit = `$${picks.length - 1}`;
  const offset = `$${picks.length}`;
  const order = filter.order === 'DESC' ? 'DESC' : 'ASC';
  const shape = [filter.status ? 's' : '', filter.startsFrom ? 'f' : '', filter.startsBefore ? 'b' : '', order].join(
    '',
  );
  const text = `
WITH doc AS MATERIALIZED (
  SELECT json_build_object('id', d.id, 'fullName', d.full_name, 'specialization', s.name) AS doctor
    FROM doctors d JOIN specializations s ON s.id = d.specialization_id
   WHERE d.id = $1::uuid),
r AS (
  SELECT a.id, a.patient_id, a.starts_at, a.ends_at, a.status, a.reason, a.cancelled_by, a.cancellation_reason,
         a.checked_in_at, a.created_at, p.full_name AS patient_name, t.id AS treatment_id, t.diagnosis, t.prescription, t.notes, t.version,
         t.created_at AS treatment_created_at, t.updated_at AS treatment_updated_at, count(*) OVER () AS total
    FROM appointments a
    JOIN patients p ON p.id = a.patient_id
    LEFT JOIN treatments t ON t.appointment_id = a.id
   WHERE ${conditions.join(' AND ')}
   ORDER BY a.starts_at ${order}, a.id ASC
   LIMIT ${limit} OFFSET ${offset})
SELECT coalesce(string_agg(${ITEM_SQL}, ',' ORDER BY r.starts_at ${order}, r.id ASC), '') AS items,
       coalesce(max(r.total), 0)::int AS total,
       coalesce(json_agg(json_build_object('id', r.id, 'patientId', r.patient_id))
                FILTER (WHERE r.treatment_id IS NOT NULL), '[]')::text AS treated
  FROM r CROSS JOIN doc`;
  return {
    statement: { name: `doctor-appointments-page:${shape}`, text },
    count: {
      name: `doctor-appointments-count:${shape}`,
      text: `SELECT count(*)::int AS total FROM appointments a WHERE ${conditions.join(' AND ')}`,
    },
    values: (v) => picks.map((pick) => pick(v)),
  };
}

interface Values {
  filter: DoctorPageFilter;
  page: PageRequest;
}

/** The doctor's appointment lists read as one statement that renders the answer. */
@Injectable()
export class AppointmentPagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One page of the doctor's appointments matching the filter, soonest (or
   * latest) first, with the total by a window function; a page past the end
   * counts the matches separately.
   */
  async doctorPage(filter: DoctorPageFilter, page: PageRequest): Promise<RenderedPage> {
    const { statement, count, values } = pageStatement(filter);
    const params = values({ filter, page });
    const rows = await preparedRead<{ items: string; total: number; treated: string }>(
      this.dataSource,
      statement,
      params,
    );
    const row = rows[0] ?? { items: '', total: 0, treated: '[]' };
    let total = Number(row.total);
    if (row.items === '' && page.offset > 0) {
      const counted = await preparedRead<{ total: number }>(this.dataSource, count, params.slice(0, -2));
      total = Number(counted[0]?.total ?? 0);
    }
    return {
      body: `{"items":[${row.items}],"total":${total},"page":${page.page},"pageSize":${page.pageSize}}`,
      treated: row.treated === '[]' ? [] : (JSON.parse(row.treated) as RenderedPage['treated']),
    };
  }
}
