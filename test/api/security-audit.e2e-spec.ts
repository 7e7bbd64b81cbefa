import { AuditService } from '../../apps/api/src/audit/audit.service';
import { login, registerPatient, uniqueEmail } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/** Security events land in the audit trail: exactly one event per event, with the right actor and outcome. */
describe('security events in the audit trail', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_FAILURES_PER_ACCOUNT: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Row {
    action: string;
    outcome: string;
    actor_user_id: string | null;
    resource_type: string | null;
    details: Record<string, unknown> | null;
    ip: string | null;
  }

  async function events(userId: string, action: string): Promise<Row[]> {
    return t.dataSource.query(
      `SELECT action, outcome, actor_user_id, resource_type, details, ip FROM audit_events
        WHERE actor_user_id = $1 AND action = $2 ORDER BY at`,
      [userId, action],
    );
  }

  it('records sign-in failures, the lockout and a successful sign-in once each', async () => {
    const patient = await registerPatient(t.http);
    const wrong = () =>
      t.http.post('/api/v1/auth/login').send({ email: patient.email, password: 'not-the-password-9' });
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(401);
    const failures = await events(patient.userId, 'auth.login.failure');
    expect(failures).toHaveLength(2);
    expect(failures.every((e) => e.outcome === 'failure' && e.ip)).toBe(true);
    const lockouts = await events(patient.userId, 'auth.lockout');
    expect(lockouts).toEqual([expect.objectContaining({ outcome: 'denied' })]);

    const before = (await events(patient.userId, 'auth.login.success')).length;
    await login(t.http, patient.email, patient.password).catch(() => undefined);
    // The address is locked out for this account now: no success may be recorded.
    expect(await events(patient.userId, 'auth.login.success')).toHaveLength(before);
  });

  it('records an unknown account by the email it named, without an actor', async () => {
    const email = uniqueEmail('nobody');
    expect((await t.http.post('/api/v1/auth/login').send({ email, password: 'whatever-pass-1' })).status).toBe(401);
    const rows: Row[] = await t.dataSource.query(
      `SELECT action, outcome, actor_user_id, resource_type, details, ip FROM audit_events
        WHERE action = 'auth.login.failure' AND details->>'email' = $1`,
      [email.toLowerCase()],
    );
    expect(rows).toEqual([expect.objectContaining({ actor_user_id: null, outcome: 'failure' })]);
  });

  it('records a password change and the sessions it ended, and a sign-out, once each', async () => {
    const patient = await registerPatient(t.http);
    const other = await login(t.http, patient.email, patient.password);
    expect(await events(patient.userId, 'auth.login.success')).toHaveLength(1);

    const changed = await t.http
      .post('/api/v1/auth/password')
      .set('Authorization', patient.bearer)
      .send({ currentPassword: patient.password, newPassword: 'a-much-better-secret-42' });
    expect(changed.status).toBe(204);
    expect(await events(patient.userId, 'auth.password.changed')).toHaveLength(1);
    // The other sign-in ended with the change: one event naming how many sessions went.
    expect(await events(patient.userId, 'auth.session.ended')).toEqual([
      expect.objectContaining({ details: { sessions: 1 } }),
    ]);

    const out = await t.http.post('/api/v1/auth/logout').send({ refreshToken: patient.refreshToken });
    expect(out.status).toBe(204);
    const ended = await events(patient.userId, 'auth.session.ended');
    expect(ended).toHaveLength(2);
    expect(ended[1]).toMatchObject({ resource_type: 'session', details: { reason: 'signed_out' } });
    // Signing out of sessions that already ended ends nothing and records nothing.
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: other.refreshToken })).status).toBe(204);
    expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: patient.refreshToken })).status).toBe(204);
    expect(await events(patient.userId, 'auth.session.ended')).toHaveLength(2);
  });

  it('writes any number of events in one statement, each column as given, inside a transaction or on its own', async () => {
    const audit = t.app.get(AuditService);
    const registered = await registerPatient(t.http);
    const [{ id: patientId }]: { id: string }[] = await t.dataSource.query(
      'SELECT id FROM patients WHERE user_id = $1',
      [registered.userId],
    );
    const patient = { userId: registered.userId, patientId };
    const tricky = { email: 'o"brien\\x{1},y@clinic.test', note: "it's" };
    await audit.recordMany([
      {
        action: 'auth.login.failure',
        outcome: 'failure',
        actor: { userId: patient.userId, role: 'patient' },
        details: tricky,
      },
      { action: 'auth.login.success', actor: { userId: patient.userId, role: 'patient' } },
      {
        action: 'treatment.read',
        actor: { userId: patient.userId, role: 'patient' },
        patientId: patient.patientId,
        resource: { type: 'appointment', id: 'a-1' },
      },
    ]);
    const rows: (Row & { actor_role: string; patient_id: string | null; resource_id: string | null })[] =
      await t.dataSource.query(
        `SELECT action, outcome, actor_user_id, actor_role, patient_id, resource_type, resource_id, details, ip
           FROM audit_events WHERE actor_user_id = $1 AND action IN ('auth.login.failure', 'auth.login.success', 'treatment.read')
          ORDER BY action`,
        [patient.userId],
      );
    expect(rows.map((r) => [r.action, r.outcome, r.actor_role, r.patient_id, r.resource_type, r.resource_id])).toEqual([
      ['auth.login.failure', 'failure', 'patient', null, null, null],
      ['auth.login.success', 'success', 'patient', null, null, null],
      ['treatment.read', 'success', 'patient', patient.patientId, 'appointment', 'a-1'],
    ]);
    expect(rows[0].details).toEqual(tricky);
    expect(rows[1].details).toBeNull();
    // Inside a transaction the events commit or roll back with it.
    const count = async () =>
      Number(
        (
          await t.dataSource.query(`SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1`, [patient.userId])
        )[0].n,
      );
    const before = await count();
    await t.dataSource
      .transaction(async (em) => {
        await audit.recordMany(
          [{ action: 'auth.session.ended', actor: { userId: patient.userId, role: 'patient' } }],
          em,
        );
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await count()).toBe(before);
    await t.dataSource.transaction((em) =>
      audit.recordMany([{ action: 'auth.session.ended', actor: { userId: patient.userId, role: 'patient' } }], em),
    );
    expect(await count()).toBe(before + 1);
  });
});
