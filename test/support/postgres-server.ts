import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { workerDatabaseUrl } from './test-app';

/** The prefix of every database created here, so global teardown can drop what a crashed run left. */
export const LOCAL_DATABASE_PREFIX = 'hms_test_local_';

/** A PostgreSQL database sessions in several processes can share; `drop` removes it if it was created for the suite. */
export interface SharedDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * With DATABASE_URL, this worker's database (already on a real server).
 * Otherwise a new empty database on the local server global setup found
 * (TEST_LOCAL_POSTGRES_URL): guard the suite with `hasSharedPostgres` and
 * call `drop` in afterAll.
 */
export async function sharedPostgres(): Promise<SharedDatabase> {
  if (process.env.DATABASE_URL) return { url: workerDatabaseUrl(), drop: async () => undefined };
  const adminUrl = process.env.TEST_LOCAL_POSTGRES_URL;
  if (!adminUrl) throw new Error('No PostgreSQL server: guard the suite with describeWhen(hasSharedPostgres, ...)');
  const name = `${LOCAL_DATABASE_PREFIX}${process.env.TEST_RUN_ID ?? 'run'}_${randomBytes(4).toString('hex')}`;
  await onServer(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      onServer(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
