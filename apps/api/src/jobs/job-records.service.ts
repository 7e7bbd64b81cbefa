import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors';
import { Page, PageRequest, toPage } from '../common/http/pagination';
import { JobEntity } from './entities/job.entity';
import { JobDto, toJobDto } from './dto/job.dto';
import { DEFAULT_ATTEMPTS, JobContext, JobQueue, QueueName } from './job-queue';
import { JobsRepository } from './jobs.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LaunchInput<T> {
  /** Deterministic business key; the same key never makes a second job. Null: a one-off job. */
  key: string | null;
  kind: string;
  requestedBy: string | null;
  params: Record<string, unknown>;
  queue: QueueName;
  name: string;
  data: T;
  attempts: number;
  backoffMs: number;
}

/** Data every tracked queue job carries: the id of its row in the jobs table. */
export interface TrackedJobData {
  jobRecordId: string;
}

export interface TrackedOutcome {
  result: Record<string, unknown>;
  expiresAt?: Date | null;
}

/**
 * The jobs users can see (`GET /jobs/:id`): a row in the jobs table per
 * request, plus a queue job whose id derives from the same business key.
 */
@Injectable()
export class JobRecordsService {
  private readonly logger = new Logger(JobRecordsService.name);

  constructor(
    private readonly jobs: JobsRepository,
    private readonly queue: JobQueue,
  ) {}

  /**
   * Records the job (or finds the one with the same key) and enqueues it under
   * a deterministic id. A completed job is returned as is; a failed one is run again.
   */
  async launch<T extends object>(input: LaunchInput<T>): Promise<JobDto> {
    return this.start(await this.record(input), input);
  }

  /**
   * The first half of launch: records the job (or finds the one with the same
   * key), inside the caller's transaction when given one. Call `start` after commit.
   */
  async record(input: LaunchInput<unknown>, em?: EntityManager): Promise<JobEntity> {
    const { job } = await this.jobs.createOrGet(
      { key: input.key, kind: input.kind, requestedBy: input.requestedBy, params: input.params },
      em,
    );
    return job;
  }

  /** The second half of launch: enqueues a recorded job under its deterministic id. */
  async start<T extends object>(job: JobEntity, input: LaunchInput<T>): Promise<JobDto> {
    if (job.status === 'completed') return toJobDto(job);
    let queueJobId = input.key ?? `${input.kind}:${job.id}`;
    if (job.status === 'failed') {
      await this.jobs.requeue(job.id);
      queueJobId = `${queueJobId}:rerun:${Date.now()}`;
    }
    await this.queue.enqueue(input.queue, input.name, { ...input.data, jobRecordId: job.id } satisfies TrackedJobData, {
      jobId: queueJobId,
      attempts: input.attempts,
      backoffMs: input.backoffMs,
    });
    return toJobDto((await this.jobs.findById(job.id)) ?? job);
  }

  /** The history of runs, newest first, optionally of one kind (the admin's jobs page). */
  async list(kind: string | undefined, req: PageRequest): Promise<Page<JobDto>> {
    const { items, total } = await this.jobs.page(kind, req.offset, req.pageSize);
    return toPage(items.map(toJobDto), total, req);
  }

  /** The requester's (or, for an admin, any) job; someone else's is 404. */
  async getForCaller(id: string, caller: AuthUser): Promise<JobDto> {
    return toJobDto(await this.findForCaller(id, caller));
  }

  async findForCaller(id: string, caller: AuthUser): Promise<JobEntity> {
    const job = UUID.test(id) ? await this.jobs.findById(id) : null;
    if (!job || (caller.role !== 'admin' && job.requestedBy !== caller.userId)) throw new NotFoundError('Job');
    return job;
  }

  findById(id: string): Promise<JobEntity | null> {
    return this.jobs.findById(id);
  }

  /**
   * Runs a queue job while keeping its row up to date: running, progress,
   * completed with the result, or failed once the last attempt failed.
   */
  async track<T extends TrackedJobData>(
    ctx: JobContext<T>,
    attempts: number = DEFAULT_ATTEMPTS,
    work: (progress: (percent: number) => Promise<void>) => Promise<TrackedOutcome>,
  ): Promise<Record<string, unknown>> {
    const id = ctx.data.jobRecordId;
    await this.jobs.markRunning(id);
    let last = -1;
    const progress = async (percent: number) => {
      const rounded = Math.floor(percent);
      if (rounded === last) return;
      last = rounded;
      await Promise.all([this.jobs.setProgress(id, rounded), ctx.progress(rounded)]);
    };
    try {
      const outcome = await work(progress);
      await this.jobs.finish(id, 'completed', { result: outcome.result, error: null, expiresAt: outcome.expiresAt });
      return outcome.result;
    } catch (error) {
      const message = (error as Error).message;
      const final = ctx.attemptsMade + 1 >= attempts;
      this.logger.warn(`Job ${ctx.name} ${ctx.id} attempt ${ctx.attemptsMade + 1} failed: ${message}`);
      await this.jobs.finish(id, final ? 'failed' : 'queued', { error: message }).catch(() => undefined);
      throw error;
    }
  }

  expired(kind: string, now: Date): Promise<JobEntity[]> {
    return this.jobs.expired(kind, now);
  }

  markExpired(id: string): Promise<void> {
    return this.jobs.markExpired(id);
  }
}
