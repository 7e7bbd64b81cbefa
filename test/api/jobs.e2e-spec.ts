import type { ChildProcess } from 'node:child_process';
import { UnitOfWork } from '../../apps/api/src/common/events/unit-of-work';
import { JobQueue } from '../../apps/api/src/jobs/job-queue';
import * as clinic from '../support/clinic-fixtures';
import { describeWhen, hasRedis, hasRedisServer, REDIS_MISSING } from '../support/environment';
import { loginAdmin, registerPatient } from '../support/auth';
import { createAppointment, createDoctor, createPatient } from '../support/job-fixtures';
import { eventually, quiescent } from '../support/eventually';
import { freePort, isRunning, startRedis, stopRedis, suiteRedis, type SuiteRedis } from '../support/redis-server';
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

/** States a booking of an appointment written behind the application's back, as the booking transaction does. */
async function recordBooking(
  t: TestApp,
  ids: { appointmentId: string; doctorId: string; patientId: string },
): Promise<void> {
  await t.app.get(UnitOfWork).run(async ({ record }) => record('appointment.booked', ids));
}

const calendarOf = (mail: { attachments: { contentType: string; content: Buffer }[] }) =>
  mail.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString('utf8') ?? '';

// Booking, reschedule, cancellation and deactivation notices, driven through HTTP: notices.e2e-spec.ts.

describe('a booking while the queue refuses jobs (in-process queue: runs without Redis)', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, REDIS_URL: undefined });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('commits the booking, keeps its notice in the outbox and sends it once the queue takes jobs again', async () => {
    const doctor = await clinic.createDoctor(t);
    const patient = await clinic.createPatient(t);
    const date = clinic.clinicDate(t, 2);
    await clinic.publishWindow(t, doctor, { date, startTime: '09:00', endTime: '10:00' });
    // The queue is unreachable: every enqueue fails, as Bull's does while Redis is down.
    const queue = t.app.get(JobQueue);
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    let appointmentId: string;
    try {
      appointmentId = (await clinic.book(t, patient, doctor, `${date}T09:00:00.000Z`)).id;
      await eventually(
        async () => {
          const rows = (await t.dataSource.query(
            'SELECT attempts FROM outbox_messages WHERE aggregate_id = $1 AND dispatched_at IS NULL',
            [appointmentId],
          )) as { attempts: number }[];
          return rows.length === 1 && rows[0].attempts >= 1;
        },
        { what: 'a failed relay attempt' },
      );
      expect(smtp.to(patient.email)).toHaveLength(0);
    } finally {
      queue.enqueue = enqueue;
    }
    const mail = await waitFor(() => smtp.to(patient.email)[0], 45_000, 'the confirmation after the queue returned');
    expect(mail.subject).toContain('is booked');
    await quiescent(t.dataSource, { timeoutMs: 45_000 });
    expect(smtp.to(patient.email)).toHaveLength(1);
    const [row] = (await t.dataSource.query(`SELECT status FROM appointments WHERE id = $1`, [appointmentId])) as {
      status: string;
    }[];
    expect(row.status).toBe('booked');
  }, 90_000);
});

describeWhen(hasRedisServer, 'needs redis-server (the in-process case above runs everywhere)')(
  'a booking while Redis is unreachable',
  () => {
    let smtp: TestSmtp;
    let t: TestApp;
    let redis: ChildProcess | null = null;
    let port: number;

    beforeAll(async () => {
      smtp = await startSmtp();
      port = await freePort();
      redis = await startRedis(port);
      t = await startTestApp({ SMTP_URL: smtp.url, REDIS_URL: `redis://127.0.0.1:${port}` });
    });

    afterAll(async () => {
      if (redis && isRunning(redis)) {
        await t?.close();
        await stopRedis(redis);
      } else {
        redis = await startRedis(port);
        await t?.close();
        await stopRedis(redis);
      }
      await smtp?.close();
    });

    it('commits the booking and sends its confirmation once Redis is back', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      await stopRedis(redis!);

      const appointmentId = await createAppointment(t.dataSource, {
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: '2031-10-01T09:00:00Z',
      });
      await recordBooking(t, { appointmentId, doctorId: doctor.id, patientId: patient.id });
      const [row] = (await t.dataSource.query(`SELECT status FROM appointments WHERE id = $1`, [appointmentId])) as {
        status: string;
      }[];
      expect(row.status).toBe('booked');
      // The relay tried and failed while the queue was away: the row stays pending with the attempt counted.
      const pending = await eventually(
        async () => {
          const rows = (await t.dataSource.query(
            'SELECT attempts FROM outbox_messages WHERE aggregate_id = $1 AND dispatched_at IS NULL',
            [appointmentId],
          )) as { attempts: number }[];
          return rows.length === 1 && rows[0].attempts >= 1 ? rows : null;
        },
        { what: 'a failed relay attempt' },
      );
      expect(pending).toHaveLength(1);
      expect(smtp.to(patient.email)).toHaveLength(0);

      redis = await startRedis(port);
      const mail = await waitFor(() => smtp.to(patient.email)[0], 45_000, 'the confirmation after Redis returned');
      expect(calendarOf(mail)).toContain('METHOD:REQUEST\r\n');
      await quiescent(t.dataSource, { timeoutMs: 45_000 });
      expect(smtp.to(patient.email)).toHaveLength(1);
    }, 90_000);
  },
);

