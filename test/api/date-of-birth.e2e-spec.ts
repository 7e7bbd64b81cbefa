import { loginAdmin, uniqueEmail } from '../support/auth';
import { clinicDate, createPatient } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe('a date of birth in the future is refused on every path that writes one', () => {
  let t: TestApp;
  let tomorrow: string;
  let today: string;

  beforeAll(async () => {
    t = await startTestApp();
    tomorrow = clinicDate(t, 1);
    today = clinicDate(t, 0);
  });
  afterAll(async () => {
    await t.close();
  });

  const refused = (res: { status: number; body: Record<string, unknown> }) => {
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'date_of_birth_in_future' });
  };

  it('registration', async () => {
    const body = { email: uniqueEmail('dob'), password: 'long-enough-1', fullName: 'Future Born' };
    refused(await t.http.post('/api/v1/auth/register').send({ ...body, dateOfBirth: '2031-01-01' }));
    refused(await t.http.post('/api/v1/auth/register').send({ ...body, dateOfBirth: tomorrow }));
    const rows: unknown[] = await t.dataSource.query('SELECT 1 FROM users WHERE email = $1', [body.email]);
    expect(rows).toHaveLength(0);
    expect((await t.http.post('/api/v1/auth/register').send({ ...body, dateOfBirth: today })).status).toBe(201);
  });

  it("the patient's own profile", async () => {
    const p = await createPatient(t);
    const patch = (dateOfBirth: string) =>
      t.http.patch('/api/v1/patient/profile').set('Authorization', p.session.bearer).send({ dateOfBirth });
    refused(await patch(tomorrow));
    expect((await patch('1990-05-17')).status).toBe(200);
  });

  it("an admin's edit of a patient", async () => {
    const admin = await loginAdmin(t.http);
    const p = await createPatient(t);
    const patch = (dateOfBirth: string) =>
      t.http.patch(`/api/v1/admin/patients/${p.patientId}`).set('Authorization', admin.bearer).send({ dateOfBirth });
    refused(await patch('2031-06-30'));
    const [row] = (await t.dataSource.query('SELECT date_of_birth FROM patients WHERE id = $1', [p.patientId])) as {
      date_of_birth: string | null;
    }[];
    expect(row?.date_of_birth).toBeNull();
    expect((await patch('1990-05-17')).status).toBe(200);
  });
});
