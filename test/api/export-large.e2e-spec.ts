import { clinicDateOf, clinicTimeOf } from '../../apps/api/src/common/time/clinic-time';
import { csvRow, parseCsv } from '../../apps/api/src/exports/csv';
import { CSV_HEADER } from '../../apps/api/src/exports/exports.service';
import { loginAdmin, type Session } from '../support/auth';
import { createDoctor, createPatient } from '../support/job-fixtures';
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

const ZONE = 'Europe/Berlin';
const ROWS = 4_500;

describe('treatments export of many rows', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, CLINIC_TIMEZONE: ZONE, EXPORTS_PER_DAY: '5' });
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('writes every row once, in (start, id) order, with quoting, formula guards and clinic dates across DST', async () => {
    const doctor = await createDoctor(t, { fullName: 'Dr. Many, "Rows"' });
    const patient = await createPatient(t, { fullName: 'Paula Plenty' });
    // Three appointments share each start (the order falls back to the id), one an hour,
    // from 2030-03-01 over the spring-forward change of 2030-03-31 in Berlin.
    await t.dataSource.query(
      `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, completed_at)
       SELECT $1, $2, ts, ts + interval '30 minutes', CASE WHEN i % 5 = 0 THEN 'cancelled' ELSE 'completed' END, '',
              CASE WHEN i % 5 = 0 THEN NULL ELSE ts + interval '30 minutes' END
         FROM generate_series(0, $3::int - 1) AS i,
              LATERAL (SELECT timestamptz '2030-03-01T06:15:00Z' + make_interval(hours => i / 3) AS ts) s`,
      [doctor.id, patient.id, ROWS],
    );
    await t.dataSource.query(
      `INSERT INTO treatments (appointment_id, diagnosis, prescription, notes)
       SELECT a.id,
              CASE WHEN n % 7 = 0 THEN E'Flu, "severe"\\r\\nline ' || n ELSE 'Diagnosis ' || n END,
              CASE WHEN n % 3 = 0 THEN '' ELSE '+rest ' || n END,
              CASE WHEN n % 11 = 0 THEN '=cmd|calc' WHEN n % 13 = 0 THEN E'\\ttab' WHEN n % 17 = 0 THEN '-2+3'
                   WHEN n % 19 = 0 THEN '@SUM(A1)' WHEN n % 23 = 0 THEN E'\\rcr, "q"' WHEN n % 29 = 0 THEN E'one\\ntwo'
                   WHEN n % 31 = 0 THEN '' ELSE 'ok' END
         FROM (SELECT id, row_number() OVER (ORDER BY starts_at, id) AS n FROM appointments
                WHERE patient_id = $1 AND status = 'completed') a`,
      [patient.id],
    );

    const res = await t.http
      .post('/api/v1/exports/treatments')
      .set('Authorization', admin.bearer)
      .send({ patientId: patient.id });
    expect(res.status).toBe(202);
    const job = await waitFor(
      async () => {
        const r = await t.http.get(`/api/v1/jobs/${res.body.id}`).set('Authorization', admin.bearer);
        return ['completed', 'failed'].includes(r.body.status) ? r.body : null;
      },
      60_000,
      'the export',
    );
    expect(job.status).toBe('completed');
    expect(job.result.rows).toBe(ROWS);

    const download = await t.http
      .get(job.result.downloadUrl)
      .set('Authorization', admin.bearer)
      .buffer(true)
      .parse((response, callback) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (data += chunk));
        response.on('end', () => callback(null, data));
      });
    expect(download.status).toBe(200);
    const text = download.body as string;

    // The bytes the row-by-row formatting in the application writes for the same rows.
    const rows: {
      id: string;
      starts_at: Date;
      status: string;
      doctor: string;
      specialization: string;
      diagnosis: string | null;
      prescription: string | null;
      notes: string | null;
    }[] = await t.dataSource.query(
      `SELECT a.id, a.starts_at, a.status, d.full_name AS doctor, s.name AS specialization,
              t.diagnosis, t.prescription, t.notes
         FROM appointments a JOIN doctors d ON d.id = a.doctor_id
         JOIN specializations s ON s.id = d.specialization_id
         LEFT JOIN treatments t ON t.appointment_id = a.id
        WHERE a.patient_id = $1 ORDER BY a.starts_at, a.id`,
      [patient.id],
    );
    expect(rows).toHaveLength(ROWS);
    let expected = csvRow(CSV_HEADER);
    for (const r of rows) {
      const at = new Date(r.starts_at);
      expected += csvRow([
        r.id,
        clinicDateOf(at, ZONE),
        clinicTimeOf(at, ZONE),
        r.doctor,
        r.specialization,
        r.diagnosis,
        r.prescription,
        r.notes,
        r.status,
      ]);
    }
    expect(text).toBe(expected);

    const parsed = parseCsv(text);
    expect(parsed).toHaveLength(ROWS + 1);
    expect(new Set(parsed.slice(1).map((r) => r[0])).size).toBe(ROWS);
    expect(parsed[1].slice(1, 4)).toEqual(['2030-03-01', '07:15', 'Dr. Many, "Rows"']);
    // After the change to summer time the same UTC hour reads an hour later.
    const april = parsed.find((r) => r[1] === '2030-04-01');
    expect(april?.[2]).toMatch(/^\d\d:15$/);
    expect(parsed.some((r) => r[5].startsWith('Flu, "severe"\r\nline'))).toBe(true);
    expect(parsed.some((r) => r[7] === "'=cmd|calc")).toBe(true);
    expect(parsed.some((r) => r[7] === "'\ttab")).toBe(true);
    expect(parsed.some((r) => r[7] === "'-2+3")).toBe(true);
    expect(parsed.some((r) => r[7] === "'@SUM(A1)")).toBe(true);
    expect(parsed.some((r) => r[7] === '\'\rcr, "q"')).toBe(true);
    expect(parsed.some((r) => r[7] === 'one\ntwo')).toBe(true);
    expect(parsed.filter((r) => r[8] === 'cancelled')).toHaveLength(ROWS / 5);
  });
});
