// (d) 1,000 concurrent booking attempts over 10 slots of one doctor:
// exactly 10 succeed (201) and every other answer is a 409 with the code of
// the rule it met: `slot_taken`, or `patient_overlap` for a patient who
// already holds that very slot. A deadlock or serialization failure answered
// as 409 (any other code) fails the battery.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import {
  API,
  appEnv,
  doctorWithWindow,
  expectStatus,
  freePort,
  freshDatabase,
  http,
  missingPrerequisite,
  pool,
  registerPatient,
  startApp,
  startRedis,
  stopAllChildren,
  tempDir,
} from './support.mjs';

const SLOTS = 10;
const PATIENTS = 100;
const skip = await missingPrerequisite();
let db;
let redis;
let app;

before(async () => {
  if (skip) return;
  db = await freshDatabase('booking_race');
  redis = await startRedis();
  app = await startApp({
    env: appEnv({ databaseUrl: db.url, redisUrl: redis.url, dataDir: tempDir(), role: 'api' }),
    port: await freePort(),
    name: 'api',
  });
});

after(async () => {
  await stopAllChildren();
  await redis?.stop();
  await db?.drop();
});

test(
  `1,000 concurrent attempts on ${SLOTS} slots: exactly ${SLOTS} bookings, the rest 409`,
  { skip: skip ?? false, timeout: 300_000 },
  async (t) => {
    const base = app.baseUrl;
    const { doctor, date } = await doctorWithWindow(base, { startTime: '09:00', endTime: '14:00' });
    const slots = Array.from({ length: SLOTS }, (_, i) =>
      new Date(Date.parse(`${date}T09:00:00Z`) + i * 30 * 60_000).toISOString(),
    );
    const patients = await pool(PATIENTS, 4, () => registerPatient(base));

    // Every patient tries every slot, all at once, in a shuffled order.
    const attempts = patients.flatMap((p, patient) => slots.map((startsAt) => ({ token: p.token, patient, startsAt })));
    for (let i = attempts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [attempts[i], attempts[j]] = [attempts[j], attempts[i]];
    }

    const started = Date.now();
    const answers = await Promise.all(
      attempts.map(async (a) => {
        try {
          const res = await http(base, 'POST', `${API}/patient/appointments`, {
            token: a.token,
            body: { doctorId: doctor.doctorId, startsAt: a.startsAt, reason: 'race' },
            timeoutMs: 120_000,
          });
          return { status: res.status, patient: a.patient, startsAt: a.startsAt, code: res.body?.code };
        } catch (error) {
          return { status: 0, patient: a.patient, startsAt: a.startsAt, code: error.message };
        }
      }),
    );
    const byStatus = {};
    for (const a of answers)
      byStatus[`${a.status} ${a.code ?? ''}`.trim()] = (byStatus[`${a.status} ${a.code ?? ''}`.trim()] ?? 0) + 1;
    t.diagnostic(`${attempts.length} attempts in ${Date.now() - started} ms: ${JSON.stringify(byStatus)}`);

    const created = answers.filter((a) => a.status === 201);
    assert.equal(created.length, SLOTS, 'one success per slot');
    assert.deepEqual([...new Set(created.map((a) => a.startsAt))].sort(), slots, 'each slot booked once');
    const others = answers.filter((a) => a.status !== 201 && a.status !== 409);
    assert.deepEqual(others.slice(0, 5), [], `${others.length} answers were neither 201 nor 409`);
    // Each refusal names the rule: the slot is someone's (slot_taken) or this patient's own (patient_overlap).
    const holder = new Map(created.map((a) => [a.startsAt, a.patient]));
    const wrong = answers
      .filter((a) => a.status === 409)
      .filter((a) => (a.code === 'patient_overlap' ? holder.get(a.startsAt) !== a.patient : a.code !== 'slot_taken'))
      .map((a) => `${a.startsAt} ${a.code}`);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} 409 answers carried another code than the rule they met`);
    const booked = await db.query(
      `SELECT count(*)::int AS n FROM appointments WHERE doctor_id = $1 AND status = 'booked'`,
      [doctor.doctorId],
    );
    assert.equal(booked[0].n, SLOTS, 'the database holds exactly one booking per slot');
  },
);

test(
  'a taken slot answers 409 slot_taken while another transaction holds the doctor’s row',
  { skip: skip ?? false, timeout: 120_000 },
  async () => {
    const base = app.baseUrl;
    const { doctor, date } = await doctorWithWindow(base, { startTime: '09:00', endTime: '10:00' });
    const [holder, other] = await pool(2, 2, () => registerPatient(base));
    const body = { doctorId: doctor.doctorId, startsAt: `${date}T09:00:00.000Z` };
    expectStatus(
      await http(base, 'POST', `${API}/patient/appointments`, { token: holder.token, body }),
      201,
      'booking',
    );
    // A booking, time off or deactivation of this doctor in flight holds the doctor's row; the
    // refusal of a taken slot must not queue behind it (it would wait here until the lock goes).
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT id FROM doctors WHERE id = $1 FOR NO KEY UPDATE', [doctor.doctorId]);
      const taken = await http(base, 'POST', `${API}/patient/appointments`, {
        token: other.token,
        body,
        timeoutMs: 60_000,
      });
      assert.equal(taken.status, 409);
      assert.equal(taken.body?.code, 'slot_taken');
      const own = await http(base, 'POST', `${API}/patient/appointments`, {
        token: holder.token,
        body,
        timeoutMs: 60_000,
      });
      assert.equal(own.status, 409);
      assert.equal(own.body?.code, 'patient_overlap');
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  },
);
