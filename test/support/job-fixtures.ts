import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PasswordService } from '../../apps/api/src/auth/password.service';
import type { TestApp } from './test-app';
import { uniqueEmail } from './auth';

/** Rows for the job suites, inserted directly (independent of the booking routes). */
export const FIXTURE_PASSWORD = 'fixture-pass-1';

let hashCache: string | null = null;
async function passwordHash(t: TestApp): Promise<string> {
  hashCache ??= await t.app.get(PasswordService).hash(FIXTURE_PASSWORD);
  return hashCache;
}

async function insertUser(t: TestApp, role: string, email: string, active: boolean): Promise<string> {
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO users (email, password_hash, role, active) VALUES ($1, $2, $3, $4) RETURNING id`,
    [email.toLowerCase(), await passwordHash(t), role, active],
  );
  return rows[0].id;
}

export async function createSpecialization(ds: DataSource, name = `Dept ${randomUUID().slice(0, 8)}`): Promise<string> {
  const rows: { id: string }[] = await ds.query(`INSERT INTO specializations (name) VALUES ($1) RETURNING id`, [name]);
  return rows[0].id;
}

export interface FixtureDoctor {
  id: string;
  userId: string;
  email: string;
  fullName: string;
}

export async function createDoctor(
  t: TestApp,
  options: { fullName?: string; specializationId?: string; active?: boolean } = {},
): Promise<FixtureDoctor> {
  const email = uniqueEmail('doctor');
  const userId = await insertUser(t, 'doctor', email, options.active ?? true);
  const specializationId = options.specializationId ?? (await createSpecialization(t.dataSource));
  const fullName = options.fullName ?? 'Dr. Test';
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO doctors (user_id, full_name, specialization_id) VALUES ($1, $2, $3) RETURNING id`,
    [userId, fullName, specializationId],
  );
  return { id: rows[0].id, userId, email, fullName };
}

export interface FixturePatient {
  id: string;
  userId: string;
  email: string;
  fullName: string;
}

export async function createPatient(t: TestApp, options: { fullName?: string } = {}): Promise<FixturePatient> {
  const email = uniqueEmail('patient');
  const userId = await insertUser(t, 'patient', email, true);
  const fullName = options.fullName ?? 'Pat Test';
  const rows: { id: string }[] = await t.dataSource.query(
    `INSERT INTO patients (user_id, full_name) VALUES ($1, $2) RETURNING id`,
    [userId, fullName],
  );
  return { id: rows[0].id, userId, email, fullName };
}

export async function createAppointment(
  ds: DataSource,
  input: {
    doctorId: string;
    patientId: string;
    startsAt: string;
    minutes?: number;
    status?: 'booked' | 'completed' | 'cancelled';
    reason?: string;
    treatment?: { diagnosis: string; prescription?: string; notes?: string };
  },
): Promise<string> {
  const start = new Date(input.startsAt);
  const end = new Date(start.getTime() + (input.minutes ?? 30) * 60_000);
  const status = input.status ?? 'booked';
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, completed_at, cancelled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      input.doctorId,
      input.patientId,
      start,
      end,
      status,
      input.reason ?? '',
      status === 'completed' ? end : null,
      status === 'cancelled' ? start : null,
    ],
  );
  const id = rows[0].id;
  if (input.treatment) {
    await ds.query(`INSERT INTO treatments (appointment_id, diagnosis, prescription, notes) VALUES ($1, $2, $3, $4)`, [
      id,
      input.treatment.diagnosis,
      input.treatment.prescription ?? '',
      input.treatment.notes ?? '',
    ]);
  }
  return id;
}
