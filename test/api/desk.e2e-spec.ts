import { randomUUID } from 'node:crypto';
import { SessionIssuer } from '../../apps/api/src/auth/session-issuer.service';
import { clinicToday, startOfClinicDay } from '../../apps/api/src/common/time/clinic-time';
import { login, loginAdmin, uniqueEmail, type Session } from '../support/auth';
import {
  clinicDate,
  createDoctor,
  createPatient,
  publishWindow,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { startSmtp, waitFor, type ReceivedMail, type TestSmtp } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

const PUBLIC_URL = 'http://clinic.test';
const MINUTE = 60_000;
const CLINICAL_KEYS = /"(diagnosis|prescription|notes|treatment)"\s*:/i;
// Clinical text of the fixtures: none of it may appear in any answer to the desk.
const SECRET_DIAGNOSIS = `Dx-confidential-${randomUUID().slice(0, 8)}`;
const SECRET_PRESCRIPTION = `Rx-confidential-${randomUUID().slice(0, 8)}`;
const SECRET_NOTES = `Notes-confidential-${randomUUID().slice(0, 8)}`;

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
}

interface DaySlot {
  startsAt: string;
  endsAt: string;
  status: string;
  bookable: boolean;
  appointment?: { id: string; patient: { id: string; fullName: string; phone: string | null }; reason: string };
}
interface DayBody {
  date: string;
  doctors: {
    doctor: { id: string; fullName: string; specialization: { id: string; name: string } };
    slots: DaySlot[];
  }[];
}

