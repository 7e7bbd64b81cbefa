// (f) Redis (queues and cache) goes away: a booking still succeeds, and its
// confirmation email goes out exactly once after Redis is back (the outbox
// written in the booking transaction is relayed to the mail queue later).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  API,
  appEnv,
  createDoctor,
  freePort,
  freshDatabase,
  http,
  isMissingRoute,
  missingPrerequisite,
  registerPatient,
  signIn,
  sleep,
  startApp,
  startRedis,
  startSmtp,
  stopAllChildren,
  tempDir,
  tomorrow,
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
    const adminToken = await signIn(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const doctor = await createDoctor(base, adminToken);
    if (doctor.missing) return t.skip(doctor.missing);
    const date = tomorrow();
    const window = await http(base, 'POST', `${API}/doctor/availability`, {
      token: doctor.token,
      body: { date, startTime: '10:00', endTime: '11:00', slotMinutes: 30 },
    });
    if (isMissingRoute(window)) return t.skip('POST /doctor/availability is not implemented yet');
    assert.equal(window.status, 201, window.text);
    const patient = await registerPatient(base);

    await redis.kill('SIGKILL');
    const booked = await http(base, 'POST', `${API}/patient/appointments`, {
      token: patient.token,
      body: { doctorId: doctor.doctorId, startsAt: `${date}T10:00:00.000Z`, reason: 'Redis is down' },
    });
    if (isMissingRoute(booked)) return t.skip('POST /patient/appointments is not implemented yet');
    assert.equal(booked.status, 201, booked.text);
    const appointmentId = booked.body.id;
    await sleep(2_000);
    const mails = () => smtp.messages.filter((m) => m.raw.includes(`appointment.booked:${appointmentId}`));
    assert.equal(mails().length, 0, 'no confirmation while the queue is away');

    // Redis comes back (empty, on the same address).
    redis = await startRedis({ port: redis.port });
    const deadline = Date.now() + 120_000;
    while (mails().length === 0 && Date.now() < deadline) await sleep(500);
    assert.equal(mails().length, 1, 'the confirmation went out after Redis came back');
    assert.ok(mails()[0].to.includes(patient.email), 'to the patient');
    await sleep(5_000);
    assert.equal(mails().length, 1, 'and only once');
    t.diagnostic(
      `confirmation delivered ${Math.round((Date.now() - (deadline - 120_000)) / 1000)} s after Redis returned`,
    );
  },
);
