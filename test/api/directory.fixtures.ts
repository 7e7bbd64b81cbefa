import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { uniqueEmail, type Session } from '../support/auth';

export interface CreatedDoctor {
  id: string;
  fullName: string;
  email: string;
  password: string;
  specialization: { id: string; name: string };
  active: boolean;
}

let seq = 0;

export async function createSpecialization(
  http: TestAgent,
  admin: Session,
  name = `Dept ${Date.now().toString(36)} ${++seq}`,
  description = '',
): Promise<{ id: string; name: string }> {
  const res = await http
    .post('/api/v1/admin/specializations')
    .set('Authorization', admin.bearer)
    .send({ name, description });
  if (res.status !== 201) throw new Error(`create specialization answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string };
}

export async function createDoctor(
  http: TestAgent,
  admin: Session,
  input: { specializationId: string; fullName?: string; email?: string; qualification?: string },
): Promise<CreatedDoctor> {
  const body = {
    email: input.email ?? uniqueEmail('doctor'),
    password: 'doctor-pass-1',
    fullName: input.fullName ?? `Doctor ${++seq}`,
    specializationId: input.specializationId,
    qualification: input.qualification ?? 'MD',
    experienceYears: 5,
  };
  const res = await http.post('/api/v1/admin/doctors').set('Authorization', admin.bearer).send(body);
  if (res.status !== 201) throw new Error(`create doctor answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...(res.body as CreatedDoctor), password: body.password };
}

/** The patient id behind a patient session. */
export async function patientIdOf(http: TestAgent, session: Session): Promise<string> {
  const res = await http.get('/api/v1/auth/me').set('Authorization', session.bearer);
  return (res.body as { profile: { id: string } }).profile.id;
}

/** Inserts an appointment directly (the booking rules are not under test here). */
export async function insertAppointment(
  ds: DataSource,
  a: { doctorId: string; patientId: string; startsAt: Date; minutes?: number; status?: string },
): Promise<string> {
  const id = randomUUID();
  const endsAt = new Date(a.startsAt.getTime() + (a.minutes ?? 30) * 60_000);
  await ds.query(
    `INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status, reason, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6::varchar, 'check-up', CASE WHEN $6::varchar = 'completed' THEN now() END)`,
    [id, a.doctorId, a.patientId, a.startsAt.toISOString(), endsAt.toISOString(), a.status ?? 'booked'],
  );
  return id;
}

/** A whole hour n hours from now, so inserted appointments never overlap by accident. */
export function hoursFromNow(n: number): Date {
  const d = new Date(Date.now() + n * 3_600_000);
  d.setUTCMinutes(0, 0, 0);
  return d;
}
