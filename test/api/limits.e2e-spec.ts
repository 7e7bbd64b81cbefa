import { RateLimitStore } from '../../apps/api/src/auth/rate-limit.store';
import { hashToken } from '../../apps/api/src/auth/token.service';
import { registerPatient, uniqueEmail } from '../support/auth';
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

/** Sign-in and refresh limits: which address counts, and what each limit counts. */

let spoofCounter = 0;
/** A new made-up "client address" each call, as an attacker would write it. */
const spoof = () => `198.51.100.${(spoofCounter++ % 250) + 1}`;

const wrongLogin = (t: TestApp, email: string, forwardedFor?: string) => {
  const req = t.http.post('/api/v1/auth/login');
  if (forwardedFor) void req.set('X-Forwarded-For', forwardedFor);
  return req.send({ email, password: 'not-the-password' });
};

describe('the address the limits count', () => {
  describe.each([
    ['no proxy trusted (TRUST_PROXY unset)', undefined, (s: string) => s],
    ['TRUST_PROXY=1 (one proxy hop)', '1', (s: string) => `${s}, 203.0.113.7`],
    ['TRUST_PROXY as a CIDR list', '127.0.0.1/32, 10.0.0.0/8', (s: string) => `${s}, 203.0.113.7, 10.1.2.3`],
  ])('%s', (_name, trustProxy, header) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ AUTH_RATE_LIMIT: '3', TRUST_PROXY: trustProxy });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('is not moved by a client-written leftmost X-Forwarded-For', async () => {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await wrongLogin(t, uniqueEmail(), header(spoof()));
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(last!.body.code).toBe('too_many_requests');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(last!.body.detail).toMatch(/; try again in (\d+ seconds?|1 minute)$/);
      if (trustProxy) {
        // The address the trusted proxy saw is what counts: another one has its own budget.
        const elsewhere = await wrongLogin(t, uniqueEmail(), header(spoof()).replace('203.0.113.7', '203.0.113.8'));
        expect(elsewhere.status).toBe(401);
      }
    });
  });

  it('refuses TRUST_PROXY=true (trust everything) at start', async () => {
    await expect(startTestApp({ TRUST_PROXY: 'true' })).rejects.toThrow(
      /TRUST_PROXY=true would trust any client-written X-Forwarded-For/,
    );
  });
});

describe('sign-in failures per account and address', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      TRUST_PROXY: '1',
      LOGIN_FAILURES_PER_ACCOUNT: '3',
      AUTH_RATE_LIMIT: '1000',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const attacker = '203.0.113.66';
  const attacker2 = '203.0.113.67';
  const owner = '192.0.2.10';
  const from = (address: string) => `${spoof()}, ${address}`;

  it("slows the attacker's address for that account while the owner signs in from elsewhere, and emails the owner once", async () => {
    const victim = await registerPatient(t.http, { fullName: 'Vera Victim' });
    for (let i = 0; i < 3; i++) expect((await wrongLogin(t, victim.email, from(attacker))).status).toBe(401);

    // The attacker's address is refused for this account, even with the right password...
    const locked = await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', from(attacker))
      .send({ email: victim.email, password: victim.password });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too_many_failed_logins');
    const retry = Number(locked.headers['retry-after']);
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(locked.body.detail).toMatch(/try again in 15 minutes$/);

    // ...but not for another account...
    const bystander = await registerPatient(t.http);
    expect((await wrongLogin(t, bystander.email, from(attacker))).status).toBe(401);

    // ...and the owner, from their own address, is not locked out.
    const mine = await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', from(owner))
      .send({ email: victim.email, password: victim.password });
    expect(mine.status).toBe(200);

    // A second address reaching the limit in the same window sends no second email.
    for (let i = 0; i < 4; i++) await wrongLogin(t, victim.email, from(attacker2));
    expect((await wrongLogin(t, victim.email, from(attacker2))).status).toBe(429);

    const mail = await waitFor(() => smtp.to(victim.email)[0], 15_000, 'the lockout email');
    expect(mail.subject).toBe('Sign-ins to your account were paused');
    expect(mail.text).toContain(attacker);
    await waitFor(async () => {
      const pending: { n: string }[] = await t.dataSource.query(
        `SELECT count(*) AS n FROM outbox_messages WHERE dispatched_at IS NULL`,
      );
      const sending: { n: string }[] = await t.dataSource.query(
        `SELECT count(*) AS n FROM notification_log WHERE state <> 'sent'`,
      );
      return Number(pending[0].n) === 0 && Number(sending[0].n) === 0;
    });
    const notices: { n: string }[] = await t.dataSource.query(
      `SELECT count(*) AS n FROM outbox_messages WHERE kind = 'account.locked' AND aggregate_id = $1`,
      [victim.userId],
    );
    expect(Number(notices[0].n)).toBe(1);
    expect(smtp.to(victim.email)).toHaveLength(1);
  });

  it('emails nobody when the email has no account', async () => {
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 4; i++) await wrongLogin(t, ghost, from(attacker));
    expect((await wrongLogin(t, ghost, from(attacker))).status).toBe(429);
    const rows: { n: string }[] = await t.dataSource.query(
      `SELECT count(*) AS n FROM outbox_messages WHERE kind = 'account.locked' AND payload->>'address' = $1`,
      [attacker],
    );
    expect(Number(rows[0].n)).toBe(1); // the victim's, from the test above
  });
});

describe('refreshes are limited per session, not per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT: '3', REFRESH_RATE_LIMIT: '5' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not spend the address budget on refreshes, and stops a session refreshing too often without ending it', async () => {
    const patient = await registerPatient(t.http); // 1 of 3 on this address
    let token = patient.refreshToken;
    for (let i = 0; i < 5; i++) {
      const res = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: token });
      expect(res.status).toBe(200);
      token = res.body.refreshToken;
    }
    const tooOften = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: token });
    expect(tooOften.status).toBe(429);
    expect(tooOften.body.code).toBe('too_many_refreshes');
    expect(Number(tooOften.headers['retry-after'])).toBeGreaterThan(0);
    expect(tooOften.body.detail).toMatch(/try again in (\d+ seconds?|1 minute)$/);
    expect(String(tooOften.headers['set-cookie'] ?? '')).not.toContain('hms_refresh=;');

    // Another session of the same user refreshes freely; the address still has 2 sign-ins left.
    const second = await t.http.post('/api/v1/auth/login').send({ email: patient.email, password: patient.password });
    expect(second.status).toBe(200);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(
      200,
    );
    expect(
      (await t.http.post('/api/v1/auth/login').send({ email: patient.email, password: patient.password })).status,
    ).toBe(200);
    expect(
      (await t.http.post('/api/v1/auth/login').send({ email: patient.email, password: patient.password })).status,
    ).toBe(429);

    // The limited session's token was not spent: once the window ends it still works.
    await t.app.get(RateLimitStore).reset(`refresh:${await familyOf(t, token)}`);
    expect((await t.http.post('/api/v1/auth/refresh').send({ refreshToken: token })).status).toBe(200);
  });
});

async function familyOf(t: TestApp, refreshToken: string): Promise<string> {
  const rows: { family_id: string }[] = await t.dataSource.query(
    'SELECT family_id FROM refresh_tokens WHERE token_hash = $1',
    [hashToken(refreshToken)],
  );
  return rows[0].family_id;
}
