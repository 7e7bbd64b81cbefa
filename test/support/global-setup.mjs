// Gives every jest worker its own empty database: a fresh PostgreSQL database
// per worker when DATABASE_URL is set (as CI does), otherwise an in-memory
// PGlite server per worker. Workers read TEST_DATABASE_URL_<JEST_WORKER_ID>.
import { randomBytes } from 'node:crypto';

export const TEST_WORKERS = 2;

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
