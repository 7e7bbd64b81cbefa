import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CronService } from '../../apps/api/src/jobs/cron.service';
import { JobQueue } from '../../apps/api/src/jobs/job-queue';
import { RemindersService } from '../../apps/api/src/notifications/reminders.service';
import { loginAdmin, type Session } from '../support/auth';
import { createAppointment, createDoctor, createPatient } from '../support/job-fixtures';
import { sleep, startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

interface JobBody {
  id: string;
  status: string;
  result: Record<string, unknown> | null;
}

async function awaitJob(t: TestApp, admin: Session, id: string): Promise<JobBody> {
  return waitFor(
    async () => {
      const res = await t.http.get(`/api/v1/jobs/${id}`).set('Authorization', admin.bearer);
      expect(res.status).toBe(200);
      return res.body.status === 'completed' || res.body.status === 'failed' ? (res.body as JobBody) : null;
    },
    30_000,
    `job ${id}`,
  );
}

describe('email jobs over SMTP', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://clinic.example', CLINIC_NAME: 'Test Clinic' });
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends one reminder to each patient booked that day, with an invitation, and nothing on a second run', async () => {
    const doctor = await createDoctor(t, { fullName: 'Dr. Reminder' });
    const [p1, p2, p3] = [await createPatient(t), await createPatient(t), await createPatient(t)];
    const a1 = await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: p1.id,
      startsAt: '2031-05-06T09:00:00Z',
      reason: 'secret reason',
    });
    await createAppointment(t.dataSource, { doctorId: doctor.id, patientId: p2.id, startsAt: '2031-05-06T10:00:00Z' });
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: p3.id,
      startsAt: '2031-05-06T11:00:00Z',
      status: 'cancelled',
    });
    await createAppointment(t.dataSource, { doctorId: doctor.id, patientId: p3.id, startsAt: '2031-05-07T09:00:00Z' });

    const blocked = await createPatient(t);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: blocked.id,
      startsAt: '2031-05-06T12:00:00Z',
    });
    await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [blocked.userId]);

    const first = await t.http
      .post('/api/v1/admin/jobs/daily-reminders')
      .set('Authorization', admin.bearer)
      .send({ date: '2031-05-06' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ kind: 'daily-reminders' });
    const done = await awaitJob(t, admin, first.body.id);
    expect(done.status).toBe('completed');
    expect(done.result).toMatchObject({ date: '2031-05-06', appointments: 2, sent: 2 });

    expect(smtp.to(p1.email)).toHaveLength(1);
    expect(smtp.to(p2.email)).toHaveLength(1);
    expect(smtp.to(p3.email)).toHaveLength(0);
    expect(smtp.to(blocked.email)).toHaveLength(0);
    const mail = smtp.to(p1.email)[0];
    expect(mail.subject).toBe('Reminder: your appointment on 6 May 2031');
    expect(mail.subject).not.toContain('secret');
    expect(mail.html).toContain('Test Clinic');
    const calendar = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(calendar).toBeDefined();
    const ics = calendar!.content.toString('utf8');
    expect(ics).toContain('METHOD:REQUEST\r\n');
    expect(ics).toContain(`UID:${a1}@clinic.example\r\n`);
    expect(ics).toContain('DTSTART:20310506T090000Z\r\n');
    expect(ics).toContain('SEQUENCE:0\r\n');

    const again = await t.http
      .post('/api/v1/admin/jobs/daily-reminders')
      .set('Authorization', admin.bearer)
      .send({ date: '2031-05-06' });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    const rerun = await t.app.get(RemindersService).sendForDate('2031-05-06');
    expect(rerun).toMatchObject({ appointments: 2, sent: 0, skipped: 2 });
    await sleep(300);
    expect(smtp.received.filter((m) => [p1.email, p2.email].includes(m.to[0]))).toHaveLength(2);
  });

  it('rejects a malformed date with 400 and refuses non-admins with 403', async () => {
    const bad = await t.http
      .post('/api/v1/admin/jobs/daily-reminders')
      .set('Authorization', admin.bearer)
      .send({ date: '2031-02-30' });
    expect(bad.status).toBe(400);
    const patient = await createPatient(t);
    const res = await t.http.post('/api/v1/auth/login').send({ email: patient.email, password: 'fixture-pass-1' });
    const forbidden = await t.http
      .post('/api/v1/admin/jobs/daily-reminders')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .send({});
    expect(forbidden.status).toBe(403);
  });

  it('enqueues a day once when two schedulers fire together', async () => {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: '2031-06-10T09:00:00Z',
    });
    const scheduler = await startTestApp(
      { SMTP_URL: smtp.url, APP_ROLE: 'scheduler', REDIS_PREFIX: t.config.redisPrefix },
      { keepData: true },
    );
    try {
      const now = new Date('2031-06-10T08:00:00Z');
      const [a, b] = await Promise.all([
        t.app.get(CronService).fireDailyReminders(now),
        scheduler.app.get(CronService).fireDailyReminders(now),
      ]);
      expect(a.id).toBe(b.id);
      const rows: unknown[] = await t.dataSource.query(`SELECT id FROM jobs WHERE key = 'daily-reminders:2031-06-10'`);
      expect(rows).toHaveLength(1);
      if (t.config.redisUrl) {
        expect(await t.app.get(JobQueue).getJob('mail', 'daily-reminders:2031-06-10')).not.toBeNull();
      }
      await awaitJob(t, admin, a.id);
      await sleep(500);
      expect(smtp.to(patient.email)).toHaveLength(1);
    } finally {
      await scheduler.close();
    }
  });

  it('delivers exactly one reminder after the SMTP server refused the first attempt with 451', async () => {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: '2031-07-01T09:00:00Z',
    });
    const rejectedBefore = smtp.rejected;
    smtp.rejectNext(1);
    const res = await t.http
      .post('/api/v1/admin/jobs/daily-reminders')
      .set('Authorization', admin.bearer)
      .send({ date: '2031-07-01' });
    expect(res.status).toBe(202);
    const done = await awaitJob(t, admin, res.body.id);
    expect(done.status).toBe('completed');
    expect(smtp.rejected).toBe(rejectedBefore + 1);
    await sleep(300);
    expect(smtp.to(patient.email)).toHaveLength(1);
  });
});

describe('email jobs without SMTP_URL', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp({ SMTP_URL: undefined });
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('writes each reminder as an .eml file under DATA_DIR/outbox', async () => {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    const id = await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: '2031-05-06T09:00:00Z',
    });
    const res = await t.http
      .post('/api/v1/admin/jobs/daily-reminders')
      .set('Authorization', admin.bearer)
      .send({ date: '2031-05-06' });
    expect(res.status).toBe(202);
    await awaitJob(t, admin, res.body.id);
    const file = join(t.config.dataDir, 'outbox', `reminder_${id}_0.eml`);
    expect(existsSync(file)).toBe(true);
    const raw = readFileSync(file, 'utf8');
    expect(raw).toContain(`To: Pat Test <${patient.email}>`);
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(raw).toContain('Message-ID: <');
  });
});
