import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { clinicDateOf } from '../common/time/clinic-time';
import { JobDto } from '../jobs/dto/job.dto';
import { jobKeys, PURGE_ATTEMPTS, PURGE_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { JobRecordsService, TrackedJobData } from '../jobs/job-records.service';
import { runsWorkers } from '../jobs/roles';
import { PURGE_BATCH_SIZE, PurgeRepository } from './purge.repository';
import { PURGE_RULES, type PurgeRule } from './purge.rules';

export const PURGE_JOB = 'daily-purge';
export const PURGE_KIND = 'daily-purge';

export interface PurgeJobData extends TrackedJobData {
  date: string;
}

/**
 * The daily purge of what only grows (PURGE_RULES): batched deletes, each
 * rule from its own cutoff. Idempotent: a second run finds nothing to delete.
 * The job of a clinic date has the id `daily-purge:<date>`.
 */
@Injectable()
export class PurgeService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PurgeService.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly records: JobRecordsService,
    private readonly repository: PurgeRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<PurgeJobData, Record<string, unknown>>('maintenance', PURGE_JOB, (job) =>
      this.records.track(job, PURGE_ATTEMPTS, async () => ({ result: { deleted: await this.purge() } })),
    );
  }

  /** Starts (or finds) the purge job of a clinic date; default today. */
  start(date: string | undefined, requestedBy: string | null): Promise<JobDto> {
    const day = date ?? clinicDateOf(new Date(), this.config.clinicTimezone);
    return this.records.launch<{ date: string }>({
      key: jobKeys.dailyPurge(day),
      kind: PURGE_KIND,
      requestedBy,
      params: { date: day },
      queue: 'maintenance',
      name: PURGE_JOB,
      data: { date: day },
      attempts: PURGE_ATTEMPTS,
      backoffMs: PURGE_BACKOFF_MS,
    });
  }

  /**
   * Runs every rule to the end; returns the rows deleted per rule. A failing
   * rule does not stop the others; the run then fails naming it (and is retried).
   */
  async purge(now = new Date(), rules: readonly PurgeRule[] = PURGE_RULES, batchSize = PURGE_BATCH_SIZE) {
    const deleted: Record<string, number> = {};
    const failed: string[] = [];
    for (const rule of rules) {
      try {
        if (!(await this.repository.tableExists(rule.table))) continue;
        const cutoff = rule.cutoff(this.config, now);
        let total = 0;
        for (;;) {
          const n = await this.repository.deleteBatch(rule, cutoff, rule.settings?.(this.config), batchSize);
          total += n;
          if (n < batchSize) break;
        }
        deleted[rule.name] = total;
      } catch (error) {
        this.logger.error(`Purge rule ${rule.name} failed: ${(error as Error).message}`);
        failed.push(rule.name);
      }
    }
    this.logger.log({ deleted }, 'Purge done');
    if (failed.length > 0) throw new Error(`Purge rule(s) failed: ${failed.join(', ')}`);
    return deleted;
  }
}
