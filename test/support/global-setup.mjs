// Gives every jest worker its own empty database: a fresh PostgreSQL database
// per worker when DATABASE_URL is set (as CI does), otherwise an in-memory
// PGlite server per worker. Workers read TEST_DATABASE_URL_<JEST_WORKER_ID>.
// Without DATABASE_URL it also looks for the local PostgreSQL server, for the
// suites that need sessions in several processes on one database (PGlite
// serves every connection from one session): TEST_LOCAL_POSTGRES_URL when it
// answers and lets us create databases, else TEST_LOCAL_POSTGRES_MISSING says why.
import { randomBytes } from 'node:crypto';

export const TEST_WORKERS = 2;

/** The local server the default setup may borrow temporary databases from (see test/support/postgres-server.ts). */
export const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function findLocalPostgres() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      'SELECT rolcreatedb OR rolsuper AS may FROM pg_roles WHERE rolname = current_user',
    );
    if (rows[0]?.may) process.env.TEST_LOCAL_POSTGRES_URL = LOCAL_POSTGRES_URL;
    else process.env.TEST_LOCAL_POSTGRES_MISSING = `user postgres may not create databases on ${LOCAL_POSTGRES_URL}`;
  } catch (error) {
    process.env.TEST_LOCAL_POSTGRES_MISSING = `${LOCAL_POSTGRES_URL} could not be used: ${error.message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function globalSetup() {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  process.env.TEST_RUN_ID = runId;
  if (process.env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const base = new URL(process.env.DATABASE_URL);
    const baseName = (base.pathname.replace(/^\//, '') || 'postgres').replace(/[^a-z0-9_]/gi, '_');
    for (let worker = 1; worker <= TEST_WORKERS; worker++) {
      // Unique per run, so concurrent runs on one server never drop each other's databases.
      const name = `${baseName}_jest_${runId}_w${worker}`;
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${name}`;
      process.env[`TEST_DATABASE_URL_${worker}`] = url.toString();
      globalThis.__TEST_DATABASES__ = [...(globalThis.__TEST_DATABASES__ ?? []), name];
    }
    await admin.end();
    return;
  }
  await findLocalPostgres();
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  globalThis.__PGLITE__ = [];
  for (let worker = 1; worker <= TEST_WORKERS; worker++) {
    const db = await PGlite.create({ extensions: { btree_gist, pg_trgm } });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
    await server.start();
    process.env[`TEST_DATABASE_URL_${worker}`] =
      `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`;
    globalThis.__PGLITE__.push({ db, server });
  }
}
