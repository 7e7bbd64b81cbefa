import { book, clinicDate, createDoctor, createPatient, publishWindow } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe("a patient's own overlapping booking", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 409 patient_overlap, not slot_taken, when the patient books the slot they already hold', async () => {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, 2);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '11:00', slotMinutes: 30 });
    const patient = await createPatient(t);
    await book(t, patient, doctor, `${date}T09:30:00.000Z`, 'First');
    const again = await t.http
      .post('/api/v1/patient/appointments')
      .set('Authorization', patient.session.bearer)
      .send({ doctorId: doctor.doctorId, startsAt: `${date}T09:30:00.000Z`, reason: 'Second' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'patient_overlap' });
  });

  it('answers 409 slot_taken when another patient holds the slot', async () => {
    const doctor = await createDoctor(t);
    const date = clinicDate(t, 2);
    await publishWindow(t, doctor, { date, startTime: '09:00', endTime: '11:00', slotMinutes: 30 });
    await book(t, await createPatient(t), doctor, `${date}T10:00:00.000Z`);
    const res = await t.http
      .post('/api/v1/patient/appointments')
      .set('Authorization', (await createPatient(t)).session.bearer)
      .send({ doctorId: doctor.doctorId, startsAt: `${date}T10:00:00.000Z` });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'slot_taken' });
  });
});
