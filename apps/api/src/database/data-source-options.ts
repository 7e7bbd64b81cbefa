import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseConnection {
  url: string;
  /** PGlite serves one query at a time: one pooled connection is all it takes. */
  poolSize: number;
}

export function dataSourceOptions(
  connection: DatabaseConnection,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    logging: false,
    extra: {
      max: connection.poolSize,
      // How long a request waits for a pooled connection. A burst of bookings for one doctor
      // queues behind that doctor's row lock while holding connections: waiting beats a 503.
      connectionTimeoutMillis: 15_000,
      idleTimeoutMillis: 30_000,
      application_name: 'hms',
    },
    ...extra,
  } as DataSourceOptions;
}
