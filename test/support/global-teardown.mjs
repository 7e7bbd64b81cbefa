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
}
