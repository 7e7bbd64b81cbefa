import { clinicInstant } from '../../apps/api/src/common/time/clinic-time';
import { CronService } from '../../apps/api/src/jobs/cron.service';
import { REMINDER_BATCH_SIZE, RemindersService } from '../../apps/api/src/notifications/reminders.service';
import { book, clinicDate, publishWindow } from '../support/clinic-fixtures';
import * as clinic from '../support/clinic-fixtures';
import { eventually, quiescent } from '../support/eventually';
import { createAppointment, createDoctor, createPatient } from '../support/job-fixtures';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;

/** An instant from a clinic date and wall-clock time in Berlin. */
function at(date: string, time: string): Date {
  const instant = clinicInstant(date, time, ZONE);
  if (!instant) throw new Error(`${date} ${time} does not exist in ${ZONE}`);
  return instant;
}

const reminders = (mails: ReceivedMail[]) => mails.filter((m) => m.subject.startsWith('Reminder:'));
const calendarOf = (mail: ReceivedMail) =>
  mail.attachments.find((a) => a.contentType === 'text/calendar')!.content.toString('utf8');
/** DTSTART of an instant as the .ics writes it (UTC). */
const dtstart = (instant: Date) => `DTSTART:${instant.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z\r\n`;

describe('reminders reach every visit once, before it starts (clinic in Europe/Berlin)', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, CLINIC_TIMEZONE: ZONE, PUBLIC_URL: 'https://clinic.example' });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('reminds a 07:30 visit the day before: the 08:00 run of its own day comes too late and sends nothing', async () => {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    const startsAt = at('2031-05-06', '07:30');
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: startsAt.toISOString(),
    });
    const service = t.app.get(RemindersService);

    // Sweeps of the day before: the visit enters the 24-hour lead window at 07:30 on 5 May.
    expect(await service.sweep(at('2031-05-05', '07:00'))).toMatchObject({ sent: 0 });
    expect(await service.sweep(at('2031-05-05', '07:45'))).toMatchObject({ sent: 1 });
    const [mail] = reminders(smtp.to(patient.email));
    expect(mail).toBeDefined();
    expect(calendarOf(mail)).toContain(dtstart(startsAt));

    // The daily run of 6 May at 08:00 clinic time: the visit has started, nothing goes out.
    expect(await service.sendForDate('2031-05-06', undefined, at('2031-05-06', '08:00'))).toMatchObject({
      appointments: 0,
      sent: 0,
    });
    // Later sweeps see it reminded.
    expect(await service.sweep(at('2031-05-05', '22:00'))).toMatchObject({ appointments: 0, sent: 0 });
    await quiescent(t.dataSource);
    expect(reminders(smtp.to(patient.email))).toHaveLength(1);
  });

  it('never reminds a visit that has started, even when asked for its day', async () => {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: at('2031-05-08', '09:00').toISOString(),
    });
    const result = await t.app.get(RemindersService).sendForDate('2031-05-08', undefined, at('2031-05-08', '09:00'));
    expect(result).toMatchObject({ appointments: 0, sent: 0 });
    expect(await t.app.get(RemindersService).sweep(at('2031-05-08', '09:00'))).toMatchObject({ sent: 0 });
    await quiescent(t.dataSource);
    expect(reminders(smtp.to(patient.email))).toHaveLength(0);
  });

  it('reminds a visit booked after the daily run at the next sweep', async () => {
    const doctor = await createDoctor(t);
    const early = await createPatient(t);
    const late = await createPatient(t);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: early.id,
      startsAt: at('2031-05-12', '10:00').toISOString(),
    });
    const service = t.app.get(RemindersService);
    expect(await service.sendForDate('2031-05-12', undefined, at('2031-05-12', '08:00'))).toMatchObject({ sent: 1 });

    // Booked at 09:10 for 15:00 the same day, after the 08:00 run.
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: late.id,
      startsAt: at('2031-05-12', '15:00').toISOString(),
    });
    expect(await service.sweep(at('2031-05-12', '09:15'))).toMatchObject({ sent: 1 });
    expect(await service.sweep(at('2031-05-12', '09:30'))).toMatchObject({ sent: 0 });
    await quiescent(t.dataSource);
    expect(reminders(smtp.to(early.email))).toHaveLength(1);
    expect(reminders(smtp.to(late.email))).toHaveLength(1);
  });

  it('sends each reminder once when two processes sweep and run the day at the same moment', async () => {
    const doctor = await createDoctor(t);
    const patients = await Promise.all(Array.from({ length: 12 }, () => createPatient(t)));
    for (const [i, p] of patients.entries()) {
      await createAppointment(t.dataSource, {
        doctorId: doctor.id,
        patientId: p.id,
        startsAt: new Date(at('2031-05-20', '09:00').getTime() + i * 30 * 60_000).toISOString(),
      });
    }
    const other = await startTestApp(
      { SMTP_URL: smtp.url, CLINIC_TIMEZONE: ZONE, APP_ROLE: 'worker', REDIS_PREFIX: t.config.redisPrefix },
      { keepData: true },
    );
    try {
      const now = at('2031-05-20', '08:00');
      const runs = await Promise.all([
        t.app.get(RemindersService).sweep(now),
        other.app.get(RemindersService).sweep(now),
        t.app.get(RemindersService).sendForDate('2031-05-20', undefined, now),
        other.app.get(RemindersService).sendForDate('2031-05-20', undefined, now),
      ]);
      expect(runs.reduce((sum, r) => sum + r.sent, 0)).toBe(patients.length);
      expect(runs.every((r) => r.failed === 0)).toBe(true);
      await quiescent(t.dataSource);
      for (const p of patients) expect(reminders(smtp.to(p.email))).toHaveLength(1);
      const keys: { n: number }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM notification_log WHERE kind = 'reminder' AND state = 'sent'
           AND key LIKE ANY (SELECT 'reminder:' || id || ':%' FROM appointments WHERE doctor_id = $1)`,
        [doctor.id],
      );
      expect(keys[0].n).toBe(patients.length);
    } finally {
      await other.close();
    }
  });

  it('claims page by page: more visits than a page, a claim held elsewhere, a failed send retaken, inactive patients left out', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 11 }, async () => ({ doctor: await createDoctor(t), patient: await createPatient(t) })),
    );
    // Every half hour of the clinic day for each pair: 528 visits, more than one page of REMINDER_BATCH_SIZE.
    for (const { doctor, patient } of pairs) {
      await t.dataSource.query(
        `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason)
         SELECT $1, $2, $3::timestamptz + make_interval(mins => 30 * i), $3::timestamptz + make_interval(mins => 30 * i + 30),
                'booked', ''
           FROM generate_series(0, 47) AS i`,
        [doctor.id, patient.id, at('2031-06-03', '00:00')],
      );
    }
    expect(48 * pairs.length).toBeGreaterThan(REMINDER_BATCH_SIZE);
    const inactive = pairs[10].patient;
    await t.dataSource.query(
      'UPDATE users SET active = false WHERE id = (SELECT user_id FROM patients WHERE id = $1)',
      [inactive.id],
    );
    const keyOf = async (patientId: string, time: string) => {
      const rows: { key: string }[] = await t.dataSource.query(
        `SELECT 'reminder:' || id || ':' || sequence AS key FROM appointments WHERE patient_id = $1 AND starts_at = $2`,
        [patientId, at('2031-06-03', time)],
      );
      return rows[0].key;
    };
    const held = await keyOf(pairs[0].patient.id, '12:00');
    const failed = await keyOf(pairs[1].patient.id, '12:00');
    await t.dataSource.query(
      `INSERT INTO notification_log (key, kind, state, claimed_at, last_error)
       VALUES ($1, 'reminder', 'sending', now(), NULL), ($2, 'reminder', 'failed', now(), 'relay refused')`,
      [held, failed],
    );
    const service = t.app.get(RemindersService);
    const dayBefore = at('2031-06-02', '08:00');

    const first = await service.sendForDate('2031-06-03', undefined, dayBefore);
    expect(first).toMatchObject({ appointments: 480, sent: 479, inFlight: 1, skipped: 0, failed: 0 });
    expect(await t.dataSource.query('SELECT state FROM notification_log WHERE key = $1', [failed])).toEqual([
      { state: 'sent' },
    ]);
    // Nothing new until the held claim's lease runs out; then it is taken over and sent, once.
    expect(await service.sendForDate('2031-06-03', undefined, dayBefore)).toMatchObject({
      sent: 0,
      inFlight: 1,
      skipped: 479,
    });
    await t.dataSource.query(`UPDATE notification_log SET claimed_at = now() - interval '1 hour' WHERE key = $1`, [
      held,
    ]);
    expect(await service.sendForDate('2031-06-03', undefined, dayBefore)).toMatchObject({
      sent: 1,
      inFlight: 0,
      skipped: 479,
    });

    await eventually(() => reminders(smtp.to(pairs[0].patient.email)).length >= 48, { what: 'the held reminder' });
    await quiescent(t.dataSource);
    for (const { patient } of pairs.slice(0, 10)) expect(reminders(smtp.to(patient.email))).toHaveLength(48);
    expect(reminders(smtp.to(inactive.email))).toHaveLength(0);
  });

  it('the scheduled sweep (cron → queue → worker) reminds a visit starting within the lead window once', async () => {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    const startsAt = new Date(Date.now() + 3 * HOUR);
    await createAppointment(t.dataSource, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: startsAt.toISOString(),
    });
    const cron = t.app.get(CronService);
    await Promise.all([cron.fireReminderSweep(), cron.fireReminderSweep()]);
    await eventually(() => reminders(smtp.to(patient.email)).length > 0, { what: 'the swept reminder' });
    await cron.fireReminderSweep(new Date(Date.now() + 60_000));
    await quiescent(t.dataSource);
    expect(reminders(smtp.to(patient.email))).toHaveLength(1);
  });
});

describe('a rescheduled visit is reminded again, once, for its new time', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, CLINIC_TIMEZONE: ZONE, PUBLIC_URL: 'https://clinic.example' });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('books and reschedules through HTTP; each sequence gets one reminder', async () => {
    const doctor = await clinic.createDoctor(t);
    const patient = await clinic.createPatient(t);
    const date = clinicDate(t, 3);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00' });
    const first = at(date, '09:00');
    const booked = await book(t, patient, doctor, first.toISOString());
    const service = t.app.get(RemindersService);
    const dayBefore = new Date(first.getTime() - 23 * HOUR);

    expect(await service.sweep(dayBefore)).toMatchObject({ sent: 1 });
    const moved = await t.http
      .post(`/api/v1/patient/appointments/${booked.id}/reschedule`)
      .set('Authorization', patient.session.bearer)
      .send({ startsAt: at(date, '11:00').toISOString() });
    expect(moved.status).toBe(200);

    // 11:00 enters the lead window at 11:00 the day before.
    const newTimeDayBefore = new Date(at(date, '11:00').getTime() - 23 * HOUR);
    expect(await service.sweep(newTimeDayBefore)).toMatchObject({ sent: 1 });
    expect(await service.sweep(new Date(newTimeDayBefore.getTime() + HOUR))).toMatchObject({ sent: 0 });
    expect(await service.sendForDate(date, undefined, newTimeDayBefore)).toMatchObject({
      appointments: 1,
      sent: 0,
      skipped: 1,
    });
    await quiescent(t.dataSource);

    const sent = reminders(smtp.to(patient.email));
    expect(sent).toHaveLength(2);
    const calendars = sent.map(calendarOf);
    expect(calendars.filter((c) => c.includes(dtstart(first)) && c.includes('SEQUENCE:0\r\n'))).toHaveLength(1);
    expect(
      calendars.filter((c) => c.includes(dtstart(at(date, '11:00'))) && c.includes('SEQUENCE:1\r\n')),
    ).toHaveLength(1);
  });
});
