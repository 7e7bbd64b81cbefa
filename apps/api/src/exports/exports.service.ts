import { hasPermission } from '@hms/shared';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, DomainError, NotFoundError, TooManyRequestsError } from '../common/errors/domain-errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobDto } from '../jobs/dto/job.dto';
import { EXPORT_ATTEMPTS, EXPORT_BACKOFF_MS, jobKeys } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { ProgressReporter } from '../jobs/job-progress';
import { JobRecordsService, TrackedJobData } from '../jobs/job-records.service';
import { runsWorkers } from '../jobs/roles';
import { MailSender } from '../notifications/mail-sender.service';
import { exportMail } from '../notifications/templates';
import { csvRow, CsvRecordEnds } from './csv';
import { DOWNLOADABLE_EXPORTS } from './export-kinds';
import { ExportsRepository } from './exports.repository';

export const EXPORT_JOB = 'treatments-export';
export const EXPORT_KIND = 'treatments-export';
export const EXPORT_CLEANUP_INTERVAL_MS = 60 * 60_000;
export const CSV_HEADER = [
  'appointment_id',
  'date',
  'time',
  'doctor',
  'specialization',
  'diagnosis',
  'prescription',
  'notes',
  'status',
] as const;

/** The export existed but its file is gone (retention ran out): 410. */
export class GoneError extends DomainError {
  readonly status = 410;
  readonly title = 'Gone';
}

export interface ExportJobData extends TrackedJobData {
  patientId: string | null;
  requestedBy: string;
}

/** A queued or running export older than this is taken as abandoned and no longer blocks a new one. */
export const EXPORT_STALE_HOURS = 6;
const DAY_MS = 24 * 3600_000;

export interface ExportDownload {
  stream: ReadStream;
  filename: string;
  size: number;
}

/**
 * CSV export of appointments with their treatments: queued on request,
 * written by the database (one COPY, dates formatted in SQL) into DATA_DIR/exports/<jobId>.csv,
 * downloadable by the requester (or an admin) until it expires. The requester
 * is emailed a link to it, never the file: health records do not travel as
 * attachments. One queued or running export per user, EXPORTS_PER_DAY a day.
 */
