import { SlotsService } from '../../apps/api/src/scheduling/slots.service';
import { isoWeekday } from '../../apps/api/src/common/time/clinic-time';
import { book, clinicDate, createDoctor, createPatient, type FixtureDoctor } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

interface SlotBody {
  startsAt: string;
  endsAt: string;
  available: boolean;
}

describe('weekly templates, date windows and time off', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (doctor: FixtureDoctor) => ({
    put: (path: string, body: unknown) =>
      t.http
        .put(`/api/v1/doctor${path}`)
        .set('Authorization', doctor.session.bearer)
        .send(body as object),
    post: (path: string, body: unknown) =>
      t.http
        .post(`/api/v1/doctor${path}`)
        .set('Authorization', doctor.session.bearer)
        .send(body as object),
    get: (path: string) => t.http.get(`/api/v1/doctor${path}`).set('Authorization', doctor.session.bearer),
    del: (path: string) => t.http.delete(`/api/v1/doctor${path}`).set('Authorization', doctor.session.bearer),
  });

  async function slotsOn(doctor: FixtureDoctor, date: string): Promise<SlotBody[]> {
    const patient = await createPatient(t);
    const res = await t.http
      .get(`/api/v1/patient/doctors/${doctor.doctorId}/availability?from=${date}&to=${date}`)
      .set('Authorization', patient.session.bearer);
    expect(res.status).toBe(200);
    return res.body as SlotBody[];
  }
  const times = (slots: SlotBody[]) => slots.map((s) => s.startsAt.slice(11, 16));

  it('offers template slots plus date windows, minus time off and bookings, with buffers between slots', async () => {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, 2);
    const weekday = isoWeekday(date);
    const put = await as(doctor).put('/schedule', {
      weekly: [{ weekday, startTime: '09:00', endTime: '11:00' }],
      slotMinutes: 30,
      bufferMinutes: 10,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ slotMinutes: 30, bufferMinutes: 10, minNoticeMinutes: 0, bookingHorizonDays: 7 });
    expect(put.body.weekly).toEqual([{ weekday, startTime: '09:00', endTime: '11:00' }]);
    expect(times(await slotsOn(doctor, date))).toEqual(['09:00', '09:40', '10:20']);

    // A date window adds to the template (the buffer applies there too).
    expect((await as(doctor).post('/availability', { date, startTime: '14:00', endTime: '15:10' })).status).toBe(422);
    expect(
      (await as(doctor).post('/availability', { date, startTime: '14:00', endTime: '15:00', slotMinutes: 20 })).status,
    ).toBe(201);
    expect(times(await slotsOn(doctor, date))).toEqual(['09:00', '09:40', '10:20', '14:00', '14:30']);

    // Time off removes every slot it touches.
    const off = await as(doctor).post('/time-off', { date, startTime: '09:30', endTime: '10:00', reason: 'Meeting' });
    expect(off.status).toBe(201);
    expect(off.body).toMatchObject({ date, startTime: '09:30', endTime: '10:00', wholeDay: false, reason: 'Meeting' });
    expect(times(await slotsOn(doctor, date))).toEqual(['09:00', '10:20', '14:00', '14:30']);

    // What is booked shows as taken; the booking check speaks the same rule.
    const patient = await createPatient(t);
    await book(t, patient, doctor, `${date}T10:20:00.000Z`);
    const slots = await slotsOn(doctor, date);
    expect(slots.find((s) => s.startsAt.includes('T10:20'))?.available).toBe(false);
    expect(slots.filter((s) => s.available)).toHaveLength(3);
    const bookAt = (time: string) =>
      t.http
        .post('/api/v1/patient/appointments')
        .set('Authorization', patient.session.bearer)
        .send({ doctorId: doctor.doctorId, startsAt: `${date}T${time}:00.000Z` });
    const inTimeOff = await bookAt('09:40');
    expect(inTimeOff.status).toBe(422);
    expect(inTimeOff.body).toMatchObject({ code: 'doctor_time_off' });
    expect((await bookAt('09:10')).body).toMatchObject({ code: 'not_slot_start' });
    expect((await bookAt('12:00')).body).toMatchObject({ code: 'outside_availability' });
    expect((await bookAt('14:30')).status).toBe(201);

    // Removing the time off gives the slot back.
    expect((await as(doctor).del(`/time-off/${off.body.id}`)).status).toBe(204);
    expect(times(await slotsOn(doctor, date))).toContain('09:40');
  });

  it('never offers a slot within the minimum notice and refuses to book one with 422', async () => {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, 1);
    await as(doctor).put('/schedule', {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '08:00', endTime: '20:00' })),
      slotMinutes: 60,
      minNoticeMinutes: 3 * 24 * 60,
    });
    expect(await slotsOn(doctor, date)).toEqual([]);
    expect((await slotsOn(doctor, clinicDate(t, 4))).length).toBeGreaterThan(0);
    const patient = await createPatient(t);
    const res = await t.http
      .post('/api/v1/patient/appointments')
      .set('Authorization', patient.session.bearer)
      .send({ doctorId: doctor.doctorId, startsAt: `${date}T10:00:00.000Z` });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'short_notice' });
  });

  it('offers template slots only within the booking horizon, while time off may be set a year ahead', async () => {
    const doctor = await createDoctor(t);
    await as(doctor).put('/schedule', {
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '09:00', endTime: '10:00' })),
      slotMinutes: 60,
    });
    expect(await slotsOn(doctor, clinicDate(t, 7))).toHaveLength(1);
    expect(await slotsOn(doctor, clinicDate(t, 8))).toEqual([]);
    const late = clinicDate(t, 40);
    expect((await as(doctor).post('/time-off', { date: late })).status).toBe(201);
    const window = await as(doctor).post('/availability', { date: late, startTime: '09:00', endTime: '10:00' });
    expect(window.status).toBe(422);
    expect(window.body.detail).toMatch(/weekly schedule/);
    const tooLate = await as(doctor).post('/time-off', { date: clinicDate(t, 400) });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body).toMatchObject({ code: 'date_outside_planning' });
    const list = await as(doctor).get(`/time-off?from=${clinicDate(t, 0)}&to=${clinicDate(t, 60)}`);
    expect(list.body).toEqual([expect.objectContaining({ date: late, wholeDay: true })]);
  });

  it('keeps existing bookings when the template changes', async () => {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, 3);
    await as(doctor).put('/schedule', {
      weekly: [{ weekday: isoWeekday(date), startTime: '09:00', endTime: '10:00' }],
      slotMinutes: 30,
    });
    const patient = await createPatient(t);
    const booked = await book(t, patient, doctor, `${date}T09:00:00.000Z`);
    const changed = await as(doctor).put('/schedule', { weekly: [], slotMinutes: 15 });
    expect(changed.status).toBe(200);
    expect(await slotsOn(doctor, date)).toEqual([]);
    const mine = await t.http
      .get(`/api/v1/patient/appointments/${booked.id}`)
      .set('Authorization', patient.session.bearer);
    expect(mine.body).toMatchObject({ status: 'booked', startsAt: `${date}T09:00:00.000Z` });
  });

  it('refuses an invalid template with 422 or 400 naming the problem', async () => {
    const doctor = await createDoctor(t);
    const overlap = await as(doctor).put('/schedule', {
      weekly: [
        { weekday: 1, startTime: '09:00', endTime: '12:00' },
        { weekday: 1, startTime: '11:00', endTime: '13:00' },
      ],
      slotMinutes: 30,
    });
    expect(overlap.status).toBe(422);
    expect(overlap.body).toMatchObject({ code: 'template_overlap' });
    const short = await as(doctor).put('/schedule', {
      weekly: [{ weekday: 2, startTime: '09:00', endTime: '09:20' }],
      slotMinutes: 30,
    });
    expect(short.body).toMatchObject({ code: 'window_shorter_than_slot' });
    const bad = await as(doctor).put('/schedule', { weekly: [{ weekday: 8, startTime: '9', endTime: '10:00' }] });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['slotMinutes']));
    expect((await as(doctor).get('/schedule')).body).toMatchObject({ weekly: [], slotMinutes: 30, updatedAt: null });
  });

  it('refuses time off over booked visits with 409 listing them, or cancels them when asked', async () => {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, 2);
    await as(doctor).put('/schedule', {
      weekly: [{ weekday: isoWeekday(date), startTime: '09:00', endTime: '12:00' }],
      slotMinutes: 60,
    });
    const patient = await createPatient(t);
    const visit = await book(t, patient, doctor, `${date}T10:00:00.000Z`);
    const refused = await as(doctor).post('/time-off', { date });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'time_off_has_bookings' });
    expect(refused.body.appointments).toEqual([expect.objectContaining({ id: visit.id, status: 'booked' })]);
    expect((await as(doctor).get(`/time-off?from=${date}&to=${date}`)).body).toEqual([]);

    const done = await as(doctor).post('/time-off', { date, reason: 'Conference', cancelBooked: true });
    expect(done.status).toBe(201);
    expect(done.body.cancelledAppointments).toEqual([
      expect.objectContaining({ id: visit.id, status: 'cancelled', cancelledBy: 'doctor', cancelReason: 'Conference' }),
    ]);
    expect(await slotsOn(doctor, date)).toEqual([]);
    const overlapping = await as(doctor).post('/time-off', { date, startTime: '09:00', endTime: '10:00' });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body).toMatchObject({ code: 'time_off_overlap' });
    const outbox: { n: string }[] = await t.dataSource.query(
      `SELECT count(*) AS n FROM outbox_messages WHERE aggregate_id = $1 AND kind = 'appointment.cancelled'`,
      [visit.id],
    );
    expect(Number(outbox[0].n)).toBe(1);
  });
});

