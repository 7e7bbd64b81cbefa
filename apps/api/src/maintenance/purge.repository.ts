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

  /** Deletes one batch of the rule's rows; returns how many went. */
  async deleteBatch(rule: PurgeRule, cutoff: Date, batchSize = PURGE_BATCH_SIZE): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM "${rule.table}" WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM "${rule.table}" WHERE ${rule.where} LIMIT ${Number(batchSize)}
         )) RETURNING 1
       ) SELECT count(*) AS n FROM gone`,
      [cutoff],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
