import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PurgeRule } from './purge.rules';

/** Rows deleted per statement: short transactions, no long lock on a busy table. */
export const PURGE_BATCH_SIZE = 1_000;

@Injectable()
export class PurgeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async tableExists(table: string): Promise<boolean> {
    const rows: { found: string | null }[] = await this.dataSource.query('SELECT to_regclass($1)::text AS found', [
      `public.${table}`,
    ]);
    return rows[0]?.found != null;
  }

  /** Deletes one batch of the rule's rows (with the rule's settings, in one transaction); returns how many went. */
  async deleteBatch(
    rule: PurgeRule,
    cutoff: Date,
    settings: Record<string, string> = {},
    batchSize = PURGE_BATCH_SIZE,
  ): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      for (const [name, value] of Object.entries(settings)) {
        await em.query('SELECT set_config($1, $2, true)', [name, value]);
      }
      const rows: { n: string }[] = await em.query(
        `WITH gone AS (
         DELETE FROM "${rule.table}" WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM "${rule.table}" WHERE ${rule.where} LIMIT ${Number(batchSize)}
         )) RETURNING 1
       ) SELECT count(*) AS n FROM gone`,
        [cutoff],
      );
      return Number(rows[0]?.n ?? 0);
    });
  }
}
