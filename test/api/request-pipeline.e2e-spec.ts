import { loginAdmin, uniqueEmail, type Session } from '../support/auth';
import { startTestApp, type TestApp } from '../support/test-app';

/** What every answer carries from the request pipeline: the request id, and the caller's context in services. */
describe('request pipeline', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
    const echoed = await t.http
      .get('/api/v1/admin/dashboard')
      .set('Authorization', admin.bearer)
      .set('X-Request-Id', 'pipeline-1');
    expect(echoed.status).toBe(200);
    expect(echoed.headers['x-request-id']).toBe('pipeline-1');
    const made = await t.http.get('/api/v1/health').set('X-Request-Id', 'not valid!');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the request id on refusals too: unknown route, NUL in the URL, bad query, no sign-in', async () => {
    for (const path of [
      '/api/v1/no-such-route',
      '/api/v1/admin/patients?search=a%00b',
      '/api/v1/admin/patients?page=0',
    ]) {
      const res = await t.http.get(path).set('Authorization', admin.bearer).set('X-Request-Id', 'pipeline-2');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect([path, res.headers['x-request-id']]).toEqual([path, 'pipeline-2']);
    }
    const anonymous = await t.http.get('/api/v1/admin/dashboard').set('X-Request-Id', 'pipeline-3');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['x-request-id']).toBe('pipeline-3');
  });

  it('gives services the request id, client address and caller of the request they serve (audit trail)', async () => {
    const email = uniqueEmail('pipeline');
    const refused = await t.http
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'pipeline-4')
      .send({ email, password: 'whatever-pass-1' });
    expect(refused.status).toBe(401);
    const failures: { request_id: string | null; ip: string | null }[] = await t.dataSource.query(
      `SELECT request_id, ip FROM audit_events WHERE action = 'auth.login.failure' AND details->>'email' = $1`,
      [email.toLowerCase()],
    );
    expect(failures).toEqual([{ request_id: 'pipeline-4', ip: expect.any(String) }]);

    const read = await t.http.get('/api/v1/admin/dashboard').set('Authorization', admin.bearer);
    expect(read.status).toBe(200);
    expect(read.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
