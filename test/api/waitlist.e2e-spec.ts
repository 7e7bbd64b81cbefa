import { isoWeekday } from '../../apps/api/src/common/time/clinic-time';
import { WaitlistService } from '../../apps/api/src/waitlist/waitlist.service';
import {
  book,
  clinicDate,
  createDoctor,
  createPatient,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { startSmtp, waitFor, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

interface OfferBody {
  id: string;
  startsAt: string;
  endsAt: string;
  expiresAt: string;
  doctor: { id: string };
}

/** A doctor with exactly one bookable slot in the horizon: `date` 09:00–09:30 (clinic zone UTC). */
async function oneSlotDoctor(t: TestApp, date: string): Promise<FixtureDoctor> {
  const doctor = await createDoctor(t);
  const res = await t.http
    .put('/api/v1/doctor/schedule')
    .set('Authorization', doctor.session.bearer)
    .send({ weekly: [{ weekday: isoWeekday(date), startTime: '09:00', endTime: '09:30' }], slotMinutes: 30 });
  if (res.status !== 200) throw new Error(`schedule answered ${res.status}`);
  return doctor;
}

function waitlistApi(t: TestApp) {
  return {
    join: (p: FixturePatient, body: object) =>
      t.http.post('/api/v1/patient/waitlist').set('Authorization', p.session.bearer).send(body),
    list: (p: FixturePatient) => t.http.get('/api/v1/patient/waitlist').set('Authorization', p.session.bearer),
    offers: async (p: FixturePatient) =>
      (await t.http.get('/api/v1/patient/offers').set('Authorization', p.session.bearer)).body as OfferBody[],
    accept: (p: FixturePatient, id: string) =>
      t.http.post(`/api/v1/patient/offers/${id}/accept`).set('Authorization', p.session.bearer),
    decline: (p: FixturePatient, id: string) =>
      t.http.post(`/api/v1/patient/offers/${id}/decline`).set('Authorization', p.session.bearer),
    cancel: (p: FixturePatient, id: string) =>
      t.http.post(`/api/v1/patient/appointments/${id}/cancel`).set('Authorization', p.session.bearer),
  };
}

describe('waitlist with held offers', () => {
  let t: TestApp;
  let api: ReturnType<typeof waitlistApi>;
  beforeAll(async () => {
    t = await startTestApp({ WAITLIST_HOLD_MINUTES: '30' });
    api = waitlistApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function fullDoctorWithWaiting(n: number) {
    const date = clinicDate(t, 2);
    const doctor = await oneSlotDoctor(t, date);
    const holder = await createPatient(t);
    const appointment = await book(t, holder, doctor, `${date}T09:00:00.000Z`);
    const waiting: FixturePatient[] = [];
    for (let i = 0; i < n; i += 1) {
      const p = await createPatient(t);
      const res = await api.join(p, { doctorId: doctor.doctorId, from: clinicDate(t, 0), to: clinicDate(t, 7) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'waiting', doctor: { id: doctor.doctorId } });
      waiting.push(p);
    }
    return { date, doctor, holder, appointment, waiting };
  }

  it('refuses to join while times are free, twice for one doctor, or outside the horizon', async () => {
    const date = clinicDate(t, 2);
    const doctor = await oneSlotDoctor(t, date);
    const p = await createPatient(t);
    const free = await api.join(p, { doctorId: doctor.doctorId, from: clinicDate(t, 0), to: clinicDate(t, 7) });
    expect(free.status).toBe(409);
    expect(free.body).toMatchObject({ code: 'slots_available' });
    const far = await api.join(p, { doctorId: doctor.doctorId, from: clinicDate(t, 0), to: clinicDate(t, 30) });
    expect(far.status).toBe(422);
    const { doctor: full, waiting } = await fullDoctorWithWaiting(1);
    const twice = await api.join(waiting[0], { doctorId: full.doctorId, from: clinicDate(t, 1), to: clinicDate(t, 3) });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'already_waiting' });
  });

  it('holds a freed slot for the longest-waiting patient: refused and shown taken to everyone else', async () => {
    const { date, doctor, holder, appointment, waiting } = await fullDoctorWithWaiting(2);
    const [first, second] = waiting;
    expect((await api.cancel(holder, appointment.id)).status).toBe(200);
    const offers = await api.offers(first);
    expect(offers).toEqual([
      expect.objectContaining({
        startsAt: `${date}T09:00:00.000Z`,
        doctor: expect.objectContaining({ id: doctor.doctorId }),
      }),
    ]);
    const hold = new Date(offers[0].expiresAt).getTime() - Date.now();
    expect(hold).toBeGreaterThan(28 * 60_000);
    expect(hold).toBeLessThanOrEqual(30 * 60_000);
    expect(await api.offers(second)).toEqual([]);
    expect((await api.list(first)).body[0]).toMatchObject({ status: 'offered' });

    const slots = await t.http
      .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
      .set('Authorization', second.session.bearer);
    expect(slots.body).toEqual([expect.objectContaining({ startsAt: `${date}T09:00:00.000Z`, available: false })]);
    const stranger = await createPatient(t);
    const taken = await t.http
      .post('/api/v1/patient/appointments')
      .set('Authorization', stranger.session.bearer)
      .send({ doctorId: doctor.doctorId, startsAt: `${date}T09:00:00.000Z` });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'slot_taken' });
    // The hold is the database's: a direct insert of someone else's appointment is refused too.
    await expect(
      t.dataSource.query(
        `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, 'booked')`,
        [doctor.doctorId, stranger.patientId, new Date(`${date}T09:00:00Z`), new Date(`${date}T09:30:00Z`)],
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23P01' }) });
    // Someone else's offer is not found.
    expect((await api.accept(second, offers[0].id)).status).toBe(404);
  });

  it('books exactly once when 20 accepts of one offer race', async () => {
    const { date, doctor, holder, appointment, waiting } = await fullDoctorWithWaiting(1);
    await api.cancel(holder, appointment.id);
    const [offer] = await api.offers(waiting[0]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.accept(waiting[0], offer.id)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    // The losers are told the offer was taken, not a lock or serialization failure in disguise.
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(19).fill('offer_accepted'));
    const won = answers.find((r) => r.status === 201)!;
    expect(won.body).toMatchObject({
      status: 'booked',
      startsAt: `${date}T09:00:00.000Z`,
      patient: { id: waiting[0].patientId },
    });
    const rows: { n: string }[] = await t.dataSource.query(
      `SELECT count(*) AS n FROM appointments WHERE doctor_id = $1 AND status = 'booked'`,
      [doctor.doctorId],
    );
    expect(Number(rows[0].n)).toBe(1);
    expect((await api.list(waiting[0])).body[0]).toMatchObject({ status: 'booked' });
    expect(await api.offers(waiting[0])).toEqual([]);
  });

  it('passes a declined offer to the next patient, and an expired one to the one after', async () => {
    const { date, holder, appointment, waiting } = await fullDoctorWithWaiting(3);
    const [a, b, c] = waiting;
    await api.cancel(holder, appointment.id);
    const [offerA] = await api.offers(a);
    expect((await api.decline(a, offerA.id)).status).toBe(204);
    expect((await api.decline(a, offerA.id)).status).toBe(409);
    const [offerB] = await api.offers(b);
    expect(offerB).toMatchObject({ startsAt: `${date}T09:00:00.000Z` });
    expect((await api.list(a)).body[0]).toMatchObject({ status: 'waiting' });

    // The hold runs out: the scheduled sweep expires it and passes the slot on.
    const later = new Date(new Date(offerB.expiresAt).getTime() + 1_000);
    const swept = await t.app.get(WaitlistService).sweep(later);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect((await api.list(b)).body[0]).toMatchObject({ status: 'expired' });
    const offersC = await t.dataSource.query(`SELECT status, starts_at FROM waitlist_offers WHERE patient_id = $1`, [
      c.patientId,
    ]);
    expect(offersC).toEqual([expect.objectContaining({ status: 'open', starts_at: new Date(`${date}T09:00:00Z`) })]);
    // An expired offer can no longer be accepted.
    expect((await api.accept(b, offerB.id)).status).toBe(409);
  });

  it('frees the slot when nobody else waits, and withdraws an offer the doctor takes time off over', async () => {
    const { date, doctor, holder, appointment, waiting } = await fullDoctorWithWaiting(1);
    await api.cancel(holder, appointment.id);
    const [offer] = await api.offers(waiting[0]);
    await api.decline(waiting[0], offer.id);
    const slots = await t.http
      .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
      .set('Authorization', holder.session.bearer);
    expect(slots.body).toEqual([expect.objectContaining({ available: true })]);

    const second = await fullDoctorWithWaiting(1);
    await api.cancel(second.holder, second.appointment.id);
    expect(await api.offers(second.waiting[0])).toHaveLength(1);
    const off = await t.http
      .post('/api/v1/doctor/time-off')
      .set('Authorization', second.doctor.session.bearer)
      .send({ date: second.date });
    expect(off.status).toBe(201);
    expect(await api.offers(second.waiting[0])).toEqual([]);
    expect((await api.list(second.waiting[0])).body[0]).toMatchObject({ status: 'waiting' });
  });
});

describe('waitlist offer email', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://clinic.example' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('cancelling a visit with a waitlist makes exactly one offer and one email', async () => {
    const api = waitlistApi(t);
    const date = clinicDate(t, 2);
    const doctor = await oneSlotDoctor(t, date);
    const holder = await createPatient(t);
    const appointment = await book(t, holder, doctor, `${date}T09:00:00.000Z`);
    const waiting = await createPatient(t);
    expect(
      (await api.join(waiting, { doctorId: doctor.doctorId, from: clinicDate(t, 0), to: clinicDate(t, 7) })).status,
    ).toBe(201);
    await api.cancel(holder, appointment.id);
    const mail = await waitFor(() => smtp.to(waiting.email)[0], 15_000, 'the offer email');
    expect(mail.subject).toContain(`is held for you`);
    expect(mail.text).toContain('https://clinic.example/patient/waitlist');
    // Let every pending notice go out (the holder's cancellation too) and a sweep run, then count.
    await t.app.get(WaitlistService).sweep();
    await waitFor(
      async () =>
        Number(
          (
            (await t.dataSource.query(`SELECT count(*) AS n FROM outbox_messages WHERE dispatched_at IS NULL`)) as {
              n: string;
            }[]
          )[0].n,
        ) === 0 && smtp.to(holder.email).some((m) => m.subject.includes('cancelled')),
      15_000,
      "the outbox to drain and the holder's cancellation to arrive",
    );
    await waitFor(
      async () =>
        Number(
          (
            (await t.dataSource.query(`SELECT count(*) AS n FROM notification_log WHERE state <> 'sent'`)) as {
              n: string;
            }[]
          )[0].n,
        ) === 0,
      15_000,
      'every send to finish',
    );
    expect(smtp.to(waiting.email)).toHaveLength(1);
    const offers: { n: string }[] = await t.dataSource.query(
      `SELECT count(*) AS n FROM waitlist_offers WHERE doctor_id = $1`,
      [doctor.doctorId],
    );
    expect(Number(offers[0].n)).toBe(1);
    const cancelMail = smtp.to(holder.email).find((m) => m.subject.includes('cancelled'));
    expect(cancelMail?.text).toContain('Cancelled by: you');
  });
});

