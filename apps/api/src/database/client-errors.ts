import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgPool {
  on(event: 'connect', listener: (client: ErrorEmitter) => void): unknown;
  /** The clients the pool has opened so far (pg-pool's own list). */
  _clients?: ErrorEmitter[];
}

/**
 * Keeps a dropped database connection from ending the process. A pooled pg
 * client has an 'error' listener only while the pool holds it idle or while
 * a TypeORM query runner holds it; an error that arrives in between (the
 * server terminates every backend: a failover, `pg_terminate_backend`) would
 * be an unhandled 'error' event. Every client gets one listener for its whole
 * life; the request that used the connection still fails, and answers 503.
 */
@Injectable()
export class DatabaseClientErrors implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) return;
    const guard = (client: ErrorEmitter) =>
      client.on('error', (error) => this.logger.warn(`A database connection failed: ${error.message}`));
    // The clients opened while the app started, then every later one.
    for (const client of pool._clients ?? []) guard(client);
    pool.on('connect', guard);
  }
}
