export default async function globalTeardown() {
  for (const { db, server } of globalThis.__PGLITE__ ?? []) {
    await server.stop();
    await db.close();
  }
  const databases = globalThis.__TEST_DATABASES__ ?? [];
  if (databases.length > 0 && process.env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
  // Temporary databases suites took from the local server (test/support/postgres-server.ts), if one was left.
  if (process.env.TEST_LOCAL_POSTGRES_URL && process.env.TEST_RUN_ID) {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: process.env.TEST_LOCAL_POSTGRES_URL });
    await admin.connect();
    const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `hms_test_local_${process.env.TEST_RUN_ID}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  }
}