describe('an accepted offer is a booking like any other', () => {
  let t: TestApp;
  let api: ReturnType<typeof waitlistApi>;
  beforeAll(async () => {
    t = await startTestApp({ MAX_UPCOMING_BOOKINGS: '1' });
    api = waitlistApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts against MAX_UPCOMING_BOOKINGS', async () => {
    const date = clinicDate(t, 2);
    const doctor = await oneSlotDoctor(t, date);
    const holder = await createPatient(t);
    const appointment = await book(t, holder, doctor, `${date}T09:00:00.000Z`);
    const waiting = await createPatient(t);
    const joined = await api.join(waiting, { doctorId: doctor.doctorId, from: clinicDate(t, 0), to: clinicDate(t, 7) });
    expect(joined.status).toBe(201);
    const otherDate = clinicDate(t, 3);
    const other = await oneSlotDoctor(t, otherDate);
    await book(t, waiting, other, `${otherDate}T09:00:00.000Z`);

    expect((await api.cancel(holder, appointment.id)).status).toBe(200);
    const [offer] = await api.offers(waiting);
    const accepted = await api.accept(waiting, offer.id);
    expect(accepted.status).toBe(422);
    expect(accepted.body).toMatchObject({ code: 'too_many_upcoming_bookings' });
  });
});
