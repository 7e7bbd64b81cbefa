import { createWriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditFilter, AuditQueriesService } from '../audit/audit-queries.service';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { runsWorkers } from '../jobs/roles';
import { JobDto } from '../jobs/dto/job.dto';
import { EXPORT_ATTEMPTS, EXPORT_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { JobRecordsService, TrackedJobData } from '../jobs/job-records.service';
import { csvRow } from './csv';
import { ExportsService } from './exports.service';

export const AUDIT_EXPORT_JOB = 'audit-export';
export const AUDIT_EXPORT_KIND = 'audit-export';
export const AUDIT_EXPORT_BATCH_SIZE = 1_000;
export const AUDIT_CSV_HEADER = [
  'event_id',
  'at',
  'actor_id',
  'actor_role',
  'actor_name',
  'action',
  'patient_id',
  'resource_type',
  'resource_id',
  'outcome',
  'ip',
  'request_id',
] as const;

export interface AuditExportJobData extends TrackedJobData {
  filter: AuditFilter;
  /** Events after this instant are left out, so the file is one consistent snapshot. */
  asOf: string;
}

/**
 * CSV export of the audit events an admin filtered on the audit page: queued
 * like the treatments export, written to the same export directory,
 * downloaded through `GET /exports/:jobId/download` and removed after
 * EXPORT_RETENTION_DAYS like the others.
 */
@Injectable()
export class AuditExportService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly records: JobRecordsService,
    private readonly exports: ExportsService,
    private readonly auditQueries: AuditQueriesService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<AuditExportJobData, Record<string, unknown>>(
      'exports',
      AUDIT_EXPORT_JOB,
      (job) =>
        this.records.track(job, EXPORT_ATTEMPTS, async (progress) => {
          const rows = await this.writeCsv(job.data.jobRecordId, job.data.filter, new Date(job.data.asOf), progress);
          const expiresAt = new Date(Date.now() + this.config.exportRetentionDays * 24 * 3600_000);
          return { result: { rows, downloadUrl: this.exports.downloadPath(job.data.jobRecordId) }, expiresAt };
        }),
      1,
    );
  }

  /** Queues the export of the events matching the filter (validated like the audit page's). */
  async request(caller: AuthUser, filter: AuditFilter): Promise<JobDto> {
    this.auditQueries.toQuery(filter);
    const job = await this.records.launch<Omit<AuditExportJobData, 'jobRecordId'>>({
      key: null,
      kind: AUDIT_EXPORT_KIND,
      requestedBy: caller.userId,
      params: { ...filter },
      queue: 'exports',
      name: AUDIT_EXPORT_JOB,
      data: { filter, asOf: new Date().toISOString() },
      attempts: EXPORT_ATTEMPTS,
      backoffMs: EXPORT_BACKOFF_MS,
    });
    await this.audit.security('export.requested', {
      patientId: filter.patientId ?? null,
      resource: { type: 'export', id: job.id },
      details: { kind: AUDIT_EXPORT_KIND },
    });
    return job;
  }

  async writeCsv(
    jobId: string,
    filter: AuditFilter,
    asOf: Date,
    progress: (percent: number) => Promise<void>,
  ): Promise<number> {
    const query = this.auditQueries.toQuery(filter);
    const before = query.before && query.before < asOf ? query.before : new Date(asOf.getTime() + 1);
    const bounded = { ...query, before };
    const file = this.exports.fileOf(jobId);
    await mkdir(join(this.config.dataDir, 'exports'), { recursive: true });
    const partial = `${file}.part`;
    const out = createWriteStream(partial, { encoding: 'utf8' });
    const write = async (chunk: string) => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    const total = await this.auditQueries.count(bounded);
    let rows = 0;
    try {
      await write(csvRow(AUDIT_CSV_HEADER));
      for (;;) {
        const batch = await this.auditQueries.batch(bounded, rows, AUDIT_EXPORT_BATCH_SIZE);
        if (batch.length === 0) break;
        await write(
          batch
            .map((e) =>
              csvRow([
                e.id,
                e.at.toISOString(),
                e.actorUserId,
                e.actorRole,
                e.actorName ?? e.actorEmail,
                e.action,
                e.patientId,
                e.resourceType,
                e.resourceId,
                e.outcome,
                e.ip,
                e.requestId,
              ]),
            )
            .join(''),
        );
        rows += batch.length;
        await progress(total > 0 ? Math.min(99, (rows / total) * 100) : 99);
        if (batch.length < AUDIT_EXPORT_BATCH_SIZE) break;
      }
      out.end();
      await once(out, 'finish');
      await rename(partial, file);
    } catch (error) {
      out.destroy();
      await unlink(partial).catch(() => undefined);
      throw error;
    }
    return rows;
  }
}
