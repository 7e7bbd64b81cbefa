import { AdminAccountService } from '../../apps/api/src/auth/admin-account.service';
import { PasswordService } from '../../apps/api/src/auth/password.service';
import { UsersRepository } from '../../apps/api/src/auth/users.repository';
import { login, loginAdmin, registerPatient, uniqueEmail, type Session } from '../support/auth';
import { createSpecialization } from '../support/clinic-fixtures';
import { startSmtp, waitFor, type ReceivedMail, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://clinic.example';

function linkToken(mail: ReceivedMail, page: 'reset-password' | 'accept-invite'): string {
  const match = new RegExp(`${PUBLIC_URL}/${page}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${page} link in: ${mail.text}`);
  return decodeURIComponent(match[1]);
}

describe('password lifecycle', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: Session;
  let specializationId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL, CLINIC_NAME: 'Test Clinic' });
    admin = await loginAdmin(t.http);
    specializationId = (await createSpecialization(t)).id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken });
  const mailTo = (email: string, count = 1) =>
    waitFor(() => (smtp.to(email).length >= count ? smtp.to(email)[count - 1] : null), 20_000, `mail to ${email}`);

  describe('POST /auth/password', () => {
    it("changes the password, ends every other session and keeps the caller's", async () => {
      const p = await registerPatient(t.http);
      const other = await login(t.http, p.email, p.password);
      const res = await t.http
        .post('/api/v1/auth/password')
        .set('Authorization', p.bearer)
        .send({ currentPassword: p.password, newPassword: 'granite-otter-meadow-41' });
      expect(res.status).toBe(204);
      expect((await refresh(other.refreshToken)).status).toBe(401);
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', other.bearer)).status).toBe(401);
      expect((await refresh(p.refreshToken)).status).toBe(200);
      await login(t.http, p.email, 'granite-otter-meadow-41');
      const old = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: p.password });
      expect(old.status).toBe(401);
    });

    it('answers 400 naming currentPassword when it is wrong, and changes nothing', async () => {
      const p = await registerPatient(t.http);
      const res = await t.http
        .post('/api/v1/auth/password')
        .set('Authorization', p.bearer)
        .send({ currentPassword: 'not-my-password-9', newPassword: 'granite-otter-meadow-41' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      await login(t.http, p.email, p.password);
    });

    it('applies the password policy to the new password (400 naming newPassword)', async () => {
      const p = await registerPatient(t.http);
      for (const newPassword of ['password1', 'qwerty123', 'short1!', `${p.email.split('@')[0]}-x`]) {
        const res = await t.http
          .post('/api/v1/auth/password')
          .set('Authorization', p.bearer)
          .send({ currentPassword: p.password, newPassword });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('newPassword');
      }
    });

    it('needs a signed-in caller', async () => {
      const res = await t.http.post('/api/v1/auth/password').send({ currentPassword: 'x', newPassword: 'y' });
      expect(res.status).toBe(401);
    });
  });

  describe('forgotten password', () => {
    it('answers 202 for an unknown email and sends nothing', async () => {
      const email = uniqueEmail('nobody');
      const res = await t.http.post('/api/v1/auth/password/forgot').send({ email });
      expect(res.status).toBe(202);
      expect(res.text).toBe('');
      // A known account's request, sent after, arrives: the unknown one would have arrived first.
      const p = await registerPatient(t.http);
      await t.http.post('/api/v1/auth/password/forgot').send({ email: p.email }).expect(202);
      await mailTo(p.email);
      expect(smtp.to(email)).toHaveLength(0);
    });

    it('emails a single-use link that sets the password and ends every session', async () => {
      const p = await registerPatient(t.http);
      const other = await login(t.http, p.email, p.password);
      const res = await t.http.post('/api/v1/auth/password/forgot').send({ email: p.email.toUpperCase() });
      expect(res.status).toBe(202);
      const mail = await mailTo(p.email);
      expect(mail.subject).toBe('Reset your password');
      const token = linkToken(mail, 'reset-password');
      expect(mail.html).toContain(`${PUBLIC_URL}/reset-password?token=`);
      // Only a hash of the token is stored, and the outbox never held it.
      const stored = await t.dataSource.query(
        `SELECT t.token_hash, t.expires_at, t.created_at FROM password_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1`,
        [p.email],
      );
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(token);
      const minutes = (new Date(stored[0].expires_at).getTime() - new Date(stored[0].created_at).getTime()) / 60_000;
      expect(minutes).toBeCloseTo(30, 1);
      const outbox = await t.dataSource.query(
        `SELECT payload::text AS payload FROM outbox_messages WHERE kind = 'account.password_reset'`,
      );
      for (const row of outbox) expect(row.payload).not.toContain(token);

      const weak = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: 'iloveyou1' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors.map((e: { field: string }) => e.field)).toContain('newPassword');

      const ok = await t.http
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'harbor-violet-engine-7' });
      expect(ok.status).toBe(204);
      expect((await refresh(p.refreshToken)).status).toBe(401);
      expect((await refresh(other.refreshToken)).status).toBe(401);
      await login(t.http, p.email, 'harbor-violet-engine-7');

      const again = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: 'another-lantern-93' });
      expect(again.status).toBe(400);
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
    });

    it('refuses an expired and an unknown link with 400', async () => {
      const p = await registerPatient(t.http);
      await t.http.post('/api/v1/auth/password/forgot').send({ email: p.email }).expect(202);
      const token = linkToken(await mailTo(p.email), 'reset-password');
      await t.dataSource.query(
        `UPDATE password_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [p.userId],
      );
      const expired = await t.http
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'harbor-violet-engine-7' });
      expect(expired.status).toBe(400);
      const unknown = await t.http
        .post('/api/v1/auth/password/reset')
        .send({ token: 'made-up-token', newPassword: 'harbor-violet-engine-7' });
      expect(unknown.status).toBe(400);
      await login(t.http, p.email, p.password);
    });

    it('sends one email for a burst of requests, and another once a minute has passed', async () => {
      const p = await registerPatient(t.http);
      for (let i = 0; i < 3; i++)
        await t.http.post('/api/v1/auth/password/forgot').send({ email: p.email }).expect(202);
      await mailTo(p.email);
      const count = async () =>
        (await t.dataSource.query(`SELECT count(*)::int AS n FROM password_tokens WHERE user_id = $1`, [p.userId]))[0]
          .n;
      expect(await count()).toBe(1);
      await t.dataSource.query(
        `UPDATE password_tokens SET created_at = now() - interval '61 seconds' WHERE user_id = $1`,
        [p.userId],
      );
      await t.http.post('/api/v1/auth/password/forgot').send({ email: p.email }).expect(202);
      expect(await count()).toBe(2);
      await mailTo(p.email, 2);
    });

    it('sends nothing to a deactivated account', async () => {
      const p = await registerPatient(t.http);
      await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [p.userId]);
      await t.http.post('/api/v1/auth/password/forgot').send({ email: p.email }).expect(202);
      const rows = await t.dataSource.query(`SELECT 1 FROM password_tokens WHERE user_id = $1`, [p.userId]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('doctor invitations', () => {
    const createDoctor = (body: Record<string, unknown>) =>
      t.http
        .post('/api/v1/admin/doctors')
        .set('Authorization', admin.bearer)
        .send({ fullName: 'Dr. Invited', specializationId, ...body });

    it('emails a doctor created without a password a single-use link valid 72 hours', async () => {
      const email = uniqueEmail('invited');
      const res = await createDoctor({ email });
      expect(res.status).toBe(201);
      const mail = await mailTo(email);
      expect(mail.subject).toBe('You are invited to Test Clinic');
      expect(mail.text).toContain('Dr. Invited');
      const token = linkToken(mail, 'accept-invite');
      const [row] = await t.dataSource.query(
        `SELECT t.purpose, t.expires_at, t.created_at FROM password_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1`,
        [email],
      );
      expect(row.purpose).toBe('invite');
      expect((new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()) / 3_600_000).toBeCloseTo(72, 2);

      const set = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: 'stetho-scope-river-5' });
      expect(set.status).toBe(204);
      const doctor = await login(t.http, email, 'stetho-scope-river-5');
      const me = await t.http.get('/api/v1/auth/me').set('Authorization', doctor.bearer);
      expect(me.body.user.mustChangePassword).toBe(false);
      expect((await t.http.get('/api/v1/doctor/dashboard').set('Authorization', doctor.bearer)).status).toBe(200);
      const again = await t.http
        .post('/api/v1/auth/password/reset')
        .send({ token, newPassword: 'other-scope-river-6' });
      expect(again.status).toBe(400);
    });

    it('refuses an invitation link after 72 hours', async () => {
      const email = uniqueEmail('late');
      expect((await createDoctor({ email })).status).toBe(201);
      const token = linkToken(await mailTo(email), 'accept-invite');
      await t.dataSource.query(
        `UPDATE password_tokens SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
        [email],
      );
      const res = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: 'stetho-scope-river-5' });
      expect(res.status).toBe(400);
    });

    it('applies the password policy to an admin-set password (400 naming password)', async () => {
      const email = uniqueEmail('drweak');
      for (const password of ['password123', 'letmein!', `${email.split('@')[0]}-ok`]) {
        const res = await createDoctor({ email, password });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('password');
      }
    });
  });

  describe('mustChangePassword and the 403 gate', () => {
    it('makes an admin-set password temporary: every route but a few answers 403 until it is changed', async () => {
      const email = uniqueEmail('temp');
      const created = await t.http
        .post('/api/v1/admin/doctors')
        .set('Authorization', admin.bearer)
        .send({ email, password: 'temporary-cobalt-44', fullName: 'Dr. Temp', specializationId });
      expect(created.status).toBe(201);
      const signIn = await t.http.post('/api/v1/auth/login').send({ email, password: 'temporary-cobalt-44' });
      expect(signIn.status).toBe(200);
      expect(signIn.body.user.mustChangePassword).toBe(true);
      const bearer = `Bearer ${signIn.body.accessToken}`;

      const blocked = await t.http.get('/api/v1/doctor/dashboard').set('Authorization', bearer);
      expect(blocked.status).toBe(403);
      expect(blocked.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(blocked.body.type).toMatch(/password_change_required$/);
      const jobs = await t.http
        .get(`/api/v1/jobs/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)
        .set('Authorization', bearer);
      expect(jobs.status).toBe(403);

      // The exceptions.
      const me = await t.http.get('/api/v1/auth/me').set('Authorization', bearer);
      expect(me.status).toBe(200);
      expect(me.body.user.mustChangePassword).toBe(true);
      expect((await t.http.get('/api/v1/auth/sessions').set('Authorization', bearer)).status).toBe(200);
      const extra = await login(t.http, email, 'temporary-cobalt-44');
      const [{ family_id: extraId }] = await t.dataSource.query(
        `SELECT family_id FROM refresh_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
        [extra.refreshToken],
      );
      expect((await t.http.delete(`/api/v1/auth/sessions/${extraId}`).set('Authorization', bearer)).status).toBe(204);
      expect((await t.http.delete('/api/v1/auth/sessions').set('Authorization', bearer)).status).toBe(204);
      expect((await t.http.get('/api/v1/health')).status).toBe(200);
      const second = await login(t.http, email, 'temporary-cobalt-44');
      expect(
        (
          await t.http
            .post('/api/v1/auth/logout')
            .set('Authorization', second.bearer)
            .send({ refreshToken: second.refreshToken })
        ).status,
      ).toBe(204);

      const changed = await t.http
        .post('/api/v1/auth/password')
        .set('Authorization', bearer)
        .send({ currentPassword: 'temporary-cobalt-44', newPassword: 'my-own-quartz-path-8' });
      expect(changed.status).toBe(204);
      // The next token carries the change.
      const next = await refresh(signIn.body.refreshToken);
      expect(next.status).toBe(200);
      expect(next.body.user.mustChangePassword).toBe(false);
      const ok = await t.http.get('/api/v1/doctor/dashboard').set('Authorization', `Bearer ${next.body.accessToken}`);
      expect(ok.status).toBe(200);
    });

    it('sets mustChangePassword for a generated first admin password', async () => {
      const email = uniqueEmail('first-admin');
      const service = new AdminAccountService(t.app.get(UsersRepository), t.app.get(PasswordService), {
        ...t.config,
        adminEmail: email,
        adminPassword: null,
      });
      const write = process.stdout.write;
      let printed = '';
      process.stdout.write = ((chunk: string) => {
        printed += chunk;
        return true;
      }) as typeof process.stdout.write;
      try {
        await service.ensureAdmin();
      } finally {
        process.stdout.write = write;
      }
      const password = /Password[^:]*: (\S+)/.exec(printed)?.[1];
      expect(password).toBeDefined();
      const res = await t.http.post('/api/v1/auth/login').send({ email, password });
      expect(res.status).toBe(200);
      expect(res.body.user.mustChangePassword).toBe(true);
      const dashboard = await t.http
        .get('/api/v1/admin/dashboard')
        .set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(dashboard.status).toBe(403);
    });
  });

  describe('password policy on register', () => {
    it('refuses a common password and one containing the email, naming the field', async () => {
      for (const [email, password] of [
        [uniqueEmail('pol'), 'password1'],
        [uniqueEmail('pol'), 'football'],
        ['marianne.k@example.test', 'Marianne.K-2026!'],
      ]) {
        const res = await t.http.post('/api/v1/auth/register').send({ email, password, fullName: 'Policy Test' });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
      }
      const ok = await t.http
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail('pol'), password: 'tangerine-orbit-62', fullName: 'Policy Test' });
      expect(ok.status).toBe(201);
    });
  });
});
