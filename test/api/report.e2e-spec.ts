import { loginAdmin, type Session } from '../support/auth';
import { createAppointment, createDoctor, createPatient } from '../support/job-fixtures';
import { quiescent } from '../support/eventually';
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

describe('monthly reports', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url });
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('emails each active doctor last month’s numbers with the same report as a PDF, once', async () => {
    const doctor = await createDoctor(t, { fullName: 'Dr. Monthly <Report>' });
    const inactive = await createDoctor(t, { active: false });
    const [p1, p2, p3] = [await createPatient(t), await createPatient(t), await createPatient(t)];
    const ds = t.dataSource;
    const d = doctor.id;
    await createAppointment(ds, {
      doctorId: d,
      patientId: p1.id,
      startsAt: '2026-03-03T09:00:00Z',
      status: 'completed',
      treatment: { diagnosis: 'Influenza' },
    });
    await createAppointment(ds, {
      doctorId: d,
      patientId: p1.id,
      startsAt: '2026-03-10T09:00:00Z',
      status: 'completed',
      treatment: { diagnosis: 'influenza ' },
    });
    await createAppointment(ds, {
      doctorId: d,
      patientId: p2.id,
      startsAt: '2026-03-11T09:00:00Z',
      status: 'completed',
      treatment: { diagnosis: 'Migraine' },
    });
    await createAppointment(ds, {
      doctorId: d,
      patientId: p3.id,
      startsAt: '2026-03-12T09:00:00Z',
      status: 'cancelled',
    });
    await createAppointment(ds, { doctorId: d, patientId: p3.id, startsAt: '2026-03-31T23:30:00Z', status: 'booked' });
    // Outside the month: not counted.
    await createAppointment(ds, {
      doctorId: d,
      patientId: p2.id,
      startsAt: '2026-04-01T00:00:00Z',
      status: 'completed',
      treatment: { diagnosis: 'Migraine' },
    });
    await createAppointment(ds, {
      doctorId: inactive.id,
      patientId: p2.id,
      startsAt: '2026-03-05T09:00:00Z',
      status: 'completed',
      treatment: { diagnosis: 'X' },
    });

    const res = await t.http
      .post('/api/v1/admin/jobs/monthly-reports')
      .set('Authorization', admin.bearer)
      .send({ month: '2026-03' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: 'monthly-reports' });
    const mail = await waitFor(() => smtp.to(doctor.email)[0], 30_000, 'the report email');
    expect(mail.subject).toBe('Your monthly report for March 2026');
    expect(mail.html).toContain('Dr. Monthly &lt;Report&gt;');
    expect(mail.text).toContain('Appointments: 5');
    expect(mail.text).toContain('Completed: 3');
    expect(mail.text).toContain('Cancelled: 1');
    expect(mail.text).toContain('Still booked: 1');
    expect(mail.text).toContain('Patients seen: 2');
    expect(mail.text).toMatch(/influenza: 2/i);
    expect(mail.text).toMatch(/Migraine: 1/);
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf).toBeDefined();
    expect(pdf!.content.subarray(0, 4).toString('latin1')).toBe('%PDF');

    const again = await t.http
      .post('/api/v1/admin/jobs/monthly-reports')
      .set('Authorization', admin.bearer)
      .send({ month: '2026-03' });
    expect(again.body.id).toBe(res.body.id);
    await waitFor(async () => {
      const job = await t.http.get(`/api/v1/jobs/${res.body.id}`).set('Authorization', admin.bearer);
      return job.body.status === 'completed' ? job.body : null;
    });
    await quiescent(t.dataSource);
    expect(smtp.to(doctor.email)).toHaveLength(1);
    expect(smtp.to(inactive.email)).toHaveLength(0);
  });

  it('rejects a malformed month with 400', async () => {
    const res = await t.http
      .post('/api/v1/admin/jobs/monthly-reports')
      .set('Authorization', admin.bearer)
      .send({ month: '2031-13' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
