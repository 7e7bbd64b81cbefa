import { Logger } from '@nestjs/common';
import type { Job, JobStatus as BullStatus, Queue } from 'bull';
import {
  type BulkJob,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  EnqueueOptions,
  JobHandler,
  JobQueue,
  QueueJobInfo,
  QueueJobStatus,
  QueueName,
} from './job-queue';

/** Finished jobs are kept this long, so a deterministic id stays deduplicated and failures stay inspectable. */
export const KEEP_COMPLETED_SECONDS = 8 * 24 * 3600;
/**
 * How long close waits for Bull's fetch loops to notice it before closing the
 * queue's connections itself (the jobs running in this process are always
 * waited for).
 */
export const QUEUE_CLOSE_WAIT_MS = 5_000;
/** Milliseconds an enqueue may wait for Redis before failing (the caller decides what that means). */
export const ENQUEUE_TIMEOUT_MS = 2_000;

function statusOf(state: BullStatus | 'stuck' | 'paused'): QueueJobStatus {
  switch (state) {
    case 'active':
      return 'running';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    default:
      return 'queued';
  }
}

/** Bull (Redis) behind the JobQueue port. */
export class BullJobQueue extends JobQueue {
  readonly kind = 'bull' as const;
  private readonly logger = new Logger('BullJobQueue');
  /** The handlers running in this process now. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly queues: Record<QueueName, Queue>) {
    super();
    for (const queue of Object.values(queues)) {
      queue.on('error', (error: Error) => this.logger.warn(`Queue ${queue.name}: ${error.message}`));
    }
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  async enqueue<T>(queue: QueueName, name: string, data: T, options: EnqueueOptions): Promise<QueueJobInfo> {
    const add = this.queues[queue].add(name, data, {
      jobId: options.jobId,
      attempts: options.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_BACKOFF_MS },
      delay: options.delayMs,
      removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
      removeOnFail: false,
    });
    const job = await withTimeout(add, ENQUEUE_TIMEOUT_MS, `enqueue on ${queue}`);
    return this.info(queue, job);
  }

  async enqueueBulk(queue: QueueName, jobs: readonly BulkJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const add = this.queues[queue].addBulk(
      jobs.map((job) => ({
        name: job.name,
        data: job.data,
        opts: {
          jobId: job.options.jobId,
          attempts: job.options.attempts ?? DEFAULT_ATTEMPTS,
          backoff: { type: 'exponential', delay: job.options.backoffMs ?? DEFAULT_BACKOFF_MS },
          delay: job.options.delayMs,
          removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
          removeOnFail: false,
        },
      })),
    );
    await withTimeout(add, ENQUEUE_TIMEOUT_MS, `bulk enqueue on ${queue}`);
  }

  async getJob(queue: QueueName, jobId: string): Promise<QueueJobInfo | null> {
    const job = await this.queues[queue].getJob(jobId);
    return job ? this.info(queue, job) : null;
  }

  process<T, R>(queue: QueueName, name: string, handler: JobHandler<T, R>, concurrency = 1): void {
    void this.queues[queue].process(name, concurrency, (job: Job<T>) => {
      const run = handler({
        id: String(job.id),
        name: job.name,
        data: job.data,
        attemptsMade: job.attemptsMade,
        progress: async (percent) => {
          await job.progress(Math.round(percent));
        },
      });
      this.running.add(run);
      const forget = () => this.running.delete(run);
      run.then(forget, forget);
      return run;
    });
  }

  async ping(): Promise<void> {
    const client = this.queues.mail.client;
    await withTimeout(client.ping(), 1_000, 'queue ping');
  }

  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.queues).map((q) => this.closeQueue(q)));
  }

  /**
   * Bull's close stops fetching jobs, waits for its fetch loops and closes the
   * connections. After Redis came back from an outage those loops took over a
   * minute to notice the close; past QUEUE_CLOSE_WAIT_MS the handlers still
   * running here are waited for and the connections closed without them.
   */
  private async closeQueue(queue: Queue): Promise<void> {
    const closing = queue.close().catch(() => undefined);
    const closed = await withTimeout(closing, QUEUE_CLOSE_WAIT_MS, 'queue close').then(
      () => true,
      () => false,
    );
    if (closed) return;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    // Not in Bull's typings: what its close ends with.
    await (queue as unknown as { disconnect(): Promise<void> }).disconnect();
  }

  private async info(queue: QueueName, job: Job): Promise<QueueJobInfo> {
    const state = await job.getState();
    const progress = job.progress() as unknown;
    return {
      id: String(job.id),
      queue,
      name: job.name,
      status: statusOf(state),
      progress: typeof progress === 'number' ? progress : 0,
      attemptsMade: job.attemptsMade,
      result: job.returnvalue ?? null,
      failedReason: job.failedReason ?? null,
      createdAt: new Date(job.timestamp),
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
    };
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
