// (f) Redis (queues and cache) goes away: a booking still succeeds, and its
// confirmation email goes out exactly once after Redis is back (the outbox
// written in the booking transaction is relayed to the mail queue later).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  API,
  appEnv,
  doctorWithWindow,
  freePort,
  freshDatabase,
  eventually,
  expectStatus,
  http,
  missingPrerequisite,
  quiescent,
  registerPatient,
  startApp,
  startRedis,
  startSmtp,
  stopAllChildren,
  tempDir,
} from './support.mjs';

const skip = await missingPrerequisite();
let db;
let redis;
let smtp;
let app;

before(async () => {
  if (skip) return;
  db = await freshDatabase('redis_down_booking');
  redis = await startRedis();
  smtp = await startSmtp();
  app = await startApp({
    env: appEnv({ databaseUrl: db.url, redisUrl: redis.url, smtpUrl: smtp.url, dataDir: tempDir(), role: 'all' }),
    port: await freePort(),
    name: 'all',
  });
});

after(async () => {
  await stopAllChildren();
  await smtp?.close();
  await redis?.stop();
  await db?.drop();
});

test(
  'a booking made while Redis is down succeeds and is confirmed by email once Redis is back',
  { skip: skip ?? false, timeout: 180_000 },
  async (t) => {
    const base = app.baseUrl;
    const { doctor, date } = await doctorWithWindow(base, { startTime: '10:00', endTime: '11:00' });
    const patient = await registerPatient(base);

    await redis.kill('SIGKILL');
    const booked = await http(base, 'POST', `${API}/patient/appointments`, {
      token: patient.token,
      body: { doctorId: doctor.doctorId, startsAt: `${date}T10:00:00.000Z`, reason: 'Redis is down' },
    });
    expectStatus(booked, 201, 'POST /patient/appointments');
    const appointmentId = booked.body.id;
    // The relay tried and failed (the queue is away): the outbox row is still pending with an attempt counted.
    await eventually(
      async () => {
        const rows = await db.query(
          `SELECT attempts FROM outbox_messages WHERE aggregate_id = $1 AND kind = 'appointment.booked' AND dispatched_at IS NULL`,
          [appointmentId],
        );
        return rows.length === 1 && rows[0].attempts >= 1;
      },
      { what: 'a failed relay attempt of the booking notice' },
    );
    const mails = () => smtp.messages.filter((m) => m.raw.includes(`appointment.booked:${appointmentId}`));
    assert.equal(mails().length, 0, 'no confirmation while the queue is away');

    // Redis comes back (empty, on the same address).
    redis = await startRedis({ port: redis.port });
    const back = Date.now();
    await eventually(() => mails().length > 0, {
      timeoutMs: 120_000,
      everyMs: 250,
      what: 'the confirmation after Redis came back',
    });
    t.diagnostic(`confirmation delivered ${Math.round((Date.now() - back) / 1000)} s after Redis returned`);
    assert.ok(mails()[0].to.includes(patient.email), 'to the patient');
    await quiescent(db);
    assert.equal(mails().length, 1, 'and only once');
  },
);