describe('the front desk: receptionists, the day grid and booking for patients', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: Session;
  let desk: Session;
  let doctor: FixtureDoctor;
  let patient: FixturePatient;
  let completedId: string;
  let tomorrow: string;

  const as = (session: Session) => ({
    get: (path: string) => t.http.get(`/api/v1${path}`).set('Authorization', session.bearer),
    post: (path: string, body: object = {}, headers: Record<string, string> = {}) =>
      t.http.post(`/api/v1${path}`).set('Authorization', session.bearer).set(headers).send(body),
    patch: (path: string, body: object = {}) =>
      t.http.patch(`/api/v1${path}`).set('Authorization', session.bearer).send(body),
  });
  const mailTo = (
    address: string,
    count = 1,
    match: (m: ReceivedMail) => boolean = () => true,
  ): Promise<ReceivedMail> =>
    waitFor(
      () => {
        const mails = smtp.to(address).filter(match);
        return mails.length >= count ? mails[count - 1] : null;
      },
      20_000,
      `mail to ${address}`,
    );

  /** A receptionist signed in through an issued token (the invitation flow has its own test). */
  async function receptionist(): Promise<Session> {
    const id = randomUUID();
    const email = uniqueEmail('desk');
    await t.dataSource.query(
      `INSERT INTO users (id, email, password_hash, role, active) VALUES ($1, $2, 'x', 'receptionist', true)`,
      [id, email],
    );
    await t.dataSource.query(`INSERT INTO staff_members (user_id, full_name) VALUES ($1, 'Rita Desk')`, [id]);
    const tokens = await t.app.get(SessionIssuer).openSession({ sub: id, email, role: 'receptionist', pid: null });
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      userId: id,
      bearer: `Bearer ${tokens.accessToken}`,
    };
  }

  async function dayOf(session: Session, date: string, query = ''): Promise<DayBody> {
    const res = await as(session).get(`/desk/day?date=${date}${query}`);
    expect(res.status).toBe(200);
    return res.body as DayBody;
  }

  async function freeSlots(d: FixtureDoctor, date: string): Promise<DaySlot[]> {
    const day = await dayOf(desk, date, `&doctorId=${d.doctorId}`);
    return day.doctors[0].slots.filter((s) => s.status === 'free' && s.bookable);
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL, CLINIC_NAME: 'Test Clinic' });
    admin = await loginAdmin(t.http);
    desk = await receptionist();
    tomorrow = clinicDate(t, 1);
    doctor = await createDoctor(t, { fullName: 'Dr. Grid' });
    await publishWindow(t, doctor, { date: tomorrow, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
    patient = await createPatient(t, { fullName: 'Clinical Fixture' });
    await t.dataSource.query(`UPDATE patients SET phone = '+1 555 0199', date_of_birth = '1970-05-06' WHERE id = $1`, [
      patient.patientId,
    ]);
    // A completed visit with a treatment: the clinical text the desk must never see.
    completedId = randomUUID();
    const past = new Date(Date.now() - 2 * 24 * 60 * MINUTE);
    await t.dataSource.query(
      `INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status, completed_at, reason)
       VALUES ($1, $2, $3, $4, $5, 'completed', $5, 'Check-up')`,
      [completedId, doctor.doctorId, patient.patientId, past, new Date(past.getTime() + 30 * MINUTE)],
    );
    await t.dataSource.query(
      `INSERT INTO treatments (appointment_id, diagnosis, prescription, notes) VALUES ($1, $2, $3, $4)`,
      [completedId, SECRET_DIAGNOSIS, SECRET_PRESCRIPTION, SECRET_NOTES],
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  describe('staff invitations', () => {
    it('invites a receptionist who sets a password, signs in and reaches the desk only', async () => {
      const email = uniqueEmail('reception');
      const res = await as(admin).post('/admin/staff', { email, fullName: 'Rosa Reception', role: 'receptionist' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email, fullName: 'Rosa Reception', role: 'receptionist', active: true });
      expect((await as(admin).post('/admin/staff', { email, fullName: 'Again', role: 'receptionist' })).status).toBe(
        409,
      );
      expect(
        (await as(admin).post('/admin/staff', { email: uniqueEmail('x'), fullName: 'X', role: 'admin' })).status,
      ).toBe(400);

      const mail = await mailTo(email);
      expect(mail.subject).toBe('You are invited to Test Clinic');
      expect(mail.text).toContain('Rosa Reception');
      const token = decodeURIComponent(
        new RegExp(`${PUBLIC_URL}/accept-invite\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text)![1],
      );
      const set = await t.http.post('/api/v1/auth/password/reset').send({ token, newPassword: 'front-desk-tulip-7' });
      expect(set.status).toBe(204);
      const rosa = await login(t.http, email, 'front-desk-tulip-7');
      const me = await as(rosa).get('/auth/me');
      expect(me.body.user.role).toBe('receptionist');
      expect((await as(rosa).get(`/desk/day?date=${tomorrow}`)).status).toBe(200);
      expect((await as(rosa).get('/admin/appointments')).status).toBe(403);
      expect((await as(rosa).get('/admin/staff')).status).toBe(403);

      const list = await as(admin).get('/admin/staff');
      expect(list.status).toBe(200);
      const row = (list.body as { id: string; email: string }[]).find((s) => s.email === email)!;
      expect(row).toBeDefined();

      // Deactivation ends the sessions at once.
      const off = await as(admin).patch(`/admin/staff/${row.id}`, { active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      await waitFor(
        async () => ((await as(rosa).get(`/desk/day?date=${tomorrow}`)).status === 401 ? true : null),
        10_000,
        'sessions cut',
      );
      const refused = await t.http.post('/api/v1/auth/login').send({ email, password: 'front-desk-tulip-7' });
      expect(refused.status).not.toBe(200);
      const on = await as(admin).patch(`/admin/staff/${row.id}`, { active: true });
      expect(on.body.active).toBe(true);
      expect((await as(admin).patch(`/admin/staff/${randomUUID()}`, { active: true })).status).toBe(404);
      expect((await as(admin).patch(`/admin/staff/${row.id}`, { active: 'no' })).status).toBe(400);
    });
  });

  describe('who may use the desk', () => {
    it('answers every desk route for receptionist and admin, 403 for doctor and patient', async () => {
      const routes: [string, string, object?][] = [
        ['get', `/desk/day?date=${tomorrow}`],
        ['get', '/desk/patients?search=Clinical'],
        ['get', `/desk/patients/${patient.patientId}`],
        ['post', '/desk/patients', { fullName: 'Nobody Yet', dateOfBirth: '1990-01-01', phone: '555 0000' }],
        [
          'post',
          '/desk/appointments',
          { patientId: patient.patientId, doctorId: doctor.doctorId, startsAt: '2000-01-01T00:00:00Z' },
        ],
        ['post', `/desk/appointments/${completedId}/reschedule`, { startsAt: '2000-01-01T00:00:00Z' }],
        ['post', `/desk/appointments/${completedId}/cancel`, { reason: 'x' }],
        ['post', `/desk/appointments/${completedId}/check-in`],
      ];
      for (const [method, path, body] of routes) {
        for (const who of [doctor.session, patient.session]) {
          const res = method === 'get' ? await as(who).get(path) : await as(who).post(path, body);
          expect({ path, status: res.status }).toEqual({ path, status: 403 });
        }
        for (const who of [desk, admin]) {
          const res = method === 'get' ? await as(who).get(path) : await as(who).post(path, body);
          // Allowed: a real answer (2xx) or a domain refusal of this fixture (409/422), never 401/403.
          expect({ path, ok: [200, 201, 409, 422].includes(res.status) }).toEqual({ path, ok: true });
        }
      }
      expect((await t.http.get(`/api/v1/desk/day`)).status).toBe(401);
    });
  });

  describe('no clinical text for the desk', () => {
    it('walks every GET route of the OpenAPI document as a receptionist and finds no clinical text', async () => {
      const doc = (await t.http.get('/api/docs/openapi.json')).body as OpenApiDocument;
      const reached: string[] = [];
      const fill = (path: string) =>
        path
          .replace(/^\/api\/v1/, '')
          .replace('/desk/patients/{id}', `/desk/patients/${patient.patientId}`)
          .replace(/\{[^}]+\}/g, completedId);
      const queryFor = (path: string) =>
        path.endsWith('/desk/day')
          ? `?date=${clinicDate(t, -2)}`
          : path.endsWith('/desk/patients')
            ? '?search=Clinical'
            : '';
      for (const [path, methods] of Object.entries(doc.paths)) {
        if (!methods.get || !path.startsWith('/api/v1')) continue;
        const res = await as(desk).get(`${fill(path)}${queryFor(path)}`);
        if (res.status === 401 || res.status === 403) continue;
        reached.push(path);
        const text = JSON.stringify(res.body) + (res.text ?? '');
        expect({ path, clinicalKey: CLINICAL_KEYS.test(text) }).toEqual({ path, clinicalKey: false });
        for (const secret of [SECRET_DIAGNOSIS, SECRET_PRESCRIPTION, SECRET_NOTES]) {
          expect({ path, leaks: text.includes(secret) }).toEqual({ path, leaks: false });
        }
      }
      // The walk did reach the desk's reads, including the patient with the treated visit.
      expect(reached).toEqual(
        expect.arrayContaining(['/api/v1/desk/day', '/api/v1/desk/patients', '/api/v1/desk/patients/{id}']),
      );
      expect(reached.filter((p) => p.startsWith('/api/v1/admin') || p.startsWith('/api/v1/doctor'))).toEqual([]);
      const details = await as(desk).get(`/desk/patients/${patient.patientId}`);
      expect(details.body.appointments.map((a: { id: string }) => a.id)).toContain(completedId);
      // The FHIR face refuses the desk too.
      const fhir = await t.http.get(`/fhir/Appointment/${completedId}`).set('Authorization', desk.bearer);
      expect(JSON.stringify(fhir.body)).not.toContain(SECRET_DIAGNOSIS);
    });

    it('answers the desk’s writes without clinical text', async () => {
      const p = await createPatient(t);
      const [slot] = await freeSlots(doctor, tomorrow);
      const booked = await as(desk).post('/desk/appointments', {
        patientId: p.patientId,
        doctorId: doctor.doctorId,
        startsAt: slot.startsAt,
      });
      expect(booked.status).toBe(201);
      const [other] = await freeSlots(doctor, tomorrow);
      const answers = [
        booked,
        await as(desk).post(`/desk/appointments/${booked.body.id}/reschedule`, { startsAt: other.startsAt }),
        await as(desk).post(`/desk/appointments/${booked.body.id}/cancel`, { reason: 'Asked by phone' }),
        await as(desk).post('/desk/patients', { fullName: 'Walk In', dateOfBirth: '1991-02-03', phone: '555 1234' }),
      ];
      for (const res of answers) {
        expect(res.status).toBeLessThan(300);
        expect(CLINICAL_KEYS.test(JSON.stringify(res.body))).toBe(false);
      }
    });
  });

  describe('the day grid', () => {
    it('shows one column per doctor with free, booked, held and checked-in slots from the slot rules', async () => {
      const dept = doctor.specializationId;
      const colleague = await createDoctor(t, { specializationId: dept, fullName: 'Dr. Colleague' });
      await publishWindow(t, colleague, { date: tomorrow, startTime: '10:00', endTime: '11:00', slotMinutes: 20 });
      const elsewhere = await createDoctor(t, { fullName: 'Dr. Elsewhere' });
      await publishWindow(t, elsewhere, { date: tomorrow, startTime: '10:00', endTime: '11:00' });

      const day = await dayOf(desk, tomorrow, `&specializationId=${dept}`);
      expect(day.date).toBe(tomorrow);
      const names = day.doctors.map((d) => d.doctor.fullName);
      expect(names).toEqual(expect.arrayContaining(['Dr. Grid', 'Dr. Colleague']));
      expect(names).not.toContain('Dr. Elsewhere');
      const column = day.doctors.find((d) => d.doctor.id === colleague.doctorId)!;
      expect(column.slots).toHaveLength(3);
      expect(column.slots.every((s) => s.status === 'free' && s.bookable)).toBe(true);

      // The same slots as the patient's availability (one rule).
      const availability = await t.http
        .get(`/api/v1/patient/doctors/${colleague.doctorId}/availability?from=${tomorrow}&to=${tomorrow}`)
        .set('Authorization', patient.session.bearer);
      expect(availability.body.map((s: { startsAt: string }) => s.startsAt)).toEqual(
        column.slots.map((s) => s.startsAt),
      );

      // Book one for a patient who phones: it shows with the patient's name, phone and reason.
      const caller = await createPatient(t, { fullName: 'Phone Caller' });
      await t.dataSource.query(`UPDATE patients SET phone = '555 7777' WHERE id = $1`, [caller.patientId]);
      const booked = await as(desk).post('/desk/appointments', {
        patientId: caller.patientId,
        doctorId: colleague.doctorId,
        startsAt: column.slots[1].startsAt,
        reason: 'Back pain',
      });
      expect(booked.status).toBe(201);
      // A slot held by a waitlist offer shows as held, and is not bookable.
      const entryId = randomUUID();
      await t.dataSource.query(
        `INSERT INTO waitlist_entries (id, patient_id, doctor_id, from_date, to_date, status)
         VALUES ($1, $2, $3, $4, $4, 'offered')`,
        [entryId, patient.patientId, colleague.doctorId, tomorrow],
      );
      await t.dataSource.query(
        `INSERT INTO waitlist_offers (entry_id, patient_id, doctor_id, starts_at, ends_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + interval '30 minutes')`,
        [entryId, patient.patientId, colleague.doctorId, column.slots[2].startsAt, column.slots[2].endsAt],
      );
      const after = (await dayOf(desk, tomorrow, `&doctorId=${colleague.doctorId}`)).doctors[0];
      expect(after.slots[1]).toMatchObject({
        status: 'booked',
        bookable: false,
        appointment: {
          id: booked.body.id,
          patient: { fullName: 'Phone Caller', phone: '555 7777' },
          reason: 'Back pain',
        },
      });
      expect(after.slots[0]).toMatchObject({ status: 'free', bookable: true });
      expect(after.slots[2]).toMatchObject({ status: 'held', bookable: false });
      expect(after.slots[2].appointment).toBeUndefined();

      const bad = await as(desk).get('/desk/day?date=2026-02-30');
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
      expect((await as(desk).get('/desk/day?specializationId=nope')).status).toBe(400);
      const today = await as(desk).get('/desk/day');
      expect(today.body.date).toBe(clinicDate(t, 0));
    });
  });

  describe('patients who phone or walk in', () => {
    it('finds patients by name, phone, email or date of birth', async () => {
      const byName = await as(desk).get('/desk/patients?search=clinical fix');
      expect(byName.body.map((p: { id: string }) => p.id)).toContain(patient.patientId);
      const byPhone = await as(desk).get('/desk/patients?search=0199');
      expect(byPhone.body.map((p: { id: string }) => p.id)).toContain(patient.patientId);
      const byEmail = await as(desk).get(`/desk/patients?search=${encodeURIComponent(patient.email)}`);
      expect(byEmail.body.map((p: { id: string }) => p.id)).toEqual([patient.patientId]);
      for (const dob of ['1970-05-06', '06.05.1970', '6/5/1970']) {
        const res = await as(desk).get(`/desk/patients?search=${encodeURIComponent(dob)}`);
        expect(res.body.map((p: { id: string }) => p.id)).toContain(patient.patientId);
      }
      expect(byName.body[0]).toEqual(
        expect.objectContaining({ id: expect.any(String), fullName: expect.any(String), phone: expect.anything() }),
      );
      expect((await as(desk).get('/desk/patients?search=a')).status).toBe(400);
      expect((await as(desk).get(`/desk/patients/${randomUUID()}`)).status).toBe(404);
    });

    it('registers a walk-in with an email (invited) and one without (no sign-in), and books for them', async () => {
      const email = uniqueEmail('walkin');
      const res = await as(desk).post('/desk/patients', {
        fullName: 'Wanda Walkin',
        dateOfBirth: '1985-03-04',
        phone: '+1 555 0123',
        email,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        fullName: 'Wanda Walkin',
        email,
        dateOfBirth: '1985-03-04',
        phone: '+1 555 0123',
      });
      const invite = await mailTo(email);
      expect(invite.subject).toBe('You are invited to Test Clinic');
      expect(invite.text).toContain('Wanda Walkin');
      expect(invite.text).toContain(`${PUBLIC_URL}/accept-invite?token=`);
      const dup = await as(desk).post('/desk/patients', {
        fullName: 'Again',
        dateOfBirth: '1985-03-04',
        phone: '555',
        email,
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('email_taken');
      const future = await as(desk).post('/desk/patients', {
        fullName: 'Not Born',
        dateOfBirth: '2999-01-01',
        phone: '555 1',
      });
      expect(future.status).toBe(422);
      expect((await as(desk).post('/desk/patients', { fullName: '', dateOfBirth: 'x', phone: '' })).status).toBe(400);

      const noEmail = await as(desk).post('/desk/patients', {
        fullName: 'Nora Nomail',
        dateOfBirth: '1950-12-24',
        phone: '555 4242',
      });
      expect(noEmail.status).toBe(201);
      expect(noEmail.body.email).toBeNull();
      const found = await as(desk).get('/desk/patients?search=Nomail');
      expect(found.body).toEqual([expect.objectContaining({ id: noEmail.body.id, email: null })]);
      const [slot] = await freeSlots(doctor, tomorrow);
      const booked = await as(desk).post('/desk/appointments', {
        patientId: noEmail.body.id,
        doctorId: doctor.doctorId,
        startsAt: slot.startsAt,
      });
      expect(booked.status).toBe(201);
      expect(booked.body).toMatchObject({
        status: 'booked',
        patient: { id: noEmail.body.id, fullName: 'Nora Nomail' },
      });
      // Audited with the receptionist as actor.
      const audit: { action: string; actor_user_id: string; actor_role: string }[] = await t.dataSource.query(
        `SELECT action, actor_user_id, actor_role FROM audit_events WHERE patient_id = $1 ORDER BY at`,
        [noEmail.body.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['desk.patient.registered', 'desk.appointment.booked']);
      expect(audit.every((a) => a.actor_user_id === desk.userId && a.actor_role === 'receptionist')).toBe(true);
    });
  });

  describe('booking, moving, cancelling and checking in for patients', () => {
    it('books through the booking service: the patient’s email says the desk booked it, a retry replays', async () => {
      const p = await createPatient(t, { fullName: 'Mail Reader' });
      const [slot, next] = await freeSlots(doctor, tomorrow);
      const body = { patientId: p.patientId, doctorId: doctor.doctorId, startsAt: slot.startsAt, reason: 'Rash' };
      const key = `desk-${randomUUID()}`;
      const first = await as(desk).post('/desk/appointments', body, { 'Idempotency-Key': key });
      expect(first.status).toBe(201);
      const again = await as(desk).post('/desk/appointments', body, { 'Idempotency-Key': key });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const booked = await mailTo(p.email, 1, (m) => /is booked/.test(m.subject));
      expect(booked.text).toContain('front desk booked this appointment for you');

      // The same rules: a taken slot, a time outside the plan, an unknown patient.
      const taken = await as(desk).post('/desk/appointments', { ...body, patientId: patient.patientId });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('slot_taken');
      const outside = await as(desk).post('/desk/appointments', { ...body, startsAt: `${tomorrow}T23:50:00Z` });
      expect(outside.status).toBe(422);
      expect((await as(desk).post('/desk/appointments', { ...body, patientId: randomUUID() })).status).toBe(404);

      // Move, then cancel with a reason: the patient is told the desk did it.
      const moved = await as(desk).post(`/desk/appointments/${first.body.id}/reschedule`, { startsAt: next.startsAt });
      expect(moved.status).toBe(200);
      expect(moved.body.startsAt).toBe(next.startsAt);
      const movedMail = await mailTo(p.email, 1, (m) => /has moved/.test(m.subject));
      expect(movedMail.text).toContain('front desk moved this appointment');
      const cancelled = await as(desk).post(`/desk/appointments/${first.body.id}/cancel`, {
        reason: 'Doctor asked to rebook',
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: 'desk',
        cancelReason: 'Doctor asked to rebook',
      });
      const cancelMail = await mailTo(p.email, 1, (m) => /is cancelled/.test(m.subject));
      expect(cancelMail.text).toContain('Cancelled by: the clinic’s front desk');
      expect(cancelMail.text).toContain('Doctor asked to rebook');
      expect((await as(desk).post(`/desk/appointments/${first.body.id}/cancel`, { reason: 'again' })).status).toBe(409);
      expect((await as(desk).post(`/desk/appointments/${first.body.id}/cancel`, {})).status).toBe(400);
    });

    it('lets exactly one of a desk booking and a patient booking racing for one slot win', async () => {
      for (let round = 0; round < 3; round += 1) {
        const [slot] = await freeSlots(doctor, tomorrow);
        const walkIn = await createPatient(t);
        const online = await createPatient(t);
        const results = await Promise.all([
          as(desk).post('/desk/appointments', {
            patientId: walkIn.patientId,
            doctorId: doctor.doctorId,
            startsAt: slot.startsAt,
          }),
          t.http
            .post('/api/v1/patient/appointments')
            .set('Authorization', online.session.bearer)
            .send({ doctorId: doctor.doctorId, startsAt: slot.startsAt }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        expect(results.find((r) => r.status === 409)!.body.code).toBe('slot_taken');
        const [{ count }] = await t.dataSource.query(
          `SELECT count(*)::int AS count FROM appointments WHERE doctor_id = $1 AND starts_at = $2 AND status = 'booked'`,
          [doctor.doctorId, slot.startsAt],
        );
        expect(count).toBe(1);
      }
    });

    it('checks a patient in on the visit day and shows it on the grid', async () => {
      const p = await createPatient(t, { fullName: 'Arrived Today' });
      const tz = t.config.clinicTimezone;
      const startsAt = new Date(Math.max(startOfClinicDay(clinicToday(tz), tz).getTime(), Date.now() - 60 * MINUTE));
      const id = randomUUID();
      await t.dataSource.query(
        `INSERT INTO appointments (id, doctor_id, patient_id, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, $5, 'booked')`,
        [id, doctor.doctorId, p.patientId, startsAt, new Date(startsAt.getTime() + 30 * MINUTE)],
      );
      const res = await as(desk).post(`/desk/appointments/${id}/check-in`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, status: 'checked_in', checkedInAt: expect.any(String) });
      expect((await as(desk).post(`/desk/appointments/${id}/check-in`)).status).toBe(409);
      const day = await dayOf(desk, clinicDate(t, 0), `&doctorId=${doctor.doctorId}`);
      expect(day.doctors[0].slots).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ status: 'checked_in', appointment: expect.objectContaining({ id }) }),
        ]),
      );
      const [audit] = await t.dataSource.query(
        `SELECT actor_user_id FROM audit_events WHERE action = 'desk.appointment.checked_in' AND resource_id = $1`,
        [id],
      );
      expect(audit.actor_user_id).toBe(desk.userId);
    });
  });
});
