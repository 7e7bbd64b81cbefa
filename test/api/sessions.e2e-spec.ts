import { createHmac } from 'node:crypto';
import { loginAdmin, registerPatient, type RegisteredPatient } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** An access token that expired an hour ago, correctly signed for this app. */
function expiredAccessToken(sub: string): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({
    sub,
    email: 'x@example.test',
    role: 'patient',
    pid: null,
    iat: now - 7200,
    exp: now - 3600,
    iss: 'hms',
    aud: 'hms-api',
  });
  const signature = createHmac('sha256', JWT_SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

function refreshCookie(res: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const cookie = cookies.find((c) => c.startsWith('hms_refresh='));
  if (!cookie) throw new Error(`no hms_refresh cookie in ${JSON.stringify(cookies)}`);
  return cookie;
}

describe('sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SESSION_IDLE_MINUTES: '30', REFRESH_TOKEN_TTL_DAYS: '30' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const sessionOf = async (refreshToken: string) => {
    const rows: { family_id: string }[] = await t.dataSource.query(
      `SELECT family_id FROM refresh_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
      [refreshToken],
    );
    return rows[0].family_id;
  };
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken });

  describe('the refresh cookie', () => {
    it('is HttpOnly, SameSite=Strict, scoped to the auth routes and a browser-session cookie', async () => {
      const p = await registerPatient(t.http);
      const res = await t.http.post('/api/v1/auth/login').send({ email: p.email, password: p.password });
      expect(res.status).toBe(200);
      const cookie = refreshCookie(res);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Strict/i);
      expect(cookie).toMatch(/; Path=\/api\/v1\/auth(;|$)/);
      expect(cookie).not.toMatch(/Expires=/i);
      expect(cookie).not.toMatch(/Max-Age=/i);
      const rotated = await t.http
        .post('/api/v1/auth/refresh')
        .set('Cookie', `hms_refresh=${res.body.refreshToken}`)
        .send({});
      expect(rotated.status).toBe(200);
      expect(refreshCookie(rotated)).not.toMatch(/Expires=|Max-Age=/i);
    });
  });

  describe('POST /auth/logout', () => {
    it('works with an expired access token: the session ends and the cookie is cleared', async () => {
      const p = await registerPatient(t.http);
      const sessionId = await sessionOf(p.refreshToken);
      const res = await t.http
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${expiredAccessToken(p.userId)}`)
        .set('Cookie', `hms_refresh=${p.refreshToken}`)
        .send({});
      expect(res.status).toBe(204);
      const cleared = refreshCookie(res);
      expect(cleared).toMatch(/^hms_refresh=;/);
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
      expect(cleared).toMatch(/; Path=\/api\/v1\/auth(;|$)/);
      const [row] = await t.dataSource.query(`SELECT revoked_at FROM sessions WHERE id = $1`, [sessionId]);
      expect(row.revoked_at).not.toBeNull();
      expect((await refresh(p.refreshToken)).status).toBe(401);
      // The access tokens of the ended session stop working too.
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', p.bearer)).status).toBe(401);
    });

    it('is idempotent: 204 for an unknown, an already revoked or no token, and always clears the cookie', async () => {
      const p = await registerPatient(t.http);
      for (let i = 0; i < 2; i++) {
        const res = await t.http.post('/api/v1/auth/logout').send({ refreshToken: p.refreshToken });
        expect(res.status).toBe(204);
        expect(refreshCookie(res)).toMatch(/^hms_refresh=;/);
      }
      expect((await t.http.post('/api/v1/auth/logout').send({ refreshToken: 'made-up' })).status).toBe(204);
      expect((await t.http.post('/api/v1/auth/logout').send({})).status).toBe(204);
    });
  });

  describe('lifetime', () => {
    it('ends a session idle for SESSION_IDLE_MINUTES: its refresh answers 401 and stays refused', async () => {
      const p = await registerPatient(t.http);
      const sessionId = await sessionOf(p.refreshToken);
      await t.dataSource.query(`UPDATE sessions SET last_used_at = now() - interval '31 minutes' WHERE id = $1`, [
        sessionId,
      ]);
      const res = await refresh(p.refreshToken);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('session_idle');
      expect(refreshCookie(res)).toMatch(/^hms_refresh=;/);
      const [row] = await t.dataSource.query(`SELECT revoked_at FROM sessions WHERE id = $1`, [sessionId]);
      expect(row.revoked_at).not.toBeNull();
      expect((await refresh(p.refreshToken)).status).toBe(401);
    });

    it('keeps a session used within SESSION_IDLE_MINUTES, and each refresh counts as use', async () => {
      const p = await registerPatient(t.http);
      const sessionId = await sessionOf(p.refreshToken);
      await t.dataSource.query(`UPDATE sessions SET last_used_at = now() - interval '29 minutes' WHERE id = $1`, [
        sessionId,
      ]);
      const res = await refresh(p.refreshToken);
      expect(res.status).toBe(200);
      const [row] = await t.dataSource.query(
        `SELECT extract(epoch FROM now() - last_used_at) AS idle FROM sessions WHERE id = $1`,
        [sessionId],
      );
      expect(Number(row.idle)).toBeLessThan(60);
    });

    it('never extends the absolute lifetime by rotation, and ends the session at it', async () => {
      const p = await registerPatient(t.http);
      const sessionId = await sessionOf(p.refreshToken);
      const [before] = await t.dataSource.query(`SELECT created_at, expires_at FROM sessions WHERE id = $1`, [
        sessionId,
      ]);
      const days = (new Date(before.expires_at).getTime() - new Date(before.created_at).getTime()) / 86_400_000;
      expect(days).toBeCloseTo(30, 3);
      let token = p.refreshToken;
      for (let i = 0; i < 3; i++) {
        const res = await refresh(token);
        expect(res.status).toBe(200);
        token = res.body.refreshToken;
      }
      const tokens: { expires_at: Date }[] = await t.dataSource.query(
        `SELECT expires_at FROM refresh_tokens WHERE family_id = $1`,
        [sessionId],
      );
      expect(tokens).toHaveLength(4);
      for (const row of tokens) expect(new Date(row.expires_at).getTime()).toBe(new Date(before.expires_at).getTime());
      const [after] = await t.dataSource.query(`SELECT expires_at FROM sessions WHERE id = $1`, [sessionId]);
      expect(new Date(after.expires_at).getTime()).toBe(new Date(before.expires_at).getTime());
      // Signed in 30 days ago and used a minute ago: still over.
      await t.dataSource.query(
        `UPDATE sessions SET created_at = now() - interval '30 days', expires_at = now() - interval '1 second' WHERE id = $1`,
        [sessionId],
      );
      await t.dataSource.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE family_id = $1`,
        [sessionId],
      );
      const res = await refresh(token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('session_expired');
    });

    it('keeps the old refresh token usable when issuing the new one fails (one transaction)', async () => {
      const p = await registerPatient(t.http);
      const sessionId = await sessionOf(p.refreshToken);
      // Make the insert of the next token fail inside the rotation.
      await t.dataSource.query(
        `CREATE OR REPLACE FUNCTION hms_test_refuse_token() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`,
      );
      await t.dataSource.query(
        `CREATE TRIGGER hms_test_refuse BEFORE INSERT ON refresh_tokens FOR EACH ROW WHEN (NEW.family_id = '${sessionId}') EXECUTE FUNCTION hms_test_refuse_token()`,
      );
      try {
        expect((await refresh(p.refreshToken)).status).toBe(500);
      } finally {
        await t.dataSource.query(`DROP TRIGGER hms_test_refuse ON refresh_tokens`);
        await t.dataSource.query(`DROP FUNCTION hms_test_refuse_token()`);
      }
      const retry = await refresh(p.refreshToken);
      expect(retry.status).toBe(200);
    });
  });

  describe('GET/DELETE /auth/sessions', () => {
    let p: RegisteredPatient;
    const signIn = async (agent: string) => {
      const res = await t.http
        .post('/api/v1/auth/login')
        .set('User-Agent', agent)
        .send({ email: p.email, password: p.password });
      expect(res.status).toBe(200);
      return { bearer: `Bearer ${res.body.accessToken}`, refreshToken: res.body.refreshToken as string };
    };

    beforeEach(async () => {
      p = await registerPatient(t.http);
    });

    it('lists the live sessions with device, address, times and which one is current', async () => {
      const laptop = await signIn('Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
      const phone = await signIn('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1');
      await t.http.post('/api/v1/auth/logout').send({ refreshToken: p.refreshToken });
      const res = await t.http.get('/api/v1/auth/sessions').set('Authorization', laptop.bearer);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(2);
      const current = res.body.find((s: { current: boolean }) => s.current);
      expect(current).toEqual({
        id: await sessionOf(laptop.refreshToken),
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
        ip: '127.0.0.1',
        current: true,
      });
      const other = res.body.find((s: { current: boolean }) => !s.current);
      expect(other.id).toBe(await sessionOf(phone.refreshToken));
      // An idle session is not listed.
      await t.dataSource.query(`UPDATE sessions SET last_used_at = now() - interval '2 hours' WHERE id = $1`, [
        other.id,
      ]);
      const again = await t.http.get('/api/v1/auth/sessions').set('Authorization', laptop.bearer);
      expect(again.body.map((s: { id: string }) => s.id)).toEqual([current.id]);
    });

    it("ends one session by id; another user's session id answers 404", async () => {
      const laptop = await signIn('laptop');
      const phone = await signIn('phone');
      const phoneId = await sessionOf(phone.refreshToken);
      const stranger = await registerPatient(t.http);
      const foreign = await t.http.delete(`/api/v1/auth/sessions/${phoneId}`).set('Authorization', stranger.bearer);
      expect(foreign.status).toBe(404);
      expect((await refresh(phone.refreshToken)).status).toBe(200);
      const phoneAgain = await sessionOf(phone.refreshToken);
      expect(phoneAgain).toBe(phoneId);
      const res = await t.http.delete(`/api/v1/auth/sessions/${phoneId}`).set('Authorization', laptop.bearer);
      expect(res.status).toBe(204);
      const rows: { refresh_token: string }[] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL`,
        [phoneId],
      );
      expect(rows[0]).toEqual({ n: 0 });
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', phone.bearer)).status).toBe(401);
      expect((await t.http.get('/api/v1/auth/me').set('Authorization', laptop.bearer)).status).toBe(200);
      expect((await t.http.delete('/api/v1/auth/sessions/not-a-uuid').set('Authorization', laptop.bearer)).status).toBe(
        400,
      );
    });

    it('ends every other session and keeps the current one', async () => {
      const laptop = await signIn('laptop');
      const phone = await signIn('phone');
      const res = await t.http.delete('/api/v1/auth/sessions').set('Authorization', laptop.bearer);
      expect(res.status).toBe(204);
      expect((await refresh(phone.refreshToken)).status).toBe(401);
      expect((await refresh(p.refreshToken)).status).toBe(401);
      const kept = await refresh(laptop.refreshToken);
      expect(kept.status).toBe(200);
      const list = await t.http.get('/api/v1/auth/sessions').set('Authorization', `Bearer ${kept.body.accessToken}`);
      expect(list.body).toHaveLength(1);
      expect(list.body[0].current).toBe(true);
    });

    it('needs a signed-in caller', async () => {
      expect((await t.http.get('/api/v1/auth/sessions')).status).toBe(401);
      expect((await t.http.delete('/api/v1/auth/sessions')).status).toBe(401);
    });
  });

  it("cuts a deactivated user's sessions off", async () => {
    const admin = await loginAdmin(t.http);
    const p = await registerPatient(t.http);
    const [{ id: patientId }] = await t.dataSource.query(`SELECT id FROM patients WHERE user_id = $1`, [p.userId]);
    const res = await t.http
      .patch(`/api/v1/admin/patients/${patientId}`)
      .set('Authorization', admin.bearer)
      .send({ active: false });
    expect(res.status).toBe(200);
    const rows = await t.dataSource.query(`SELECT revoked_at FROM sessions WHERE user_id = $1`, [p.userId]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.revoked_at).not.toBeNull();
    expect((await refresh(p.refreshToken)).status).toBe(401);
  });
});
