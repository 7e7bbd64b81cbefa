import { Logger } from '@nestjs/common';
import {
  type BulkJob,
  backoffDelay,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  EnqueueOptions,
  JobHandler,
  JobQueue,
  QueueJobInfo,
  QueueJobStatus,
  QueueName,
} from './job-queue';

interface StoredJob extends QueueJobInfo {
  data: unknown;
  attempts: number;
  backoffMs: number;
  runAt: number;
}

/**
 * Runs jobs inside this process, with the same contract as Bull: one job per
 * id, retries with exponential backoff, status and progress. Used when no
 * Redis is configured; jobs do not survive a restart (the outbox and the
 * notification log make the work safe to redo).
 */
export class InProcessJobQueue extends JobQueue {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('InProcessJobQueue');
  private readonly jobs = new Map<string, StoredJob>();
  private readonly handlers = new Map<string, { handler: JobHandler<unknown, unknown>; concurrency: number }>();
  private readonly running = new Map<QueueName, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly retainFinishedMs = 24 * 60 * 60_000) {
    super();
  }

  async enqueue<T>(queue: QueueName, name: string, data: T, options: EnqueueOptions): Promise<QueueJobInfo> {
    const key = `${queue}:${options.jobId}`;
    const existing = this.jobs.get(key);
    if (existing) return this.info(existing);
    const job: StoredJob = {
      id: options.jobId,
      queue,
      name,
      status: 'queued',
      progress: 0,
      attemptsMade: 0,
      result: null,
      failedReason: null,
      createdAt: new Date(),
      finishedAt: null,
      data,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
      runAt: Date.now() + (options.delayMs ?? 0),
    };
    this.jobs.set(key, job);
    this.schedule(0);
    return this.info(job);
  }

  async enqueueBulk(queue: QueueName, jobs: readonly BulkJob[]): Promise<void> {
    for (const job of jobs) await this.enqueue(queue, job.name, job.data, job.options);
  }

  async getJob(queue: QueueName, jobId: string): Promise<QueueJobInfo | null> {
    const job = this.jobs.get(`${queue}:${jobId}`);
    return job ? this.info(job) : null;
  }

  process<T, R>(queue: QueueName, name: string, handler: JobHandler<T, R>, concurrency = 1): void {
    this.handlers.set(`${queue}:${name}`, { handler: handler as JobHandler<unknown, unknown>, concurrency });
    this.schedule(0);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('job runner is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = null;
    const now = Date.now();
    let nextAt = Infinity;
    for (const [key, job] of this.jobs) {
      if (job.finishedAt && now - job.finishedAt.getTime() > this.retainFinishedMs) {
        this.jobs.delete(key);
        continue;
      }
      if (job.status !== 'queued') continue;
      const registered = this.handlers.get(`${job.queue}:${job.name}`);
      if (!registered) continue;
      if (job.runAt > now) {
        nextAt = Math.min(nextAt, job.runAt);
        continue;
      }
      const busy = this.running.get(job.queue) ?? 0;
      if (busy >= registered.concurrency) continue;
      this.running.set(job.queue, busy + 1);
      const run = this.run(job, registered.handler).finally(() => {
        this.running.set(job.queue, (this.running.get(job.queue) ?? 1) - 1);
        this.inFlight.delete(run);
        this.schedule(0);
      });
      this.inFlight.add(run);
    }
    if (nextAt !== Infinity) this.schedule(nextAt - now);
  }

  private async run(job: StoredJob, handler: JobHandler<unknown, unknown>): Promise<void> {
    job.status = 'running';
    try {
      job.result = await handler({
        id: job.id,
        name: job.name,
        data: job.data,
        attemptsMade: job.attemptsMade,
        progress: async (percent) => {
          job.progress = Math.max(0, Math.min(100, Math.round(percent)));
        },
      });
      job.attemptsMade += 1;
      job.status = 'completed';
      job.progress = 100;
      job.finishedAt = new Date();
    } catch (error) {
      job.attemptsMade += 1;
      job.failedReason = (error as Error).message;
      if (job.attemptsMade < job.attempts) {
        job.status = 'queued';
        job.runAt = Date.now() + backoffDelay(job.backoffMs, job.attemptsMade);
        this.logger.warn(`Job ${job.queue}/${job.name} ${job.id} failed (attempt ${job.attemptsMade}), retrying`);
      } else {
        job.status = 'failed';
        job.finishedAt = new Date();
        this.logger.error(`Job ${job.queue}/${job.name} ${job.id} failed for good: ${job.failedReason}`);
      }
    }
  }

  /** How many jobs of the queue are in each state (finished ones while they are retained). */
  counts(queue: QueueName): Record<QueueJobStatus, number> {
    const counts: Record<QueueJobStatus, number> = { queued: 0, running: 0, completed: 0, failed: 0 };
    for (const job of this.jobs.values()) if (job.queue === queue) counts[job.status] += 1;
    return counts;
  }

  private info(job: StoredJob): QueueJobInfo {
    const { data: _data, attempts: _a, backoffMs: _b, runAt: _r, ...info } = job;
    return { ...info };
  }
}
