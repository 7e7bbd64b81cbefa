import {
  createDoctor,
  createPatient,
  createSpecialization,
  insertAppointment,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe("a doctor's view of a patient's history", () => {
  let t: TestApp;
  let own: FixtureDoctor;
  let other: FixtureDoctor;
  let patient: FixturePatient;
  let ownVisit: string;
  let otherVisit: string;

  beforeAll(async () => {
    t = await startTestApp();
    const cardiology = await createSpecialization(t, `Cardiology ${Date.now()}`);
    const dermatology = await createSpecialization(t, `Dermatology ${Date.now()}`);
    own = await createDoctor(t, { specializationId: cardiology.id, fullName: 'Dr. Own Visit' });
    other = await createDoctor(t, { specializationId: dermatology.id, fullName: 'Dr. Other Visit' });
    patient = await createPatient(t, { fullName: 'Hana History' });
    ownVisit = await insertAppointment(t, {
      doctorId: own.doctorId,
      patientId: patient.patientId,
      startsAt: new Date(Date.now() - 48 * HOUR),
      status: 'completed',
    });
    otherVisit = await insertAppointment(t, {
      doctorId: other.doctorId,
      patientId: patient.patientId,
      startsAt: new Date(Date.now() - 24 * HOUR),
      status: 'completed',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const history = (doctor: FixtureDoctor) =>
    t.http.get(`/api/v1/doctor/patients/${patient.patientId}/history`).set('Authorization', doctor.session.bearer);

  it('names the treating doctor and department on each row, latest first, and no patient', async () => {
    const res = await history(own);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    const rows = res.body.items as Record<string, unknown>[];
    expect(rows.map((r) => r.id)).toEqual([otherVisit, ownVisit]);
    expect(rows[0]).toMatchObject({
      doctor: { id: other.doctorId, fullName: 'Dr. Other Visit' },
      department: { id: other.specializationId, name: expect.stringMatching(/^Dermatology/) },
      status: 'completed',
      treatment: { diagnosis: 'Seeded diagnosis' },
    });
    expect(rows[1]).toMatchObject({
      doctor: { id: own.doctorId, fullName: 'Dr. Own Visit' },
      department: { id: own.specializationId, name: expect.stringMatching(/^Cardiology/) },
    });
    for (const row of rows) expect(row).not.toHaveProperty('patient');
  });

  it("marks only the calling doctor's own visits editable", async () => {
    const mine = await history(own);
    expect(mine.body.items.map((r: { id: string; editable: boolean }) => [r.id, r.editable])).toEqual([
      [otherVisit, false],
      [ownVisit, true],
    ]);
    const theirs = await history(other);
    expect(theirs.body.items.map((r: { id: string; editable: boolean }) => [r.id, r.editable])).toEqual([
      [otherVisit, true],
      [ownVisit, false],
    ]);
  });

  it("still refuses to edit another doctor's treatment", async () => {
    const res = await t.http
      .put(`/api/v1/doctor/appointments/${otherVisit}/treatment`)
      .set('Authorization', own.session.bearer)
      .send({ diagnosis: 'Not mine' });
    expect(res.status).toBe(404);
  });

  it('pages the history', async () => {
    const res = await history(own).query({ page: 2, pageSize: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([ownVisit]);
  });
});
