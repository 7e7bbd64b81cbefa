import { PurgeService } from '../../apps/api/src/maintenance/purge.service';
import { PURGE_RULES } from '../../apps/api/src/maintenance/purge.rules';
import { parseCsv } from '../../apps/api/src/exports/csv';
import { loginAdmin, type Session } from '../support/auth';
import {
  createDoctor,
  createPatient,
  insertAppointment,
  type FixtureDoctor,
  type FixturePatient,
} from '../support/clinic-fixtures';
import { waitFor } from '../support/smtp';
import { startTestApp, type TestApp } from '../support/test-app';

const HOUR = 3600_000;

interface AuditRow {
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  patient_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  ip: string | null;
  request_id: string | null;
}

describe('privacy and audit', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (session: { bearer: string }, path: string) =>
    t.http.get(`/api/v1${path}`).set('Authorization', session.bearer);
  const put = (session: { bearer: string }, path: string, body: object) =>
    t.http.put(`/api/v1${path}`).set('Authorization', session.bearer).send(body);
  const post = (session: { bearer: string }, path: string, body: object = {}) =>
    t.http.post(`/api/v1${path}`).set('Authorization', session.bearer).send(body);

  const eventsOf = async (patientId: string, action?: string): Promise<AuditRow[]> =>
    t.dataSource.query(
      `SELECT actor_user_id, actor_role, action, patient_id, resource_type, resource_id, outcome, ip, request_id
         FROM audit_events WHERE (patient_id = $1 OR details->>'patientId' = $1::text) AND ($2::text IS NULL OR action = $2)
        ORDER BY at, id`,
      [patientId, action ?? null],
    );

  /** A doctor with a completed visit (done through the API, so the treatment has its first revision). */
  async function completedVisit(doctor?: FixtureDoctor, patient?: FixturePatient) {
    const d = doctor ?? (await createDoctor(t));
    const p = patient ?? (await createPatient(t));
    const id = await insertAppointment(t, {
      doctorId: d.doctorId,
      patientId: p.patientId,
      startsAt: new Date(Date.now() - 2 * HOUR),
    });
    const res = await post(d.session, `/doctor/appointments/${id}/complete`, {
      diagnosis: 'Version 1',
      prescription: 'Rx 1',
    });
    expect(res.status).toBe(200);
    return { doctor: d, patient: p, appointmentId: id };
  }

  describe('care relationship', () => {
    it('gives a doctor a patient only while a booked or completed appointment joins them', async () => {
      const doctor = await createDoctor(t);
      const other = await createDoctor(t);
      const cancelledOnly = await createPatient(t, { fullName: 'Cora Cancelled' });
      const booked = await createPatient(t, { fullName: 'Bea Booked' });
      const seen = await createPatient(t, { fullName: 'Sam Seen' });
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: cancelledOnly.patientId,
        startsAt: new Date(Date.now() + 24 * HOUR),
        status: 'cancelled',
      });
      const bookedId = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: booked.patientId,
        startsAt: new Date(Date.now() + 26 * HOUR),
      });
      await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: seen.patientId,
        startsAt: new Date(Date.now() - 48 * HOUR),
        status: 'completed',
      });
      // The seen patient's visit elsewhere (another department) is part of the history the doctor reads.
      await insertAppointment(t, {
        doctorId: other.doctorId,
        patientId: seen.patientId,
        startsAt: new Date(Date.now() - 72 * HOUR),
        status: 'completed',
      });

      const list = await get(doctor.session, '/doctor/patients');
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(2);
      expect(list.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(['Bea Booked', 'Sam Seen']);

      expect((await get(doctor.session, `/doctor/patients/${cancelledOnly.patientId}/history`)).status).toBe(404);
      expect((await get(doctor.session, `/doctor/patients/${booked.patientId}/history`)).status).toBe(200);
      const history = await get(doctor.session, `/doctor/patients/${seen.patientId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.total).toBe(2);
      expect((await get(doctor.session, '/doctor/dashboard')).body.patients).toBe(2);

      // Cancelling the only booked appointment ends the relationship.
      expect((await post(doctor.session, `/doctor/appointments/${bookedId}/cancel`)).status).toBe(200);
      expect((await get(doctor.session, `/doctor/patients/${booked.patientId}/history`)).status).toBe(404);
      const after = await get(doctor.session, '/doctor/patients');
      expect(after.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(['Sam Seen']);
    });
  });

  describe('audit events', () => {
    it('writes exactly one event per history read, with actor, patient, client address and request id', async () => {
      const { doctor, patient } = await completedVisit();
      const res = await get(doctor.session, `/doctor/patients/${patient.patientId}/history`).set(
        'X-Request-Id',
        'history-read-1',
      );
      expect(res.status).toBe(200);
      const events = await eventsOf(patient.patientId, 'patient.history.read');
      expect(events).toEqual([
        {
          actor_user_id: doctor.userId,
          actor_role: 'doctor',
          action: 'patient.history.read',
          patient_id: patient.patientId,
          resource_type: 'patient',
          resource_id: patient.patientId,
          outcome: 'success',
          ip: expect.stringMatching(/127\.0\.0\.1/),
          request_id: 'history-read-1',
        },
      ]);
    });

    it('records a refused history read as denied, and no success', async () => {
      const doctor = await createDoctor(t);
      const stranger = await createPatient(t);
      expect((await get(doctor.session, `/doctor/patients/${stranger.patientId}/history`)).status).toBe(404);
      const events = await eventsOf(stranger.patientId);
      expect(events.map((e) => [e.action, e.outcome, e.actor_user_id])).toEqual([
        ['patient.history.read', 'denied', doctor.userId],
      ]);
    });

    it('writes one event for completing a visit and one per treatment edit; a refused edit writes none', async () => {
      const { doctor, patient, appointmentId } = await completedVisit();
      expect((await eventsOf(patient.patientId, 'treatment.created')).map((e) => e.actor_user_id)).toEqual([
        doctor.userId,
      ]);
      expect(
        (await put(doctor.session, `/doctor/appointments/${appointmentId}/treatment`, { diagnosis: 'v2' })).status,
      ).toBe(200);
      const updated = await eventsOf(patient.patientId, 'treatment.updated');
      expect(updated).toHaveLength(1);
      expect(updated[0]).toMatchObject({
        actor_user_id: doctor.userId,
        resource_type: 'appointment',
        resource_id: appointmentId,
      });

      const booked = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() + 30 * HOUR),
      });
      expect((await put(doctor.session, `/doctor/appointments/${booked}/treatment`, { diagnosis: 'x' })).status).toBe(
        409,
      );
      expect(await eventsOf(patient.patientId, 'treatment.updated')).toHaveLength(1);
    });

    it('writes one event when an admin reads a patient’s details, and one per list row that carries a treatment', async () => {
      const { patient, appointmentId } = await completedVisit();
      await insertAppointment(t, {
        doctorId: (await createDoctor(t)).doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() + 40 * HOUR),
      });
      expect((await get(admin, `/admin/patients/${patient.patientId}`)).status).toBe(200);
      const details = await eventsOf(patient.patientId, 'patient.details.read');
      expect(details.map((e) => [e.actor_user_id, e.actor_role])).toEqual([[admin.userId, 'admin']]);

      const list = await get(admin, `/admin/appointments?patientId=${patient.patientId}`);
      expect(list.body.total).toBe(2);
      const reads = await eventsOf(patient.patientId, 'treatment.read');
      expect(reads.map((e) => [e.actor_user_id, e.resource_id])).toEqual([[admin.userId, appointmentId]]);
    });

    it('fails a read closed when its audit event cannot be written', async () => {
      const { doctor, patient } = await completedVisit();
      await t.dataSource.query('ALTER TABLE audit_events RENAME TO audit_events_away');
      try {
        const res = await get(doctor.session, `/doctor/patients/${patient.patientId}/history`);
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ code: 'audit_unavailable' });
        expect(res.body.items).toBeUndefined();
        const details = await get(admin, `/admin/patients/${patient.patientId}`);
        expect(details.status).toBe(503);
        expect(details.body.appointments).toBeUndefined();
      } finally {
        await t.dataSource.query('ALTER TABLE audit_events_away RENAME TO audit_events');
      }
    });
  });

  describe('the audit table is append-only', () => {
    it('refuses UPDATE, and DELETE of events younger than the retention; the purge removes only older ones', async () => {
      const { patient } = await completedVisit();
      const [{ id }] = (await t.dataSource.query(`SELECT id FROM audit_events WHERE patient_id = $1 LIMIT 1`, [
        patient.patientId,
      ])) as { id: string }[];
      await expect(t.dataSource.query(`UPDATE audit_events SET action = 'x' WHERE id = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(t.dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(
        /cannot be deleted/,
      );
      // A session that lowers the retention below a day is refused too.
      await expect(
        t.dataSource.transaction(async (em) => {
          await em.query(`SELECT set_config('hms.audit_retention_days', '0', true)`);
          await em.query(`DELETE FROM audit_events WHERE id = $1`, [id]);
        }),
      ).rejects.toThrow(/cannot be deleted/);

      const [{ id: old }] = (await t.dataSource.query(
        `INSERT INTO audit_events (at, action, outcome, patient_id) VALUES (now() - interval '2200 days', 'patient.details.read', 'success', $1)
         RETURNING id`,
        [patient.patientId],
      )) as { id: string }[];
      // The daily purge's audit rule deletes what is past retention, nothing younger.
      const deleted = await t.app.get(PurgeService).purge(
        new Date(),
        PURGE_RULES.filter((rule) => rule.table === 'audit_events'),
      );
      expect(deleted['audit-events']).toBeGreaterThanOrEqual(1);
      expect(await t.dataSource.query(`SELECT id FROM audit_events WHERE id = $1`, [old])).toEqual([]);
      expect(await t.dataSource.query(`SELECT id FROM audit_events WHERE id = $1`, [id])).toHaveLength(1);
    });
  });

  describe('treatment revisions', () => {
    it('keeps every version in order with its author; the treatment shows the latest version', async () => {
      const { doctor, appointmentId } = await completedVisit();
      const v2 = await put(doctor.session, `/doctor/appointments/${appointmentId}/treatment`, {
        diagnosis: 'Version 2',
        notes: 'n2',
      });
      expect(v2.body.treatment).toMatchObject({ diagnosis: 'Version 2', version: 2 });
      const v3 = await put(doctor.session, `/doctor/appointments/${appointmentId}/treatment`, {
        diagnosis: 'Version 3',
      });
      expect(v3.body.treatment).toMatchObject({ diagnosis: 'Version 3', version: 3 });

      const own = await get(doctor.session, `/doctor/appointments/${appointmentId}/treatment/revisions`);
      expect(own.status).toBe(200);
      expect(own.body.map((r: { version: number; diagnosis: string }) => [r.version, r.diagnosis])).toEqual([
        [1, 'Version 1'],
        [2, 'Version 2'],
        [3, 'Version 3'],
      ]);
      expect(own.body[0]).toMatchObject({
        prescription: 'Rx 1',
        notes: '',
        editedBy: { id: doctor.userId, fullName: doctor.fullName },
      });
      expect(own.body[1]).toMatchObject({ prescription: '', notes: 'n2' });
      expect(Date.parse(own.body[0].editedAt)).toBeLessThanOrEqual(Date.parse(own.body[2].editedAt));

      const adminView = await get(admin, `/admin/appointments/${appointmentId}/treatment/revisions`);
      expect(adminView.body).toEqual(own.body);
      const stranger = await createDoctor(t);
      expect((await get(stranger.session, `/doctor/appointments/${appointmentId}/treatment/revisions`)).status).toBe(
        404,
      );
    });

    it('keeps the first text of a treatment loaded without its revision when it is edited', async () => {
      const doctor = await createDoctor(t);
      const patient = await createPatient(t);
      const id = await insertAppointment(t, {
        doctorId: doctor.doctorId,
        patientId: patient.patientId,
        startsAt: new Date(Date.now() - 3 * HOUR),
        status: 'completed',
      });
      const path = `/doctor/appointments/${id}/treatment/revisions`;
      expect((await get(doctor.session, path)).body.map((r: { version: number }) => r.version)).toEqual([1]);
      expect((await put(doctor.session, `/doctor/appointments/${id}/treatment`, { diagnosis: 'Edited' })).status).toBe(
        200,
      );
      const revisions = (await get(doctor.session, path)).body as { version: number; diagnosis: string }[];
      expect(revisions.map((r) => [r.version, r.diagnosis])).toEqual([
        [1, 'Seeded diagnosis'],
        [2, 'Edited'],
      ]);
    });

    it('gives concurrent edits of one treatment consecutive versions without losing one', async () => {
      const { doctor, appointmentId } = await completedVisit();
      const edits = Array.from({ length: 8 }, (_, i) => `Concurrent ${i + 1}`);
      const answers = await Promise.all(
        edits.map((diagnosis) => put(doctor.session, `/doctor/appointments/${appointmentId}/treatment`, { diagnosis })),
      );
      expect(answers.map((a) => a.status)).toEqual(edits.map(() => 200));
      expect(answers.map((a) => a.body.treatment.version).sort((a: number, b: number) => a - b)).toEqual([
        2, 3, 4, 5, 6, 7, 8, 9,
      ]);
      const revisions = (await get(doctor.session, `/doctor/appointments/${appointmentId}/treatment/revisions`))
        .body as {
        version: number;
        diagnosis: string;
      }[];
      expect(revisions.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(
        revisions
          .slice(1)
          .map((r) => r.diagnosis)
          .sort(),
      ).toEqual([...edits].sort());
      const [row] = (await t.dataSource.query(`SELECT diagnosis, version FROM treatments WHERE appointment_id = $1`, [
        appointmentId,
      ])) as { diagnosis: string; version: number }[];
      expect(row).toEqual({ diagnosis: revisions[8].diagnosis, version: 9 });
    });
  });

  describe('who sees the trail', () => {
    it('shows the patient who read their record, leaving out their own actions', async () => {
      const { doctor, patient } = await completedVisit();
      expect((await get(doctor.session, `/doctor/patients/${patient.patientId}/history`)).status).toBe(200);
      // The patient's own actions: an export request (audited, but not shown to them).
      expect((await post(patient.session, '/exports/treatments', {})).status).toBe(202);
      expect((await eventsOf(patient.patientId, 'export.requested')).map((e) => e.actor_user_id)).toEqual([
        patient.userId,
      ]);

      const log = await get(patient.session, '/patient/access-log');
      expect(log.status).toBe(200);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
        'patient.history.read',
        'treatment.created',
      ]);
      expect(log.body.items[0]).toEqual({
        at: expect.any(String),
        actor: { fullName: doctor.fullName, role: 'doctor' },
        action: 'patient.history.read',
        resource: { type: 'patient', id: patient.patientId },
      });
      expect((await get(doctor.session, '/patient/access-log')).status).toBe(403);
    });

    it('lets the admin filter the trail and export the filtered events as CSV', async () => {
      const { doctor, patient } = await completedVisit();
      await get(doctor.session, `/doctor/patients/${patient.patientId}/history`);
      const page = await get(admin, `/admin/audit?patientId=${patient.patientId}&action=patient.history.read`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(1);
      expect(page.body.items[0]).toMatchObject({
        actor: { id: doctor.userId, role: 'doctor', fullName: doctor.fullName },
        action: 'patient.history.read',
        patientId: patient.patientId,
        resource: { type: 'patient', id: patient.patientId },
        outcome: 'success',
      });
      const byActor = await get(admin, `/admin/audit?actorId=${doctor.userId}`);
      expect(byActor.body.items.map((e: { action: string }) => e.action)).toEqual([
        'patient.history.read',
        'treatment.created',
      ]);
      expect((await get(admin, '/admin/audit?from=2030-01-02&to=2030-01-01')).status).toBe(400);
      expect((await get(admin, '/admin/audit?action=nonsense')).status).toBe(400);
      expect((await get(doctor.session, '/admin/audit')).status).toBe(403);

      const job = await post(admin, '/exports/audit', { patientId: patient.patientId });
      expect(job.status).toBe(202);
      const done = await waitFor(
        async () => {
          const res = await get(admin, `/jobs/${job.body.id}`);
          return ['completed', 'failed'].includes(res.body.status) ? res.body : null;
        },
        30_000,
        'audit export',
      );
      expect(done).toMatchObject({ status: 'completed', result: { rows: 2 } });
      const csv = await get(admin, done.result.downloadUrl.replace('/api/v1', ''));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toContain(`audit-${job.body.id}.csv`);
      const rows = parseCsv(csv.text);
      expect(rows[0]).toEqual([
        'event_id',
        'at',
        'actor_id',
        'actor_role',
        'actor_name',
        'action',
        'patient_id',
        'resource_type',
        'resource_id',
        'outcome',
        'ip',
        'request_id',
      ]);
      expect(rows.slice(1).map((r) => r[5])).toEqual(['patient.history.read', 'treatment.created']);
      // The download itself is on the trail.
      expect(await eventsOf(patient.patientId, 'export.downloaded')).toHaveLength(1);
    });
  });
});
