import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options';
import { MIGRATION_LOCK_KEY, runMigrations } from '../../apps/api/src/database/migrate';
import { MIGRATIONS } from '../../apps/api/src/database/migrations';
import { pendingSchemaChanges } from '../../apps/api/src/database/schema-diff';
import { describeWhen, hasSharedPostgres, SHARED_POSTGRES_MISSING } from '../support/environment';
import { eventually } from '../support/eventually';
import { sharedPostgres, type SharedDatabase } from '../support/postgres-server';
import { workerDatabaseUrl } from '../support/test-app';

/** PGlite serves every connection from one session: advisory locks cannot exclude there, and one process owns it. */
const embedded = !process.env.DATABASE_URL;

/** Runs against this worker's database: real PostgreSQL in CI, PGlite without DATABASE_URL. */
describe('schema and migrations', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions({ url: workerDatabaseUrl(), poolSize: embedded ? 1 : 4 }));
    await ds.initialize();
    // Start from nothing: every migration must apply to an empty database.
    await ds.query('DROP SCHEMA public CASCADE');
    await ds.query('CREATE SCHEMA public');
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('applies every migration to an empty database, and a second run applies none', async () => {
    const applied = await runMigrations(ds);
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await runMigrations(ds)).toEqual([]);
  });

  it('lets several instances migrate at once: each migration applied exactly once', async () => {
    await ds.query('DROP SCHEMA public CASCADE');
    await ds.query('CREATE SCHEMA public');
    const others = await Promise.all(
      [1, 2, 3].map(async () => {
        const other = new DataSource(dataSourceOptions({ url: workerDatabaseUrl(), poolSize: 1 }));
        await other.initialize();
        return other;
      }),
    );
    try {
      const results = await Promise.all(others.map((o) => runMigrations(o)));
      expect(results.flat()).toHaveLength(MIGRATIONS.length);
      const rows: unknown[] = await ds.query('SELECT name FROM migrations');
      expect(rows).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(others.map((o) => o.destroy()));
    }
  });

  // Needs sessions that exclude each other: CI's PostgreSQL, else a temporary database on the local server.
  describeWhen(hasSharedPostgres, SHARED_POSTGRES_MISSING)('across processes', () => {
    let shared: SharedDatabase;
    let observer: DataSource;

    beforeAll(async () => {
      shared = await sharedPostgres();
      observer = new DataSource(dataSourceOptions({ url: shared.url, poolSize: 1 }));
      await observer.initialize();
      await runMigrations(observer);
    });
    afterAll(async () => {
      await observer?.destroy();
      await shared?.drop();
    });

    it('waits while another process holds the migration lock, then finds nothing to do', async () => {
      const holder = new DataSource(dataSourceOptions({ url: shared.url, poolSize: 1 }));
      const waiter = new DataSource(dataSourceOptions({ url: shared.url, poolSize: 1 }));
      await Promise.all([holder.initialize(), waiter.initialize()]);
      const lock = holder.createQueryRunner();
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        let settled = false;
        const run = runMigrations(waiter).finally(() => (settled = true));
        // The other run is blocked on the lock itself, not merely slow.
        await eventually(
          async () => {
            const [row] = await observer.query(
              `SELECT count(*)::int AS n FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            );
            return row.n === 1;
          },
          { what: 'a migration waiting on the advisory lock' },
        );
        expect(settled).toBe(false);
        await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        expect(await run).toEqual([]);
      } finally {
        await lock.release();
        await Promise.all([holder.destroy(), waiter.destroy()]);
      }
    });
  });

  it('matches the entities exactly (no pending schema change)', async () => {
    const { up } = await pendingSchemaChanges(ds);
    expect(up).toEqual([]);
  });

  describe('constraints the database enforces', () => {
    let doctorId: string;
    let patientA: string;
    let patientB: string;

    async function user(role: string): Promise<string> {
      const [row] = await ds.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', $2) RETURNING id`, [
        `${randomUUID()}@example.test`,
        role,
      ]);
      return row.id;
    }

    beforeAll(async () => {
      const [spec] = await ds.query(`INSERT INTO specializations (name) VALUES ($1) RETURNING id`, [
        `Spec ${randomUUID()}`,
      ]);
      const [doctor] = await ds.query(
        `INSERT INTO doctors (user_id, full_name, specialization_id) VALUES ($1, 'Dr Who', $2) RETURNING id`,
        [await user('doctor'), spec.id],
      );
      doctorId = doctor.id;
      patientA = (
        await ds.query(`INSERT INTO patients (user_id, full_name) VALUES ($1, 'A') RETURNING id`, [
          await user('patient'),
        ])
      )[0].id;
      patientB = (
        await ds.query(`INSERT INTO patients (user_id, full_name) VALUES ($1, 'B') RETURNING id`, [
          await user('patient'),
        ])
      )[0].id;
    });

    const book = (doctor: string, patient: string, start: string, end: string, status = 'booked') =>
      ds.query(
        `INSERT INTO appointments (doctor_id, patient_id, starts_at, ends_at, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [doctor, patient, start, end, status],
      );

    it('rejects a second booked appointment overlapping the same doctor (exclusion constraint)', async () => {
      await book(doctorId, patientA, '2030-01-01T09:00:00Z', '2030-01-01T09:30:00Z');
      await expect(book(doctorId, patientB, '2030-01-01T09:15:00Z', '2030-01-01T09:45:00Z')).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23P01', constraint: 'EXC_appointments_doctor_overlap' }),
      });
    });

    it('allows the slot again once the first booking is cancelled, and back-to-back slots', async () => {
      const [first] = await book(doctorId, patientA, '2030-01-02T09:00:00Z', '2030-01-02T09:30:00Z');
      await ds.query(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, [first.id]);
      await expect(book(doctorId, patientB, '2030-01-02T09:00:00Z', '2030-01-02T09:30:00Z')).resolves.toHaveLength(1);
      await expect(book(doctorId, patientA, '2030-01-02T09:30:00Z', '2030-01-02T10:00:00Z')).resolves.toHaveLength(1);
    });

    it('rejects two overlapping booked appointments of one patient with different doctors', async () => {
      const [spec] = await ds.query(`INSERT INTO specializations (name) VALUES ($1) RETURNING id`, [
        `Spec ${randomUUID()}`,
      ]);
      const [other] = await ds.query(
        `INSERT INTO doctors (user_id, full_name, specialization_id) VALUES ($1, 'Dr Two', $2) RETURNING id`,
        [await user('doctor'), spec.id],
      );
      await book(doctorId, patientA, '2030-01-03T09:00:00Z', '2030-01-03T09:30:00Z');
      await expect(book(other.id, patientA, '2030-01-03T09:00:00Z', '2030-01-03T09:30:00Z')).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23P01', constraint: 'EXC_appointments_patient_overlap' }),
      });
    });

    it('rejects an unknown status and an end before the start (check constraints)', async () => {
      await expect(
        book(doctorId, patientA, '2031-01-01T09:00:00Z', '2031-01-01T09:30:00Z', 'lost'),
      ).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23514' }),
      });
      await expect(book(doctorId, patientA, '2031-01-01T10:00:00Z', '2031-01-01T09:30:00Z')).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23514' }),
      });
    });

    it('keeps emails unique whatever their case, and stored lower-case', async () => {
      const email = `${randomUUID()}@example.test`;
      await ds.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'patient')`, [email]);
      await expect(
        ds.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'patient')`, [email]),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
      await expect(
        ds.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, 'x', 'patient')`, [email.toUpperCase()]),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23514' }) });
    });

    it('keeps department names unique case-insensitively', async () => {
      await ds.query(`INSERT INTO specializations (name) VALUES ('Cardiology-x')`);
      await expect(ds.query(`INSERT INTO specializations (name) VALUES ('CARDIOLOGY-X')`)).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23505' }),
      });
    });

    it('refuses to delete a specialization that doctors belong to (foreign key)', async () => {
      const [spec] = await ds.query(`SELECT specialization_id AS id FROM doctors WHERE id = $1`, [doctorId]);
      // 23503 foreign_key_violation on PostgreSQL 15, 23001 restrict_violation on newer servers.
      const error = await ds.query(`DELETE FROM specializations WHERE id = $1`, [spec.id]).catch((e: unknown) => e);
      expect(['23503', '23001']).toContain((error as { driverError?: { code?: string } }).driverError?.code);
    });

    it('rejects overlapping availability windows of one doctor', async () => {
      const win = (start: string, end: string) =>
        ds.query(
          `INSERT INTO availability_windows (doctor_id, date, start_time, end_time, slot_minutes, starts_at, ends_at)
           VALUES ($1, '2030-02-01', '09:00', '10:00', 30, $2, $3)`,
          [doctorId, start, end],
        );
      await win('2030-02-01T09:00:00Z', '2030-02-01T10:00:00Z');
      await expect(win('2030-02-01T09:30:00Z', '2030-02-01T11:00:00Z')).rejects.toMatchObject({
        driverError: expect.objectContaining({ code: '23P01' }),
      });
    });
  });
});
