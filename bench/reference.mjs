// The references a reviewer would write by hand on the benchmark's data: a bare
// node:http server with a `pg` pool, each route answered by one hand-written SQL
// statement whose result PostgreSQL already renders as the JSON body.
//   GET  /availability?doctorId=  the doctor's slots today..today+7 with `available`
//   GET  /week?doctorId=          the doctor's appointments this week (Monday..Sunday), first page of 20, with the total
//   POST /book {doctorId, patientId, startsAt}  one atomic INSERT; the exclusion constraints arbitrate (201 or 409)
// No authentication, validation, logging, auditing or caching: the ceiling of the database work itself.
// Usage: reference.mjs <port> <database url> <pool size>
import { createServer } from 'node:http';
import pg from 'pg';

const [port, databaseUrl, poolSize = '20'] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(poolSize), options: '-c TimeZone=UTC' });

const ISO = (column) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Slots of the date windows (the benchmark clinic has no template), minus time off, marked against what occupies them. */
const AVAILABILITY = `
SELECT coalesce(json_agg(json_build_object('startsAt', ${ISO('sl.starts_at')}, 'endsAt', ${ISO('sl.ends_at')},
         'available', NOT EXISTS (SELECT 1 FROM appointments a
                                   WHERE a.doctor_id = $1 AND a.status IN ('booked', 'checked_in')
                                     AND tstzrange(a.starts_at, a.ends_at) && tstzrange(sl.starts_at, sl.ends_at))
                  AND NOT EXISTS (SELECT 1 FROM waitlist_offers o
                                   WHERE o.doctor_id = $1 AND o.status = 'open'
                                     AND tstzrange(o.starts_at, o.ends_at) && tstzrange(sl.starts_at, sl.ends_at)))
         ORDER BY sl.starts_at), '[]')::text AS body
  FROM (SELECT s AS starts_at, s + make_interval(mins => w.slot_minutes) AS ends_at
          FROM availability_windows w,
               generate_series(w.starts_at, w.ends_at - make_interval(mins => w.slot_minutes),
                               make_interval(mins => w.slot_minutes)) AS s
         WHERE w.doctor_id = $1 AND w.date BETWEEN current_date AND current_date + 7 AND s > now()) sl
 WHERE NOT EXISTS (SELECT 1 FROM time_off t
                    WHERE t.doctor_id = $1 AND tstzrange(t.starts_at, t.ends_at) && tstzrange(sl.starts_at, sl.ends_at))`;

/** This week's appointments of a doctor with doctor, department, patient and treatment; total by a window function. */
const WEEK = `
WITH page AS (
  SELECT a.id, a.starts_at, count(*) OVER () AS total,
         json_build_object('id', a.id,
           'doctor', json_build_object('id', d.id, 'fullName', d.full_name, 'specialization', s.name),
           'patient', json_build_object('id', p.id, 'fullName', p.full_name),
           'startsAt', ${ISO('a.starts_at')}, 'endsAt', ${ISO('a.ends_at')}, 'status', a.status, 'reason', a.reason,
           'treatment', CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('id', t.id, 'appointmentId', a.id,
             'diagnosis', t.diagnosis, 'prescription', t.prescription, 'notes', t.notes, 'version', t.version,
             'createdAt', ${ISO('t.created_at')}, 'updatedAt', ${ISO('t.updated_at')}) END,
           'createdAt', ${ISO('a.created_at')}) AS item
    FROM appointments a
    JOIN doctors d ON d.id = a.doctor_id
    JOIN specializations s ON s.id = d.specialization_id
    JOIN patients p ON p.id = a.patient_id
    LEFT JOIN treatments t ON t.appointment_id = a.id
   WHERE a.doctor_id = $1 AND a.starts_at >= date_trunc('week', now()) AND a.starts_at < date_trunc('week', now()) + interval '7 days'
   ORDER BY a.starts_at, a.id
   LIMIT 20)
SELECT json_build_object('items', coalesce(json_agg(item ORDER BY starts_at, id), '[]'),
                         'total', coalesce(max(total), 0), 'page', 1, 'pageSize', 20)::text AS body
  FROM page`;

/** Booking as one statement: inside a published window, in the future; an overlap is refused by the exclusion constraints. */
const BOOK = `
INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason)
SELECT $1, $2, $3::timestamptz, $3::timestamptz + make_interval(mins => w.slot_minutes), 'booked', $4
  FROM availability_windows w
 WHERE w.doctor_id = $1 AND w.starts_at <= $3::timestamptz
   AND w.ends_at >= $3::timestamptz + make_interval(mins => w.slot_minutes) AND $3::timestamptz > now()
ON CONFLICT DO NOTHING
RETURNING json_build_object('id', id, 'doctorId', doctor_id, 'patientId', patient_id,
                            'startsAt', ${ISO('starts_at')}, 'endsAt', ${ISO('ends_at')}, 'status', status)::text AS body`;

const JSON_TYPE = 'application/json; charset=utf-8';
const CONFLICT = Buffer.from(JSON.stringify({ status: 409, code: 'slot_taken', title: 'Conflict' }));

function send(res, status, body) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': bytes.length });
  res.end(bytes);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://reference');
  if (req.method === 'GET' && url.pathname === '/availability') {
    const { rows } = await pool.query({
      name: 'availability',
      text: AVAILABILITY,
      values: [url.searchParams.get('doctorId')],
    });
    return send(res, 200, rows[0].body);
  }
  if (req.method === 'GET' && url.pathname === '/week') {
    const { rows } = await pool.query({ name: 'week', text: WEEK, values: [url.searchParams.get('doctorId')] });
    return send(res, 200, rows[0].body);
  }
  if (req.method === 'POST' && url.pathname === '/book') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const { rows } = await pool.query({
      name: 'book',
      text: BOOK,
      values: [body.doctorId, body.patientId, body.startsAt, body.reason ?? ''],
    });
    return rows.length === 1 ? send(res, 201, rows[0].body) : send(res, 409, CONFLICT);
  }
  return send(res, 404, '{"status":404}');
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => send(res, 500, JSON.stringify({ status: 500, detail: error.message })));
});
server.keepAliveTimeout = 72_000;
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`reference on ${port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().finally(() => process.exit(0))));
