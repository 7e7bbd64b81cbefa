import { parseCsv } from '../../apps/api/src/exports/csv';
import { ExportsService } from '../../apps/api/src/exports/exports.service';
import { login, loginAdmin, registerPatient, type Session } from '../support/auth';
import { createAppointment, createDoctor, createPatient, FIXTURE_PASSWORD } from '../support/job-fixtures';
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

const HEADER = [
  'appointment_id',
  'date',
  'time',
  'doctor',
  'specialization',
  'diagnosis',
  'prescription',
  'notes',
  'status',
];

describe('treatments export', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      CLINIC_TIMEZONE: 'Europe/Berlin',
      PUBLIC_URL: 'https://clinic.example',
      EXPORTS_PER_DAY: '3',
    });
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  async function completedJob(session: Session, id: string) {
    return waitFor(
      async () => {
        const res = await t.http.get(`/api/v1/jobs/${id}`).set('Authorization', session.bearer);
        expect(res.status).toBe(200);
        return ['completed', 'failed'].includes(res.body.status) ? res.body : null;
      },
      30_000,
      `export ${id}`,
    );
  }

  it('exports a patient’s own history as RFC 4180 CSV, emails a link only, and hides it from others', async () => {
    const patient = await registerPatient(t.http, { fullName: 'Eve Export' });
    const [{ id: patientId }] = (await t.dataSource.query('SELECT id FROM patients WHERE user_id = $1', [
      patient.userId,
    ])) as { id: string }[];
    const doctor = await createDoctor(t, { fullName: 'Dr. Comma, "Quote"' });
    const tricky = 'Flu, "severe"\r\nsecond line';
    const a1 = await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId,
      startsAt: '2030-01-15T08:30:00Z',
      status: 'completed',
      treatment: { diagnosis: tricky, prescription: '+rest', notes: '=cmd|calc' },
    });
    const a2 = await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId,
      startsAt: '2030-07-01T22:30:00Z',
    });
    const stranger = await createPatient(t);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: stranger.id,
      startsAt: '2030-02-01T08:00:00Z',
    });

    const res = await t.http.post('/api/v1/exports/treatments').set('Authorization', patient.bearer).send({});
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'treatments-export',
      status: expect.stringMatching(/queued|running|completed/),
    });
    const job = await completedJob(patient, res.body.id);
    expect(job.status).toBe('completed');
    expect(job.result).toEqual({ rows: 2, downloadUrl: `/api/v1/exports/${res.body.id}/download` });

    const download = await t.http
      .get(job.result.downloadUrl)
      .set('Authorization', patient.bearer)
      .buffer(true)
      .parse((response, callback) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (data += chunk));
        response.on('end', () => callback(null, data));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="treatments-.+\.csv"$/);
    const text = download.body as string;
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual([
      a1,
      '2030-01-15',
      '09:30',
      'Dr. Comma, "Quote"',
      expect.any(String),
      tricky,
      "'+rest",
      "'=cmd|calc",
      'completed',
    ]);
    expect(rows[2]).toEqual([
      a2,
      '2030-07-02',
      '00:30',
      'Dr. Comma, "Quote"',
      expect.any(String),
      '',
      '',
      '',
      'booked',
    ]);

    const mail = await waitFor(() => smtp.to(patient.email)[0], 15_000, 'the export email');
    expect(mail.subject).toBe('Your export is ready');
    expect(mail.attachments).toHaveLength(0);
    expect(mail.text).not.toContain('severe');
    expect(mail.text).toContain(`https://clinic.example/exports/${res.body.id}`);

    const other = await login(t.http, stranger.email, FIXTURE_PASSWORD);
    expect((await t.http.get(`/api/v1/jobs/${res.body.id}`).set('Authorization', other.bearer)).status).toBe(404);
    expect((await t.http.get(job.result.downloadUrl).set('Authorization', other.bearer)).status).toBe(404);
    const foreign = await t.http
      .post('/api/v1/exports/treatments')
      .set('Authorization', other.bearer)
      .send({ patientId });
    expect(foreign.status).toBe(404);
    expect((await t.http.get(`/api/v1/jobs/${res.body.id}`).set('Authorization', admin.bearer)).status).toBe(200);
    expect((await t.http.get(job.result.downloadUrl).set('Authorization', admin.bearer)).status).toBe(200);
    expect((await t.http.get('/api/v1/jobs/not-a-uuid').set('Authorization', admin.bearer)).status).toBe(404);
  });

  it('emails an admin’s export as a link only, and answers 410 once the file expired', async () => {
    const res = await t.http.post('/api/v1/exports/treatments').set('Authorization', admin.bearer).send({});
    expect(res.status).toBe(202);
    const job = await completedJob(admin, res.body.id);
    expect(job.status).toBe('completed');
    expect(job.result.rows).toBeGreaterThanOrEqual(3);
    const mail = await waitFor(
      () => smtp.received.find((m) => m.to.includes('admin@test.local') && m.subject === 'Your export is ready'),
      15_000,
      'the admin export email',
    );
    expect(mail.attachments).toHaveLength(0);
    expect(mail.text).toContain(`https://clinic.example/exports/${res.body.id}`);

    await t.dataSource.query(`UPDATE jobs SET expires_at = now() - interval '1 minute' WHERE id = $1`, [res.body.id]);
    expect(await t.app.get(ExportsService).cleanup()).toBeGreaterThanOrEqual(1);
    const gone = await t.http.get(`/api/v1/exports/${res.body.id}/download`).set('Authorization', admin.bearer);
    expect(gone.status).toBe(410);
    expect(gone.headers['content-type']).toContain('application/problem+json');
  });

  it('lets an admin export one patient but answers 404 for an unknown one', async () => {
    const res = await t.http
      .post('/api/v1/exports/treatments')
      .set('Authorization', admin.bearer)
      .send({ patientId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(404);
    const bad = await t.http
      .post('/api/v1/exports/treatments')
      .set('Authorization', admin.bearer)
      .send({ patientId: 'x' });
    expect(bad.status).toBe(400);
  });

  it('allows one queued or running export per user (409) and EXPORTS_PER_DAY a day (429 with Retry-After)', async () => {
    const patient = await registerPatient(t.http, { fullName: 'Lena Limits' });
    const ask = () => t.http.post('/api/v1/exports/treatments').set('Authorization', patient.bearer).send({});
    // Two at once: the requester's lock lets exactly one through.
    const [a, b] = await Promise.all([ask(), ask()]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('export_in_progress');
    const first = a.status === 202 ? a : b;
    await completedJob(patient, first.body.id);

    // The day's budget (test setting: 3), counting the one above.
    for (let i = 0; i < 2; i += 1) {
      const res = await ask();
      expect(res.status).toBe(202);
      await completedJob(patient, res.body.id);
    }
    const over = await ask();
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('too_many_exports');
    const retry = Number(over.headers['retry-after']);
    expect(retry).toBeGreaterThan(23 * 3600);
    expect(retry).toBeLessThanOrEqual(24 * 3600);
    expect(over.body.detail).toMatch(/try again in (24 hours|1440 minutes|1439 minutes)/);

    // Another user is not affected; a day later the budget is back.
    const other = await registerPatient(t.http, { fullName: 'Otto Other' });
    const theirs = await t.http.post('/api/v1/exports/treatments').set('Authorization', other.bearer).send({});
    expect(theirs.status).toBe(202);
    await completedJob(other, theirs.body.id);
    await t.dataSource.query(`UPDATE jobs SET created_at = created_at - interval '25 hours' WHERE requested_by = $1`, [
      patient.userId,
    ]);
    const again = await ask();
    expect(again.status).toBe(202);
    await completedJob(patient, again.body.id);
  });
});
