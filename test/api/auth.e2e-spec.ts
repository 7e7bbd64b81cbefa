import { UnitOfWork } from '../../apps/api/src/common/events/unit-of-work';
import { UsersRepository } from '../../apps/api/src/auth/users.repository';
import { login, loginAdmin, registerPatient, uniqueEmail } from '../support/auth';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../support/test-app';

describe('auth routes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /auth/register', () => {
    it('creates a patient and signs them in with 201, a token pair and the refresh cookie', async () => {
      const email = uniqueEmail('reg');
      const res = await t.http.post('/api/v1/auth/register').send({
        email,
        password: 'long-enough-1',
        fullName: 'Ana Lima',
        dateOfBirth: '1990-05-17',
        phone: '+1 555 0100',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ expiresIn: 900, user: { email, role: 'patient', active: true } });
      expect(typeof res.body.accessToken).toBe('string');
      expect(typeof res.body.refreshToken).toBe('string');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toContain(`hms_refresh=${res.body.refreshToken}`);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);

      const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ email, role: 'patient' });
      expect(me.body.profile).toMatchObject({
        fullName: 'Ana Lima',
        dateOfBirth: '1990-05-17',
        phone: '+1 555 0100',
        email,
      });
    });

    it('answers 409 for an email that exists, whatever its case', async () => {
      const p = await registerPatient(t.http);
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ email: p.email.toUpperCase(), password: 'another-pass-1', fullName: 'Copy' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 409, code: 'email_taken' });
    });

    it('answers 400 listing every bad field for a short password and a bad email', async () => {
      const res = await t.http.post('/api/v1/auth/register').send({ email: 'nope', password: 'short', fullName: '' });
      expect(res.status).toBe(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'fullName']));
    });

    it('rejects unknown properties with a 400 problem (no mass assignment)', async () => {
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail(), password: 'long-enough-1', fullName: 'Eve', role: 'admin' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        type: expect.any(String),
        title: 'Bad Request',
        status: 400,
        detail: expect.any(String),
      });
      expect(res.body.errors).toContainEqual({ field: 'role', message: 'property role should not exist' });
    });
  });

  describe('POST /auth/login', () => {
    it('answers 200 with tokens for the seeded admin', async () => {
      const session = await loginAdmin(t.http);
      const me = await t.http.get('/api/v1/auth/me').set('Authorization', session.bearer);
      expect(me.body).toEqual({ user: expect.objectContaining({ email: ADMIN_EMAIL, role: 'admin' }), profile: null });
    });

    it('answers the same 401 for a wrong password and an unknown email', async () => {
      const p = await registerPatient(t.http);
      const wrong = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: 'not-the-password' });
      const unknown = await t.http
        .post('/api/v1/auth/login')
        .send({ email: uniqueEmail('ghost'), password: 'whatever-1' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.detail).toBe(unknown.body.detail);
    });

    it('answers 403 for a deactivated account', async () => {
      const p = await registerPatient(t.http);
      await t.app.get(UsersRepository).setActive(p.userId, false);
      const res = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: p.password });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('account_inactive');
    });

    it('locks an account after repeated failed sign-ins with 429 and Retry-After, even with the right password', async () => {
      const p = await registerPatient(t.http);
      for (let i = 0; i < t.config.loginFailuresPerAccount; i++) {
        const res = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: `wrong-${i}-password` });
        expect(res.status).toBe(401);
      }
      const locked = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: p.password });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.body.code).toBe('too_many_failed_logins');
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: the new pair works and the old refresh token answers 401', async () => {
      const p = await registerPatient(t.http);
      const first = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: p.refreshToken });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(p.refreshToken);
      const again = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: p.refreshToken });
      expect(again.status).toBe(401);
    });

    it('revokes the whole family when an old token is reused', async () => {
      const p = await registerPatient(t.http);
      const rotated = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: p.refreshToken });
      expect(rotated.status).toBe(200);
      const reuse = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: p.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('refresh_token_reused');
      const newest = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
      expect(newest.status).toBe(401);
    });

    it('accepts the refresh token from the HttpOnly cookie', async () => {
      const p = await registerPatient(t.http);
      const res = await t.http.post('/api/v1/auth/refresh').set('Cookie', `hms_refresh=${p.refreshToken}`).send({});
      expect(res.status).toBe(200);
      expect(String(res.headers['set-cookie'])).toContain(`hms_refresh=${res.body.refreshToken}`);
    });

    it('answers 401 with no token and with a made-up token', async () => {
      expect((await t.http.post('/api/v1/auth/refresh').send({})).status).toBe(401);
      expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: 'made-up' })).status).toBe(401);
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the refresh token: a later refresh answers 401', async () => {
      const p = await registerPatient(t.http);
      const out = await t.http
        .post('/api/v1/auth/logout')
        .set('Authorization', p.bearer)
        .send({ refreshToken: p.refreshToken });
      expect(out.status).toBe(204);
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: p.refreshToken });
      expect(res.status).toBe(401);
    });

    it('answers 204 without any token (idempotent, no access token needed)', async () => {
      expect((await t.http.post('/api/v1/auth/logout').send({})).status).toBe(204);
    });
  });

  describe('GET /auth/me and access tokens', () => {
    it('answers 401 without, with a garbage and with a wrongly signed token', async () => {
      expect((await t.http.get('/api/v1/auth/me')).status).toBe(401);
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', 'Bearer garbage')).status).toBe(401);
      const p = await registerPatient(t.http);
      const [h, b] = p.accessToken.split('.');
      const forged = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${h}.${b}.c2lnbmF0dXJl`);
      expect(forged.status).toBe(401);
      expect(forged.headers['content-type']).toContain('application/problem+json');
    });

    it("refuses a deactivated user's existing access and refresh tokens", async () => {
      const p = await registerPatient(t.http);
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', p.bearer)).status).toBe(200);
      await t.app.get(UnitOfWork).run(async ({ em, record }) => {
        await em.query('UPDATE users SET active = false WHERE id = $1', [p.userId]);
        record('user.deactivated', { userId: p.userId });
      });
      const me = await t.http.get('/api/v1/auth/me').set('Authorization', p.bearer);
      expect(me.status).toBe(401);
      const refresh = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: p.refreshToken });
      expect(refresh.status).toBe(401);
    });

    it('signs the new user in with the same credentials', async () => {
      const p = await registerPatient(t.http);
      const s = await login(t.http, p.email, p.password);
      expect(s.userId).toBe(p.userId);
    });
  });

  it('answers unknown API routes with a 404 problem', async () => {
    const res = await t.http.get('/api/v1/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('marks API answers Cache-Control: no-store and sets the security headers of data answers', async () => {
    for (const res of [await t.http.get('/api/v1/health'), await t.http.get('/api/v1/nowhere')]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      // Headers that only steer a page are left to pages.
      expect(res.headers['x-dns-prefetch-control']).toBeUndefined();
      expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    }
  });

  it('gives pages (the API docs) the full set of security headers', async () => {
    const res = await t.http.get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers 400 (not 500) for malformed JSON and 413 for an oversized body', async () => {
    const bad = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const big = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(t.config.bodyLimitBytes + 10) }));
    expect(big.status).toBe(413);
  });
});

describe('auth rate limit per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After once the address exceeds AUTH_RATE_LIMIT per minute', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await t.http.post('/api/v1/auth/login').send({ email: uniqueEmail(), password: 'whatever-1' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['content-type']).toContain('application/problem+json');
  });
});
