import { loginAdmin, type Session } from '../support/auth';
import { book, clinicDate, createDoctor, createPatient, publishWindow } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Reschedule and a doctor's deactivation both lock the doctor and the
 * appointment; with one lock order (doctor first) they never deadlock.
 */
describe('one lock order: reschedule racing a doctor’s deactivation', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers only the expected exact codes, never a deadlock, over many rounds', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 15; round += 1) {
      const doctor = await createDoctor(t);
      const date = clinicDate(t, 2 + (round % 5));
      await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '12:00', slotMinutes: 30 });
      const patient = await createPatient(t);
      const appointment = await book(t, patient, doctor, `${date}T09:00:00Z`);
      const [moved, deactivated] = await Promise.all([
        t.http
          .post(`/api/v1/patient/appointments/${appointment.id}/reschedule`)
          .set('Authorization', patient.session.bearer)
          .send({ startsAt: `${date}T10:00:00Z` }),
        t.http
          .patch(`/api/v1/admin/doctors/${doctor.doctorId}`)
          .set('Authorization', admin.bearer)
          .send({ active: false }),
      ]);
      expect(deactivated.status).toBe(200);
      const outcome = moved.status === 200 ? '200' : `${moved.status} ${moved.body.code}`;
      expect(['200', '422 doctor_inactive', '409 appointment_not_booked']).toContain(outcome);
      outcomes.push(outcome);
      // Whichever came first, the visit ends cancelled by the withdrawal.
      const [row]: { status: string; cancelled_by: string }[] = await t.dataSource.query(
        'SELECT status, cancelled_by FROM appointments WHERE id = $1',
        [appointment.id],
      );
      expect(row).toEqual({ status: 'cancelled', cancelled_by: 'system' });
    }
    expect(outcomes).toHaveLength(15);
  });
});
