import { randomUUID } from 'node:crypto';
import { CronService } from '../../apps/api/src/jobs/cron.service';
import { PurgeService } from '../../apps/api/src/maintenance/purge.service';
import { PURGE_RULES } from '../../apps/api/src/maintenance/purge.rules';
import { loginAdmin, registerPatient } from '../support/auth';
import { waitFor } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

/** The daily purge deletes exactly what outlived its purpose, and nothing else. */
describe('daily purge', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ NOTIFICATION_RETENTION_DAYS: '30' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function ids(sql: string): Promise<string[]> {
    const rows: { id: string }[] = await t.dataSource.query(sql);
    return rows.map((r) => r.id).sort();
  }

  async function seed(run: string) {
    const patient = await registerPatient(t.http);
    const user = patient.userId;
    const [{ id: patientId }] = (await t.dataSource.query('SELECT id FROM patients WHERE user_id = $1', [user])) as {
      id: string;
    }[];
    // Each token is its own session (sign-in), ending when the token does.
    const token = async (label: string, expires: string, revoked: string | null = null) => {
      const session = randomUUID();
      await t.dataSource.query(
        `INSERT INTO sessions (id, user_id, last_used_at, expires_at, revoked_at, user_agent)
         VALUES ($1, $2, now(), now() + $3::interval, now() + $4::interval, $5)`,
        [session, user, expires, revoked, `purge-${run}-${label}`],
      );
      await t.dataSource.query(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, revoked_at)
         VALUES ($1, $2, $3, now() + $4::interval, now() + $5::interval)`,
        [user, session, `purge-${run}-${label}`.padEnd(64, '0'), expires, revoked],
      );
    };
    const link = (label: string, expires: string, used: string | null) =>
      t.dataSource.query(
        `INSERT INTO password_tokens (user_id, purpose, token_hash, expires_at, used_at)
         VALUES ($1, 'reset', $2, now() + $3::interval, now() + $4::interval)`,
        [user, `link-${run}-${label}`.padEnd(64, '0'), expires, used],
      );
    await link('expired', '-1 minute', null);
    await link('used', '10 minutes', '-1 minute');
    await link('live', '10 minutes', null);
    await token('expired', '-1 hour');
    await token('revoked-expired', '-2 days', '-3 days');
    await token('revoked-live', '5 days', '-1 hour');
    await token('live', '5 days');
    const key = (k: string, age: string) =>
      t.dataSource.query(
        `INSERT INTO booking_idempotency_keys (patient_id, key, request_hash, status_code, created_at)
         VALUES ($1, $2, 'h', 201, now() - $3::interval)`,
        [patientId, k, age],
      );
    await key('old-key', '25 hours');
    await key('fresh-key', '23 hours');
    const outbox = (k: string, dispatched: string | null, age: string) =>
      t.dataSource.query(
        `INSERT INTO outbox_messages (kind, aggregate_id, dedupe_key, created_at, dispatched_at)
         VALUES ('appointment.booked', $1, $2, now() - $3::interval, now() - $4::interval)`,
        [randomUUID(), `${k}-${run}`, age, dispatched],
      );
    await outbox('outbox-old-relayed', '31 days', '31 days');
    await outbox('outbox-new-relayed', '29 days', '29 days');
    await outbox('outbox-old-pending', null, '40 days');
    const log = (k: string, age: string) =>
      t.dataSource.query(
        `INSERT INTO notification_log (key, kind, state, created_at, sent_at) VALUES ($1, 'reminder', 'sent', now() - $2::interval, now() - $2::interval)`,
        [`${k}-${run}`, age],
      );
    await log('log-old', '31 days');
    await log('log-new', '29 days');
  }

  it('deletes ended sessions and their tokens, used or expired password links, day-old idempotency keys, and relayed outbox and log rows past retention, only those', async () => {
    await seed('a');
    const deleted = await t.app.get(PurgeService).purge(new Date(), PURGE_RULES, 1);
    expect(deleted).toMatchObject({
      'refresh-tokens': 2,
      sessions: 2,
      'password-tokens': 2,
      'audit-events': 0,
      'idempotency-keys': 1,
      'outbox-messages': 1,
      'notification-log': 1,
    });
    const tokens: { token_hash: string }[] = await t.dataSource.query(
      `SELECT token_hash FROM refresh_tokens WHERE token_hash LIKE 'purge-%' ORDER BY token_hash`,
    );
    expect(tokens.map((r) => r.token_hash.replace(/0+$/, ''))).toEqual(['purge-a-live', 'purge-a-revoked-live']);
    expect(await ids(`SELECT user_agent AS id FROM sessions WHERE user_agent LIKE 'purge-%'`)).toEqual([
      'purge-a-live',
      'purge-a-revoked-live',
    ]);
    const links: { token_hash: string }[] = await t.dataSource.query(
      `SELECT token_hash FROM password_tokens WHERE token_hash LIKE 'link-%'`,
    );
    expect(links.map((r) => r.token_hash.replace(/0+$/, ''))).toEqual(['link-a-live']);
    expect(await ids(`SELECT key AS id FROM booking_idempotency_keys`)).toEqual(['fresh-key']);
    expect(await ids(`SELECT dedupe_key AS id FROM outbox_messages WHERE dedupe_key LIKE 'outbox-%'`)).toEqual([
      'outbox-new-relayed-a',
      'outbox-old-pending-a',
    ]);
    expect(await ids(`SELECT key AS id FROM notification_log WHERE key LIKE 'log-%'`)).toEqual(['log-new-a']);

    // Idempotent: nothing left to delete.
    const again = await t.app.get(PurgeService).purge();
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });

  it('is enqueued by the scheduler once per clinic date, tracked as a job', async () => {
    await seed('b');
    const now = new Date();
    const [a, b] = await Promise.all([
      t.app.get(CronService).fireDailyPurge(now),
      t.app.get(CronService).fireDailyPurge(now),
    ]);
    expect(a.id).toBe(b.id);
    expect(a.kind).toBe('daily-purge');
    const admin = await loginAdmin(t.http);
    const done = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/jobs/${a.id}`).set('Authorization', admin.bearer);
      return res.body.status === 'completed' ? res.body : null;
    });
    expect(done.result.deleted).toMatchObject({ 'idempotency-keys': 1, 'notification-log': 1, 'refresh-tokens': 2 });
    expect(await ids(`SELECT key AS id FROM booking_idempotency_keys`)).toEqual(['fresh-key', 'fresh-key']);
  });

  it('runs the other rules when one fails, then fails naming it', async () => {
    await t.dataSource.query(
      `INSERT INTO booking_idempotency_keys (patient_id, key, request_hash, status_code, created_at)
       SELECT id, 'stale-c', 'h', 201, now() - interval '2 days' FROM patients LIMIT 1`,
    );
    const broken = { name: 'broken', table: 'refresh_tokens', where: 'no_such_column < $1', cutoff: () => new Date() };
    await expect(t.app.get(PurgeService).purge(new Date(), [broken, ...PURGE_RULES])).rejects.toThrow(
      'Purge rule(s) failed: broken',
    );
    expect(await ids(`SELECT key AS id FROM booking_idempotency_keys WHERE key = 'stale-c'`)).toEqual([]);
  });
});