/** A template with a night window across the change hour and a morning window, every Sunday. */
const DST_TEMPLATE = {
  weekly: [
    { weekday: 7, startTime: '01:00', endTime: '04:00' },
    { weekday: 7, startTime: '09:00', endTime: '12:00' },
  ],
  slotMinutes: 60,
};

describe.each([
  {
    zone: 'Europe/Berlin',
    spring: '2027-03-28',
    // 02:00 does not exist: skipped. 09:00 CEST is 07:00Z.
    springSlots: ['2027-03-28T00:00', '2027-03-28T01:00', '2027-03-28T07:00', '2027-03-28T08:00', '2027-03-28T09:00'],
    autumn: '2027-10-31',
    // 02:00 happens twice: offered once (the first, CEST). 09:00 CET is 08:00Z.
    autumnSlots: [
      '2027-10-30T23:00',
      '2027-10-31T00:00',
      '2027-10-31T02:00',
      '2027-10-31T08:00',
      '2027-10-31T09:00',
      '2027-10-31T10:00',
    ],
  },
  {
    zone: 'America/New_York',
    spring: '2027-03-14',
    springSlots: ['2027-03-14T06:00', '2027-03-14T07:00', '2027-03-14T13:00', '2027-03-14T14:00', '2027-03-14T15:00'],
    autumn: '2027-11-07',
    // 01:00 happens twice: offered once (the first, EDT = 05:00Z).
    autumnSlots: [
      '2027-11-07T05:00',
      '2027-11-07T07:00',
      '2027-11-07T08:00',
      '2027-11-07T14:00',
      '2027-11-07T15:00',
      '2027-11-07T16:00',
    ],
  },
])('wall-clock slots on the daylight-saving days of $zone', ({ zone, spring, springSlots, autumn, autumnSlots }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLINIC_TIMEZONE: zone });
  });
  afterAll(async () => {
    await t.close();
  });

  it('skips the hour that does not exist and offers the repeated hour once', async () => {
    const doctor = await createDoctor(t);
    const put = await t.http
      .put('/api/v1/doctor/schedule')
      .set('Authorization', doctor.session.bearer)
      .send(DST_TEMPLATE);
    expect(put.status).toBe(200);
    const slots = t.app.get(SlotsService);
    const starts = async (date: string) =>
      (await slots.plannedSlots(doctor.doctorId, date, date)).map((s) => s.startsAt.toISOString().slice(0, 16));
    expect(await starts(spring)).toEqual(springSlots);
    expect(await starts(autumn)).toEqual(autumnSlots);
    // Every slot lasts its real 60 minutes and none overlap.
    const all = await slots.plannedSlots(doctor.doctorId, autumn, autumn);
    for (let i = 0; i < all.length; i += 1) {
      expect(all[i].endsAt.getTime() - all[i].startsAt.getTime()).toBe(3_600_000);
      if (i > 0) expect(all[i].startsAt.getTime()).toBeGreaterThanOrEqual(all[i - 1].endsAt.getTime());
    }
  });
});