/**
 * What the queue dashboard promises whichever queue runs behind it: admins
 * only, a token never in a URL, a path-scoped HttpOnly cookie, the four
 * queues, read-only unless QUEUE_DASHBOARD_WRITE=true.
 */
async function expectGuardedReadOnlyDashboard(t: TestApp): Promise<void> {
  const anonymous = await t.http.get('/api/v1/admin/queues');
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers['content-type']).toContain('application/problem+json');

  const patient = await registerPatient(t.http);
  expect((await t.http.get('/api/v1/admin/queues').set('Authorization', patient.bearer)).status).toBe(403);
  expect(
    (await t.http.post('/api/v1/admin/queues/session').type('form').send({ token: patient.accessToken })).status,
  ).toBe(403);

  const admin = await loginAdmin(t.http);
  const page = await t.http.get('/api/v1/admin/queues').set('Authorization', admin.bearer);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');

  // A token in the URL is refused outright and sets nothing.
  const inUrl = await t.http.get(`/api/v1/admin/queues?token=${encodeURIComponent(admin.accessToken)}`);
  expect(inUrl.status).toBe(400);
  expect(inUrl.body.code).toBe('token_in_url');
  expect(inUrl.headers['set-cookie']).toBeUndefined();

  const signIn = await t.http.post('/api/v1/admin/queues/session').type('form').send({ token: admin.accessToken });
  expect(signIn.status).toBe(303);
  expect(signIn.headers.location).toBe('/api/v1/admin/queues');
  const cookie = String(signIn.headers['set-cookie']);
  expect(cookie).toMatch(/^hms_queues=.+; Path=\/api\/v1\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict/);
  const viaCookie = await t.http.get('/api/v1/admin/queues/api/queues').set('Cookie', cookie.split(';')[0]);
  expect(viaCookie.status).toBe(200);
  expect(viaCookie.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
    'exports',
    'mail',
    'maintenance',
    'reports',
  ]);
  expect(viaCookie.body.queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);

  // Read-only unless QUEUE_DASHBOARD_WRITE=true: no action reaches the queues.
  const retry = await t.http
    .put('/api/v1/admin/queues/api/queues/mail/retry/failed')
    .set('Cookie', cookie.split(';')[0]);
  expect(retry.status).toBe(403);
  expect(retry.body.code).toBe('queue_dashboard_read_only');
  expect((await t.http.get('/api/v1/admin/queues').set('Cookie', 'hms_queues=forged')).status).toBe(401);
}

describe('queue dashboard on the in-process queue (runs without Redis)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: undefined });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is served to admins only; a browser signs in by POSTing the token (never in a URL) for a path-scoped HttpOnly cookie', async () => {
    await expectGuardedReadOnlyDashboard(t);
  });

  it("counts the in-process queues' jobs by state", async () => {
    const admin = await loginAdmin(t.http);
    const before = await t.http.get('/api/v1/admin/queues/api/queues').set('Authorization', admin.bearer);
    const maintenance = (b: typeof before) =>
      (b.body.queues as { name: string; counts: Record<string, number> }[]).find((q) => q.name === 'maintenance')!;
    const queue = t.app.get(JobQueue);
    // A job with no worker for it stays queued: the board must show it.
    await queue.enqueue('maintenance', 'no-such-job', {}, { jobId: `board-${Date.now()}` });
    const after = await t.http.get('/api/v1/admin/queues/api/queues').set('Authorization', admin.bearer);
    expect(maintenance(after).counts.queued).toBe(maintenance(before).counts.queued + 1);
    const page = await t.http.get('/api/v1/admin/queues').set('Authorization', admin.bearer);
    expect(page.text).toContain('<th scope="row">maintenance</th>');
  });
});

// bull-board exists only with Bull: REDIS_URL, else a throw-away redis-server.
describeWhen(
  hasRedis,
  `${REDIS_MISSING} (bull-board runs on Bull only; the in-process dashboard above runs everywhere)`,
)('queue dashboard on Bull (bull-board)', () => {
  let t: TestApp;
  let redis: SuiteRedis | null = null;
  let redisUrl: string;

  beforeAll(async () => {
    redis = await suiteRedis();
    redisUrl = redis.url;
    t = await startTestApp({ REDIS_URL: redisUrl });
  });

  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('is served to admins only; a browser signs in by POSTing the token (never in a URL) for a path-scoped HttpOnly cookie', async () => {
    await expectGuardedReadOnlyDashboard(t);
  });

  it('allows the actions with QUEUE_DASHBOARD_WRITE=true', async () => {
    const writable = await startTestApp({ QUEUE_DASHBOARD_WRITE: 'true', REDIS_URL: redisUrl });
    try {
      const admin = await loginAdmin(writable.http);
      const queues = await writable.http.get('/api/v1/admin/queues/api/queues').set('Authorization', admin.bearer);
      expect(queues.body.queues.every((q: { readOnlyMode: boolean }) => !q.readOnlyMode)).toBe(true);
      const retry = await writable.http
        .put('/api/v1/admin/queues/api/queues/mail/retry/failed')
        .set('Authorization', admin.bearer);
      expect(retry.status).toBe(200);
    } finally {
      await writable.close();
    }
  });
});
