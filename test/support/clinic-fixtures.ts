import { randomUUID } from 'node:crypto';
import type { AccessTokenClaims } from '../../apps/api/src/common/auth/auth-user';
import { SessionIssuer } from '../../apps/api/src/auth/session-issuer.service';
import { addDays, clinicToday } from '../../apps/api/src/common/time/clinic-time';
import { uniqueEmail, type Session } from './auth';
import type { TestApp } from './test-app';

/**
 * Clinic data for black-box tests, written straight to the database (faster
 * than the admin routes and independent of them). Sessions are real access
 * tokens issued by the app's own TokenService, so no password hashing is spent.
 */

/** An argon2id hash nobody can sign in with (accounts here sign in through issued tokens). */
const UNUSABLE_HASH = '$argon2id$v=19$m=19456,t=2,p=1$dW51c2FibGU$unusableunusableunusableunusableunusableun';

export interface ClinicUser {
  session: Session;
  userId: string;
  email: string;
}
export interface FixtureDoctor extends ClinicUser {
  doctorId: string;
  specializationId: string;
  fullName: string;
}
export interface FixturePatient extends ClinicUser {
  patientId: string;
  fullName: string;
}

let seq = 0;

async function issue(t: TestApp, claims: AccessTokenClaims): Promise<Session> {
  const tokens = await t.app.get(SessionIssuer).openSession(claims);
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    userId: claims.sub,
    bearer: `Bearer ${tokens.accessToken}`,
  };
}

async function insertUser(
  t: TestApp,
  role: 'doctor' | 'patient',
  prefix: string,
): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = uniqueEmail(prefix);
  await t.dataSource.query(`INSERT INTO users (id, email, password_hash, role, active) VALUES ($1, $2, $3, $4, true)`, [
    id,
    email,
    UNUSABLE_HASH,
    role,
  ]);
  return { id, email };
}

export async function createSpecialization(t: TestApp, name = `Department ${++seq} ${randomUUID().slice(0, 6)}`) {
  const id = randomUUID();
  await t.dataSource.query(`INSERT INTO specializations (id, name, description) VALUES ($1, $2, '')`, [id, name]);
  return { id, name };
}

export async function createDoctor(
  t: TestApp,
  options: { specializationId?: string; fullName?: string } = {},
): Promise<FixtureDoctor> {
  const specializationId = options.specializationId ?? (await createSpecialization(t)).id;
  const user = await insertUser(t, 'doctor', 'doctor');
  const doctorId = randomUUID();
  const fullName = options.fullName ?? `Dr. Test ${++seq}`;
  await t.dataSource.query(
    `INSERT INTO doctors (id, user_id, full_name, specialization_id, qualification, experience_years)
     VALUES ($1, $2, $3, $4, 'MD', 5)`,
    [doctorId, user.id, fullName, specializationId],
  );
  const session = await issue(t, { sub: user.id, email: user.email, role: 'doctor', pid: doctorId });
  return { session, userId: user.id, email: user.email, doctorId, specializationId, fullName };
}

export async function createPatient(t: TestApp, options: { fullName?: string } = {}): Promise<FixturePatient> {
  const user = await insertUser(t, 'patient', 'patient');
  const patientId = randomUUID();
  const fullName = options.fullName ?? `Patient ${++seq}`;
  await t.dataSource.query(`INSERT INTO patients (id, user_id, full_name) VALUES ($1, $2, $3)`, [
    patientId,
    user.id,
    fullName,
  ]);
  const session = await issue(t, { sub: user.id, email: user.email, role: 'patient', pid: patientId });
  return { session, userId: user.id, email: user.email, patientId, fullName };
}

/** The clinic date `days` from today (clinic time zone of the test app). */
export function clinicDate(t: TestApp, days = 0): string {
  return addDays(clinicToday(t.config.clinicTimezone), days);
}

export interface WindowBody {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  startsAt: string;
  endsAt: string;
}

/** Publishes a window through the API (the doctor's own route). */
export async function publishWindow(
  t: TestApp,
  doctor: FixtureDoctor,
  window: { date: string; startTime: string; endTime: string; slotMinutes?: number },
): Promise<WindowBody> {
  const res = await t.http.post('/api/v1/doctor/availability').set('Authorization', doctor.session.bearer).send(window);
  if (res.status !== 201) throw new Error(`publish window answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as WindowBody;
}

/** Books through the API and expects 201. */
export async function book(
  t: TestApp,
  patient: FixturePatient,
  doctor: { doctorId: string },
  startsAt: string,
  reason?: string,
): Promise<{ id: string; startsAt: string; endsAt: string; status: string }> {
  const res = await t.http
    .post('/api/v1/patient/appointments')
    .set('Authorization', patient.session.bearer)
    .send({ doctorId: doctor.doctorId, startsAt, ...(reason ? { reason } : {}) });
  if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { id: string; startsAt: string; endsAt: string; status: string };
}

/** Inserts an appointment directly, bypassing the booking rules (e.g. one that already started). */
export async function insertAppointment(
  t: TestApp,
  a: {
    doctorId: string;
    patientId: string;
    startsAt: Date;
    minutes?: number;
    status?: 'booked' | 'completed' | 'cancelled';
  },
): Promise<string> {
  const id = randomUUID();
  const endsAt = new Date(a.startsAt.getTime() + (a.minutes ?? 30) * 60_000);
  await t.dataSource.query(
    `INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, a.doctorId, a.patientId, a.startsAt, endsAt, a.status ?? 'booked', a.status === 'completed' ? endsAt : null],
  );
  if (a.status === 'completed') {
    await t.dataSource.query(
      `INSERT INTO treatments (appointment_id, diagnosis, prescription, notes) VALUES ($1, 'Seeded diagnosis', '', '')`,
      [id],
    );
  }
  return id;
}

/** Deactivates a user directly (as an admin's blacklist would). */
export async function deactivateUser(t: TestApp, userId: string): Promise<void> {
  await t.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [userId]);
}
