import { addDays, clinicDatesRange, clinicToday } from '../../apps/api/src/common/time/clinic-time';
import { candidateSlots, markSlots } from '../../apps/api/src/scheduling/slots';
import { SlotsService } from '../../apps/api/src/scheduling/slots.service';
import { createDoctor, createPatient } from '../support/job-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const ZONE = 'America/New_York';
const HORIZON = 30;

/**
 * The availability answer read by one statement against the same rule
 * evaluated from the per-part reads (template, date windows, time off, and
 * booked appointments and offers filtered by start and end), on a clinic
 * with templates, date windows, time off, buffers, notice and DST days.
 */
describe('availability in one statement', () => {
  let t: TestApp;
  let slots: SlotsService;

  beforeAll(async () => {
    t = await startTestApp({ CLINIC_TIMEZONE: ZONE, BOOKING_HORIZON_DAYS: String(HORIZON) });
    slots = t.app.get(SlotsService);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function perPart(doctorId: string, from: string, to: string, now: Date) {
    const today = clinicToday(ZONE, now);
    const first = from < today ? today : from;
    const lastBookable = addDays(today, HORIZON);
    const last = to > lastBookable ? lastBookable : to;
    if (last < first) return [];
    const bounds = clinicDatesRange(first, last, ZONE);
    const { plan, minNoticeMinutes } = await slots.plan(doctorId, first, last);
    const rows: { starts_at: Date; ends_at: Date }[] = await t.dataSource.query(
      `SELECT starts_at, ends_at FROM appointments
        WHERE doctor_id = $1 AND status IN ('booked', 'checked_in') AND starts_at < $3 AND ends_at > $2
       UNION ALL
       SELECT starts_at, ends_at FROM waitlist_offers
        WHERE doctor_id = $1 AND status = 'open' AND starts_at < $3 AND ends_at > $2`,
      [doctorId, bounds.start, bounds.end],
    );
    const occupied = rows.map((r) => ({ startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
    const earliest = new Date(now.getTime() + minNoticeMinutes * 60_000);
    return markSlots(candidateSlots(plan), occupied, earliest, { from: bounds.start, to: bounds.end }).map((s) => ({
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      available: s.available,
    }));
  }

  async function clinic(spring: boolean) {
    const doctor = await createDoctor(t);
    const patient = await createPatient(t);
    const weekly = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { weekday, startTime: '00:30', endTime: '04:00' },
      { weekday, startTime: '09:00', endTime: '12:00' },
    ]);
    await t.dataSource.query(
      `INSERT INTO doctor_schedules (doctor_id, weekly, slot_minutes, buffer_minutes, min_notice_minutes)
       VALUES ($1, $2::jsonb, 25, 5, 90)`,
      [doctor.id, JSON.stringify(weekly)],
    );
    const change = spring ? '2027-03-14' : '2027-11-07';
    // Date windows: one overlapping the template on the change date, one on its own the day after.
    await t.dataSource.query(
      `INSERT INTO availability_windows (doctor_id, date, start_time, end_time, slot_minutes, starts_at, ends_at)
       VALUES ($1, $2::date, '01:00', '03:30', 20, ($2::date + time '01:00') AT TIME ZONE $4,
               ($2::date + time '03:30') AT TIME ZONE $4),
              ($1, $3::date, '14:00', '16:00', 40, ($3::date + time '14:00') AT TIME ZONE $4,
               ($3::date + time '16:00') AT TIME ZONE $4)`,
      [doctor.id, change, addDays(change, 1), ZONE],
    );
    // Time off: part of one morning, the whole of another day.
    const partDay = addDays(change, 2);
    const wholeDay = addDays(change, 3);
    await t.dataSource.query(
      `INSERT INTO time_off (doctor_id, date, start_time, end_time, starts_at, ends_at)
       VALUES ($1, $2::date, '09:40', '10:10', ($2::date + time '09:40') AT TIME ZONE $4,
               ($2::date + time '10:10') AT TIME ZONE $4),
              ($1, $3::date, NULL, NULL, $3::date::timestamp AT TIME ZONE $4, ($3::date + 1)::timestamp AT TIME ZONE $4)`,
      [doctor.id, partDay, wholeDay, ZONE],
    );
    // Booked, checked-in, completed and cancelled visits, one long one over two slots.
    await t.dataSource.query(
      `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, completed_at, cancelled_at)
       VALUES ($1, $2, ($3::date + time '09:00') AT TIME ZONE $5, ($3::date + time '09:50') AT TIME ZONE $5, 'booked', NULL, NULL),
              ($1, $2, ($4::date + time '00:30') AT TIME ZONE $5, ($4::date + time '00:55') AT TIME ZONE $5, 'checked_in', NULL, NULL),
              ($1, $2, ($4::date + time '11:00') AT TIME ZONE $5, ($4::date + time '11:25') AT TIME ZONE $5, 'cancelled', NULL, now()),
              ($1, $2, ($3::date - 20 + time '09:00') AT TIME ZONE $5, ($3::date - 20 + time '09:25') AT TIME ZONE $5, 'completed', now(), NULL)`,
      [doctor.id, patient.id, change, addDays(change, 4), ZONE],
    );
    return { doctorId: doctor.id, change };
  }

  it.each([
    ['spring forward', true],
    ['fall back', false],
  ])('answers exactly what the per-part reads give around %s', async (_name, spring) => {
    const { doctorId, change } = await clinic(spring as boolean);
    // "now": a few days before the change, mid-morning, so notice and today's past slots matter.
    const now = new Date(`${addDays(change, -3)}T14:10:00Z`);
    for (const [from, to] of [
      [addDays(change, -3), addDays(change, 6)],
      [change, change],
      [addDays(change, -10), addDays(change, 1)],
      [addDays(change, 40), addDays(change, 45)],
    ]) {
      const expected = await perPart(doctorId, from, to, now);
      const actual = await slots.slotsOf(doctorId, from, to, now);
      expect(actual).toEqual(expected);
      // The body the route sends: the same bytes JSON.stringify gives.
      expect(await slots.slotsJson(doctorId, from, to, now)).toBe(JSON.stringify(expected));
      if (from === change && to === change) {
        // The date window adds what the template lacks on the change date; some slot is booked.
        expect(actual.length).toBeGreaterThan(5);
      }
    }
    const week = await slots.slotsOf(doctorId, addDays(change, -3), addDays(change, 6), now);
    expect(week.some((s) => !s.available)).toBe(true);
    expect(week.some((s) => s.available)).toBe(true);
  });

  it('answers 404 for an unknown or inactive doctor, before a bad range', async () => {
    const inactive = await createDoctor(t, { active: false });
    await expect(slots.slotsOf(inactive.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      slots.slotsOf('00000000-0000-4000-8000-000000000000', '2027-01-10', '2027-01-01'),
    ).rejects.toMatchObject({ status: 404 });
    const active = await createDoctor(t);
    await expect(slots.slotsOf(active.id, '2027-01-10', '2027-01-01')).rejects.toMatchObject({ status: 400 });
  });
});
