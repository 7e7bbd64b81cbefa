import { book, clinicDate, createDoctor, createPatient, publishWindow } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Booking as one statement: what it writes beside the appointment, and the
 * re-checks the appointment row's trigger makes under the doctor's and the
 * patient's locks (what a concurrent change can alter between the statement's
 * snapshot and its write).
 */
describe('booking statement', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function doctorWithWindow(days: number) {
    const doctor = await createDoctor(t, { fullName: 'Dr. Statement' });
    const date = clinicDate(t, days);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
    return { doctor, date };
  }

  /**
   * Inserts a booked appointment the way the booking statement does (its checks
   * asked for), in a transaction that is rolled back; answers the constraint
   * the trigger named, or 'inserted'.
   */
  async function insertAsStatement(
    row: { doctorId: string; patientId: string; startsAt: string; endsAt: string },
    before: (query: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>,
    cap = 5,
  ): Promise<string> {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `SELECT set_config('hms.booking_checks', 'on', true), set_config('hms.booking_cap', $1, true)`,
        [String(cap)],
      );
      await before((sql, params) => runner.query(sql, params));
      await runner.query(
        `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason)
         VALUES ($1, $2, $3, $4, 'booked', '')`,
        [row.doctorId, row.patientId, row.startsAt, row.endsAt],
      );
      return 'inserted';
    } catch (error) {
      const driver = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      return `${driver?.code ?? 'no code'} ${driver?.constraint ?? ''}`.trim();
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  it('writes the outbox message with the snapshot the notice renders, in the booking’s statement', async () => {
    const { doctor, date } = await doctorWithWindow(2);
    const patient = await createPatient(t, { fullName: 'Sam Snapshot' });
    const res = await t.http
      .post('/api/v1/patient/appointments')
      .set('Authorization', patient.session.bearer)
      .send({ doctorId: doctor.doctorId, startsAt: `${date}T10:30:00Z`, reason: 'Check-up' });
    expect(res.status).toBe(201);
    const rows: { dedupe_key: string; payload: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT dedupe_key, payload FROM outbox_messages WHERE aggregate_id = $1`,
      [res.body.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].dedupe_key).toBe(`appointment.booked:${res.body.id}:0`);
    expect(rows[0].payload).toEqual({
      snapshot: {
        id: res.body.id,
        status: 'booked',
        startsAt: `${date}T10:30:00.000Z`,
        endsAt: `${date}T11:00:00.000Z`,
        sequence: 0,
        reason: 'Check-up',
        cancelledBy: null,
        cancellationReason: null,
        patientName: 'Sam Snapshot',
        patientEmail: patient.email,
        doctorName: 'Dr. Statement',
        specialization: res.body.doctor.specialization,
      },
    });
    const stored: { created_at: Date }[] = await t.dataSource.query(
      'SELECT created_at FROM appointments WHERE id = $1',
      [res.body.id],
    );
    expect(new Date(stored[0].created_at).toISOString()).toBe(res.body.createdAt);
  });

  it('re-checks under its locks that the doctor still takes appointments', async () => {
    const { doctor, date } = await doctorWithWindow(3);
    const patient = await createPatient(t);
    const row = {
      doctorId: doctor.doctorId,
      patientId: patient.patientId,
      startsAt: `${date}T09:00:00Z`,
      endsAt: `${date}T09:30:00Z`,
    };
    expect(await insertAsStatement(row, async () => undefined)).toBe('inserted');
    const deactivated = await insertAsStatement(row, async (query) => {
      await query(`UPDATE users SET active = false WHERE id = (SELECT user_id FROM doctors WHERE id = $1)`, [
        doctor.doctorId,
      ]);
    });
    expect(deactivated).toBe('23514 CHK_booking_doctor_active');
  });

  it('re-checks time off and the patient’s account', async () => {
    const { doctor, date } = await doctorWithWindow(3);
    const patient = await createPatient(t);
    const row = {
      doctorId: doctor.doctorId,
      patientId: patient.patientId,
      startsAt: `${date}T10:00:00Z`,
      endsAt: `${date}T10:30:00Z`,
    };
    const away = await insertAsStatement(row, async (query) => {
      await query(`INSERT INTO time_off (doctor_id, date, starts_at, ends_at) VALUES ($1, $2, $3, $4)`, [
        doctor.doctorId,
        date,
        `${date}T09:45:00Z`,
        `${date}T10:15:00Z`,
      ]);
    });
    expect(away).toBe('23514 CHK_booking_time_off');
    const closed = await insertAsStatement(row, async (query) => {
      await query(`UPDATE users SET active = false WHERE id = (SELECT user_id FROM patients WHERE id = $1)`, [
        patient.patientId,
      ]);
    });
    expect(closed).toBe('23514 CHK_booking_patient_active');
  });

  it('re-checks the booking cap with the bookings committed before it', async () => {
    const { doctor, date } = await doctorWithWindow(4);
    const patient = await createPatient(t);
    await book(t, patient, doctor, `${date}T09:00:00Z`);
    const row = {
      doctorId: doctor.doctorId,
      patientId: patient.patientId,
      startsAt: `${date}T11:00:00Z`,
      endsAt: `${date}T11:30:00Z`,
    };
    expect(await insertAsStatement(row, async () => undefined, 2)).toBe('inserted');
    expect(await insertAsStatement(row, async () => undefined, 1)).toBe('23514 CHK_booking_cap');
  });

  it('leaves inserts without the statement’s checks to their callers (a reschedule, a waitlist booking)', async () => {
    const { doctor, date } = await doctorWithWindow(5);
    const patient = await createPatient(t);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`UPDATE users SET active = false WHERE id = (SELECT user_id FROM doctors WHERE id = $1)`, [
        doctor.doctorId,
      ]);
      const inserted: { id: string }[] = await runner.query(
        `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status, reason)
         VALUES ($1, $2, $3, $4, 'booked', '') RETURNING id`,
        [doctor.doctorId, patient.patientId, `${date}T09:00:00Z`, `${date}T09:30:00Z`],
      );
      expect(inserted).toHaveLength(1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
