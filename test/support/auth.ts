import type TestAgent from 'supertest/lib/agent';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './test-app';

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  /** Authorization header value. */
  bearer: string;
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.test`;
}

export async function login(http: TestAgent, email: string, password: string): Promise<Session> {
  const res = await http.post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return toSession(res.body);
}

export function loginAdmin(http: TestAgent): Promise<Session> {
  return login(http, ADMIN_EMAIL, ADMIN_PASSWORD);
}

export interface RegisteredPatient extends Session {
  email: string;
  password: string;
}

export async function registerPatient(
  http: TestAgent,
  overrides: Partial<{ email: string; password: string; fullName: string; dateOfBirth: string; phone: string }> = {},
): Promise<RegisteredPatient> {
  const body = { email: uniqueEmail('patient'), password: 'patient-pass-1', fullName: 'Test Patient', ...overrides };
  const res = await http.post('/api/v1/auth/register').send(body);
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...toSession(res.body), email: body.email, password: body.password };
}

function toSession(body: { accessToken: string; refreshToken: string; user: { id: string } }): Session {
  return {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    userId: body.user.id,
    bearer: `Bearer ${body.accessToken}`,
  };
}
