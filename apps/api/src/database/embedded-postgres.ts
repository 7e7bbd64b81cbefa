import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL in-process (PGlite, WebAssembly) with its data under
 * `dataDir/pgdata`, served over the PostgreSQL wire protocol on a loopback
 * port, so TypeORM and `pg` talk to it exactly as to a real server.
 * Pass `dataDir: null` for a throw-away in-memory database.
 */
export async function startEmbeddedPostgres(dataDir: string | null, port = 0): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');

  let location: string | undefined;
  if (dataDir !== null) {
    location = join(dataDir, 'pgdata');
    mkdirSync(location, { recursive: true });
  }
  const db: PGlite = await PGlite.create(location, { extensions: { btree_gist, pg_trgm } });
  const server: PGLiteSocketServer = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 64 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgresql://postgres:postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
