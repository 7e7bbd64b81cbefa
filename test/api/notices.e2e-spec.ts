import { JobQueue } from '../../apps/api/src/jobs/job-queue';
import {
  APPOINTMENT_NOTICES_JOB,
  AppointmentNoticesService,
  type AppointmentNoticeData,
} from '../../apps/api/src/notifications/appointment-notices.service';
import { loginAdmin, type Session } from '../support/auth';
import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  publishWindow,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { startSmtp, waitFor, type ReceivedMail, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

interface Notice {
  key: string;
  method: string;
  sequence: number;
  start: string;
  subject: string;
  text: string;
}

const calendarOf = (mail: ReceivedMail) =>
  mail.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString('utf8') ?? '';

function noticeOf(mail: ReceivedMail): Notice {
  const ics = calendarOf(mail);
  return {
    // The header may be folded onto the next line.
    key: /^X-Clinic-Notification:\s*(\S+)/m.exec(mail.raw)?.[1] ?? '',
    method: /^METHOD:(\w+)\r$/m.exec(ics)?.[1] ?? '',
    sequence: Number(/^SEQUENCE:(\d+)\r$/m.exec(ics)?.[1] ?? NaN),
    start: /^DTSTART:(\w+)\r$/m.exec(ics)?.[1] ?? '',
    subject: mail.subject,
    text: mail.text,
  };
}

/** 2031-05-06T09:30:00.000Z → 20310506T093000Z, as the calendar writes it. */
const icsTime = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Another notice of a booked appointment, as the relay carries it: the booking's snapshot under a later sequence. */
async function laterNotice(t: TestApp, appointmentId: string, sequence: number): Promise<AppointmentNoticeData> {
  const [row]: { payload: { snapshot: Record<string, unknown> } }[] = await t.dataSource.query(
    `SELECT payload FROM outbox_messages WHERE aggregate_id = $1 AND kind = 'appointment.booked'`,
    [appointmentId],
  );
  return {
    kind: 'appointment.booked',
    appointmentId,
    dedupeKey: `appointment.booked:${appointmentId}:${sequence}`,
    payload: { snapshot: { ...row.payload.snapshot, sequence } },
  };
}

describe('appointment notices through HTTP, the outbox and SMTP', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://clinic.example' });
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /**
   * Waits until every outbox row of the appointment was relayed and its mail job
   * has finished: from then on nothing more can be sent for it, so the mail
   * received is final (a late duplicate would have arrived by now).
   */
  async function settled(appointmentId: string, expectedRows: number): Promise<string[]> {
    return waitFor(
      async () => {
        const rows: { dedupe_key: string; job_id: string | null }[] = await t.dataSource.query(
          `SELECT dedupe_key, job_id FROM outbox_messages WHERE aggregate_id = $1`,
          [appointmentId],
        );
        if (rows.length !== expectedRows || rows.some((r) => r.job_id === null)) return null;
        for (const r of rows) {
          // The mail job that carried the message (appointment notices travel in batches).
          const job = await t.app.get(JobQueue).getJob('mail', r.job_id!);
          if (!job || job.status !== 'completed') return null;
        }
        return rows.map((r) => r.dedupe_key);
      },
      30_000,
      `the notices of ${appointmentId}`,
    );
  }

  /** What the patient received about the appointment, in arrival order; checks the order rules. */
  function received(patient: FixturePatient, appointmentId: string): Notice[] {
    const notices = smtp
      .to(patient.email)
      .map(noticeOf)
      .filter((n) => n.key.includes(appointmentId));
    const keys = notices.map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < notices.length; i += 1) {
      expect(notices[i].sequence).toBeGreaterThan(notices[i - 1].sequence);
    }
    const cancelAt = notices.findIndex((n) => n.method === 'CANCEL');
    if (cancelAt >= 0) expect(notices.slice(cancelAt + 1)).toEqual([]);
    for (const n of notices) expect(n.key.endsWith(`:${n.sequence}`)).toBe(true);
    return notices;
  }

  async function doctorWithDay(days: number) {
    const doctor = await createDoctor(t, { fullName: 'Dr. Notice' });
    const date = clinicDate(t, days);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
    return { doctor, date };
  }

  /** Two patients booked with one doctor `days` ahead, each booking's notice settled. */
  async function twoBooked(days: number) {
    const { doctor, date } = await doctorWithDay(days);
    const patients = [await createPatient(t), await createPatient(t)];
    const booked = [
      await book(t, patients[0], doctor, `${date}T09:00:00Z`),
      await book(t, patients[1], doctor, `${date}T09:30:00Z`),
    ];
    for (const a of booked) await settled(a.id, 1);
    return { doctor, patients, booked };
  }

  it('book then cancel at once: the cancellation (SEQUENCE 1, METHOD CANCEL) is the last mail, never followed by the invitation', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { doctor, date } = await doctorWithDay(3 + round);
      const patient = await createPatient(t);
      const appointment = await book(t, patient, doctor, `${date}T09:00:00Z`);
      const cancel = await t.http
        .post(`/api/v1/patient/appointments/${appointment.id}/cancel`)
        .set('Authorization', patient.session.bearer);
      expect(cancel.status).toBe(200);
      await settled(appointment.id, 2);
      const notices = received(patient, appointment.id);
      const last = notices[notices.length - 1];
      expect(last).toMatchObject({ method: 'CANCEL', sequence: 1, start: icsTime(`${date}T09:00:00Z`) });
      expect(last.text).toContain('Cancelled by: you');
      if (notices.length === 2) expect(notices[0]).toMatchObject({ method: 'REQUEST', sequence: 0 });
      else expect(notices).toHaveLength(1);
    }
  });

  it('claims a confirmation without reading the outbox; weighs a later notice against it through the aggregate index', async () => {
    const { doctor, date } = await doctorWithDay(6);
    const patient = await createPatient(t);
    const appointment = await book(t, patient, doctor, `${date}T10:00:00Z`);
    await settled(appointment.id, 1);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    // Scans of outbox_messages this session counted and has not reported yet (nothing is reported inside a
    // transaction, so differences within one are exact).
    const scans = async () => {
      const [row]: { seq_scan: string; idx_scan: string }[] = await runner.query(
        `SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname = 'outbox_messages'`,
      );
      return { seq: Number(row?.seq_scan ?? 0), idx: Number(row?.idx_scan ?? 0) };
    };
    const claim = async (sequence: number): Promise<string> => {
      const [row]: { verdict: string }[] = await runner.query(
        `SELECT hms_claim_notice('appointment-notice', $1, $2, $3, 120) AS verdict`,
        [`appointment.probe:${appointment.id}:${sequence}`, appointment.id, sequence],
      );
      return row.verdict;
    };
    // Embedded PGlite runs every connection in one session, so the app's own queries would count in this
    // transaction's scans there: the scans are checked on a PostgreSQL server, the verdicts and the setting everywhere.
    const ownSession = Boolean(process.env.DATABASE_URL);
    try {
      await runner.startTransaction();
      const before = await scans();
      // The appointment is still at sequence 0: no newer notice can exist, and none is older.
      expect(await claim(0)).toBe('claimed');
      if (ownSession) expect(await scans()).toEqual(before);
      // A notice at sequence 1 is weighed against the others (the confirmation at 0): by index, however small the table.
      expect(await claim(1)).toBe('claimed');
      if (ownSession) {
        const after = await scans();
        expect(after.seq).toBe(before.seq);
        expect(after.idx).toBeGreaterThan(before.idx);
      }
      const [fn]: { proconfig: string[] | null }[] = await runner.query(
        `SELECT proconfig FROM pg_proc WHERE proname = 'hms_claim_notice'`,
      );
      expect(fn.proconfig).toEqual(['enable_seqscan=off']);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  });

  it('relays a message whose transaction began long before it committed (older than any recent claim reads)', async () => {
    const { doctor, date } = await doctorWithDay(7);
    const patient = await createPatient(t);
    const appointment = await book(t, patient, doctor, `${date}T11:00:00Z`);
    await settled(appointment.id, 1);
    // Pending again, written a minute ago: as a message of a transaction that ran that long would appear.
    await t.dataSource.query(
      `UPDATE outbox_messages SET dispatched_at = NULL, job_id = NULL, created_at = now() - interval '1 minute'
        WHERE aggregate_id = $1`,
      [appointment.id],
    );
    // Other bookings keep the relay claiming in between.
    await book(t, await createPatient(t), doctor, `${date}T11:30:00Z`);
    await settled(appointment.id, 1);
    // The notification log keeps the email single.
    expect(received(patient, appointment.id)).toHaveLength(1);
  });

  it('a batch whose one notice the SMTP server refuses sends the others, fails, and its retry sends only that one', async () => {
    const { patients, booked } = await twoBooked(6);
    // A second notice of each booking, written as the booking's was (its snapshot), relayed as one batch.
    const batch = [await laterNotice(t, booked[0].id, 7), await laterNotice(t, booked[1].id, 7)];
    const notices = t.app.get(AppointmentNoticesService);
    const rejectedBefore = smtp.rejected;
    smtp.rejectNext(1);
    await expect(notices.sendBatch(batch)).rejects.toThrow(/1 of 2 notice\(s\) not sent/);
    expect(smtp.rejected).toBe(rejectedBefore + 1);
    const sevens = () => patients.map((p, i) => received(p, booked[i].id).filter((n) => n.sequence === 7).length);
    expect(sevens().sort()).toEqual([0, 1]);

    // The retry finds the sent one sent and sends the refused one: each patient holds it once.
    await expect(notices.sendBatch(batch)).resolves.toEqual({ sent: 1, skipped: 1 });
    expect(sevens()).toEqual([1, 1]);
    await expect(notices.sendBatch(batch)).resolves.toEqual({ sent: 0, skipped: 2 });
  });

  it('each notice renders what was true when it was written: a reschedule names its own time, previous moves do not leak in', async () => {
    const { doctor, date } = await doctorWithDay(4);
    const patient = await createPatient(t);
    const appointment = await book(t, patient, doctor, `${date}T09:00:00Z`);
    const moves = [`${date}T10:00:00Z`, `${date}T11:00:00Z`];
    for (const startsAt of moves) {
      const res = await t.http
        .post(`/api/v1/patient/appointments/${appointment.id}/reschedule`)
        .set('Authorization', patient.session.bearer)
        .send({ startsAt });
      expect(res.status).toBe(200);
    }
    const cancel = await t.http
      .post(`/api/v1/patient/appointments/${appointment.id}/cancel`)
      .set('Authorization', patient.session.bearer);
    expect(cancel.status).toBe(200);
    const keys = await settled(appointment.id, 4);
    expect(keys.sort()).toEqual(
      [
        `appointment.booked:${appointment.id}:0`,
        `appointment.rescheduled:${appointment.id}:1`,
        `appointment.rescheduled:${appointment.id}:2`,
        `appointment.cancelled:${appointment.id}:3`,
      ].sort(),
    );
    const notices = received(patient, appointment.id);
    const startOf: Record<number, string> = {
      0: icsTime(`${date}T09:00:00Z`),
      1: icsTime(moves[0]),
      2: icsTime(moves[1]),
      3: icsTime(moves[1]),
    };
    for (const n of notices) {
      expect(n.start).toBe(startOf[n.sequence]);
      expect(n.method).toBe(n.sequence === 3 ? 'CANCEL' : 'REQUEST');
    }
    expect(notices[notices.length - 1]).toMatchObject({ method: 'CANCEL', sequence: 3 });
    // The stored snapshot is what the mail rendered, whatever the row says now.
    const [row]: { payload: { snapshot: { status: string; sequence: number; startsAt: string } } }[] =
      await t.dataSource.query(`SELECT payload FROM outbox_messages WHERE dedupe_key = $1`, [
        `appointment.rescheduled:${appointment.id}:1`,
      ]);
    expect(row.payload.snapshot).toMatchObject({
      status: 'booked',
      sequence: 1,
      startsAt: new Date(moves[0]).toISOString(),
    });
  });

  it('a doctor’s deactivation writes one cancellation per appointment and each patient gets it once, SEQUENCE 1', async () => {
    const { doctor, patients, booked } = await twoBooked(5);
    const res = await t.http
      .patch(`/api/v1/admin/doctors/${doctor.doctorId}`)
      .set('Authorization', admin.bearer)
      .send({ active: false });
    expect(res.status).toBe(200);
    for (const [i, a] of booked.entries()) {
      await settled(a.id, 2);
      const notices = received(patients[i], a.id);
      expect(notices.map((n) => [n.method, n.sequence])).toEqual([
        ['REQUEST', 0],
        ['CANCEL', 1],
      ]);
      expect(notices[1].text).toContain('Your doctor is no longer available');
    }
  });
});