@Injectable()
export class ExportsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExportsService.name);
  private cleanupTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly records: JobRecordsService,
    private readonly sender: MailSender,
    private readonly repository: ExportsRepository,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config)) return;
    this.queue.process<ExportJobData, Record<string, unknown>>(
      'exports',
      EXPORT_JOB,
      (job) =>
        this.records.track(job, EXPORT_ATTEMPTS, async (progress) => {
          const { rows } = await this.writeCsv(job.data.jobRecordId, job.data.patientId, progress);
          const expiresAt = new Date(Date.now() + this.config.exportRetentionDays * 24 * 3600_000);
          await this.email(job.data, rows, expiresAt);
          return { result: { rows, downloadUrl: this.downloadPath(job.data.jobRecordId) }, expiresAt };
        }),
      2,
    );
    void this.cleanup();
    this.cleanupTimer = setInterval(() => void this.cleanup(), EXPORT_CLEANUP_INTERVAL_MS);
    this.cleanupTimer.unref?.();
  }

  onApplicationShutdown(): void {
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
  }

  /** The web app's page of an export (the email's link): the requester signs in there to download it. */
  pageUrl(jobId: string): string {
    return `${this.config.publicUrl}/exports/${jobId}`;
  }

  downloadPath(jobId: string): string {
    return `/api/v1/exports/${jobId}/download`;
  }

  fileOf(jobId: string): string {
    return join(this.config.dataDir, 'exports', `${jobId}.csv`);
  }

  /**
   * Queues an export. Without `exports:create-any` (the permission map) a
   * caller exports their own history only; someone else's patient id answers 404.
   */
  async request(caller: AuthUser, patientId: string | undefined): Promise<JobDto> {
    let scope: string | null;
    if (!hasPermission(caller.role, 'exports:create-any')) {
      if (!caller.profileId || (patientId !== undefined && patientId !== caller.profileId)) {
        throw new NotFoundError('Patient');
      }
      scope = caller.profileId;
    } else {
      if (patientId !== undefined && !(await this.repository.patientExists(patientId))) {
        throw new NotFoundError('Patient');
      }
      scope = patientId ?? null;
    }
    const launch = {
      key: null,
      kind: EXPORT_KIND,
      requestedBy: caller.userId,
      params: { patientId: scope },
      queue: 'exports' as const,
      name: EXPORT_JOB,
      data: { patientId: scope, requestedBy: caller.userId },
      attempts: EXPORT_ATTEMPTS,
      backoffMs: EXPORT_BACKOFF_MS,
    };
    // The requester's row is locked while the limits are checked and the job recorded,
    // so two requests at once cannot both pass.
    const job = await this.dataSource.transaction(async (em) => {
      await this.repository.lockRequester(em, caller.userId);
      await this.assertWithinLimits(em, caller.userId);
      const recorded = await this.records.record(launch, em);
      await this.audit.security(
        'export.requested',
        { patientId: scope, resource: { type: 'export', id: recorded.id }, details: { kind: EXPORT_KIND } },
        em,
      );
      return recorded;
    });
    return this.records.start(job, launch);
  }

  /** One queued or running export per user (409); at most EXPORTS_PER_DAY in any 24 hours (429). */
  private async assertWithinLimits(em: EntityManager, userId: string): Promise<void> {
    const now = Date.now();
    const usage = await this.repository.usage(em, userId, EXPORT_KIND, {
      activeSince: new Date(now - EXPORT_STALE_HOURS * 3600_000),
      daySince: new Date(now - DAY_MS),
    });
    if (usage.active > 0) {
      throw new ConflictError(
        'export_in_progress',
        'An export of yours is already queued or running; wait for it to finish before requesting another',
      );
    }
    const max = this.config.exportsPerDay;
    if (usage.today >= max && usage.oldestToday) {
      throw new TooManyRequestsError(
        'too_many_exports',
        `You reached ${max} export${max === 1 ? '' : 's'} in 24 hours`,
        (usage.oldestToday.getTime() + DAY_MS - now) / 1000,
      );
    }
  }

  /** Streams the rows into the CSV file (written aside, then renamed into place). */
  async writeCsv(
    jobId: string,
    patientId: string | null,
    progress: (percent: number) => Promise<void>,
  ): Promise<{ rows: number; file: string }> {
    const file = this.fileOf(jobId);
    await mkdir(join(this.config.dataDir, 'exports'), { recursive: true });
    const partial = `${file}.part`;
    const out = createWriteStream(partial, { encoding: 'utf8' });
    const write = async (chunk: string | Buffer) => {
      if (!out.write(chunk)) await once(out, 'drain');
    };
    // The count (for progress only) runs beside the export's own statement, never ahead of it.
    let total: number | null = null;
    const counting = this.repository.count(patientId).then((n) => {
      total = n;
    });
    counting.catch(() => undefined); // awaited below
    const reporter = new ProgressReporter(progress);
    // COPY needs a connection of its own beside the one progress updates use (PGlite serves one).
    const copy = this.config.databaseUrl !== null && this.config.databasePoolSize >= 2;
    let rows = 0;
    const report = () => {
      if (total !== null) reporter.report(total > 0 ? Math.min(99, (rows / total) * 100) : 99);
    };
    try {
      await write(csvRow(CSV_HEADER));
      if (copy) {
        // PostgreSQL writes the CSV (COPY); its LF record ends become CRLF on the way to the file.
        const ends = new CsvRecordEnds();
        for await (const chunk of this.repository.copyCsv(patientId, this.config.clinicTimezone)) {
          await write(ends.convert(chunk));
          rows = ends.records;
          report();
        }
      } else {
        for await (const batch of this.repository.rows(patientId, this.config.clinicTimezone)) {
          let chunk = '';
          for (const cells of batch) chunk += csvRow(cells);
          await write(chunk);
          rows += batch.length;
          report();
        }
      }
      out.end();
      await once(out, 'finish');
      await rename(partial, file);
      await counting;
    } catch (error) {
      out.destroy();
      await unlink(partial).catch(() => undefined);
      await reporter.settle().catch(() => undefined);
      throw error;
    }
    await reporter.settle();
    return { rows, file };
  }

  private async email(data: ExportJobData, rows: number, expiresAt: Date): Promise<void> {
    const brand = {
      clinicName: this.config.clinicName,
      publicUrl: this.config.publicUrl,
      timeZone: this.config.clinicTimezone,
    };
    await this.sender.sendOnce(jobKeys.export(data.jobRecordId), 'export', async () => {
      const to = await this.repository.recipient(data.requestedBy);
      if (!to) return null;
      const rendered = exportMail(brand, {
        recipientName: to.name,
        rows,
        downloadUrl: this.pageUrl(data.jobRecordId),
        expiresAt,
      });
      return { ...rendered, to: { name: to.name, address: to.email } };
    });
  }

  /**
   * The CSV of a completed export, for its requester or an admin. Someone
   * else's job, an unknown id or an export not finished yet: 404. Expired
   * (file removed after EXPORT_RETENTION_DAYS): 410.
   */
  async download(caller: AuthUser, jobId: string): Promise<ExportDownload> {
    const job = await this.records.findForCaller(jobId, caller);
    const prefix = DOWNLOADABLE_EXPORTS[job.kind];
    if (!prefix) throw new NotFoundError('Export');
    if (job.status !== 'completed') throw new NotFoundError('Export', 'export_not_ready');
    const expired = job.result?.expired === true || (job.expiresAt !== null && job.expiresAt.getTime() < Date.now());
    if (expired) throw new GoneError('export_expired', 'This export has expired; request a new one');
    const file = this.fileOf(job.id);
    const info = await stat(file).catch(() => null);
    if (!info) throw new GoneError('export_expired', 'This export is no longer available; request a new one');
    const patientId = typeof job.params.patientId === 'string' ? job.params.patientId : null;
    await this.audit.security('export.downloaded', {
      patientId,
      resource: { type: 'export', id: job.id },
      details: { kind: job.kind },
    });
    return { stream: createReadStream(file), filename: `${prefix}-${job.id}.csv`, size: info.size };
  }

  /** Removes export files whose retention ran out. */
  async cleanup(now = new Date()): Promise<number> {
    let removed = 0;
    try {
      for (const kind of Object.keys(DOWNLOADABLE_EXPORTS)) {
        for (const job of await this.records.expired(kind, now)) {
          await unlink(this.fileOf(job.id)).catch(() => undefined);
          await this.records.markExpired(job.id);
          removed += 1;
        }
      }
    } catch (error) {
      this.logger.warn(`Export cleanup failed: ${(error as Error).message}`);
    }
    return removed;
  }
}