describe('closing the app while a batch of notices is being sent', () => {
  it('lets the batch finish before the mail transport closes: no send is left waiting, both notices arrive', async () => {
    const smtp = await startSmtp();
    const t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://clinic.example' });
    let closed = false;
    try {
      const doctor = await createDoctor(t, { fullName: 'Dr. Closing' });
      const date = clinicDate(t, 3);
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
      const patient = await createPatient(t);
      const appointment = await book(t, patient, doctor, `${date}T09:00:00Z`);
      await waitFor(() => smtp.to(patient.email).length === 1 || null, 20_000, 'the booking notice');
      // Two later notices of one appointment in one job: the second is sent in the job's next round.
      const notices = [await laterNotice(t, appointment.id, 7), await laterNotice(t, appointment.id, 8)];
      const hold = smtp.holdNext();
      await t.app.get(JobQueue).enqueue('mail', APPOINTMENT_NOTICES_JOB, { notices }, { jobId: 'closing-batch' });
      await hold.arrived;
      // The app is asked to stop while the first notice is with the mail server.
      const closing = t.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      hold.release();
      await Promise.race([
        closing,
        new Promise((_, reject) => setTimeout(() => reject(new Error('the app did not close within 20 s')), 20_000)),
      ]);
      const sequences = smtp
        .to(patient.email)
        .map(noticeOf)
        .map((n) => n.sequence);
      expect(sequences).toEqual([0, 7, 8]);
    } finally {
      if (!closed) await t.close().catch(() => undefined);
      await smtp.close();
    }
  }, 40_000);
});
