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
 * How long close waits for the queues' Redis clients to finish reconnecting,
 * and then for Bull's close, before closing the connections itself (the jobs
 * running in this process are always waited for).
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
  private closing: Promise<void> | null = null;

  constructor(
    private readonly queues: Record<QueueName, Queue>,
    private readonly closeWaitMs = QUEUE_CLOSE_WAIT_MS,
  ) {
    super();
    for (const queue of Object.values(queues)) {
      queue.on('error', (error: Error) => this.logger.warn(`Queue ${queue.name}: ${error.message}`));
      // @nestjs/bull closes each queue on shutdown with Bull's own close, which can wait forever after an
      // outage (see closeQueue): the queues close through this class, with its bounds, whoever asks.
      (queue as unknown as ShutdownHook).onApplicationShutdown = () => this.close();
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

  close(): Promise<void> {
    this.closing ??= Promise.allSettled(Object.values(this.queues).map((q) => this.closeQueue(q))).then(
      () => undefined,
    );
    return this.closing;
  }

  /**
   * Bull's close pauses the queue (which reconnects the blocking client to cut
   * its wait short), waits for its fetch loops and quits the connections.
   * Started while a client is still reconnecting after a Redis outage, it
   * stalled for over a minute, or rejected with "Redis is already
   * connecting/connected" where nothing can catch it. So the clients are first
   * given QUEUE_CLOSE_WAIT_MS to settle; past as long again for Bull's close,
   * the handlers still running here are waited for and the connections dropped
   * at once (waiting for their "end" could last forever).
   */
  private async closeQueue(queue: Queue): Promise<void> {
    const clients = (queue as unknown as { clients: RedisClient[] }).clients;
    await until(() => !clients.some((client) => SETTLING.has(client.status)), this.closeWaitMs);
    const closing = queue.close().catch(() => undefined);
    const closed = await withTimeout(closing, this.closeWaitMs, 'queue close').then(
      () => true,
      () => false,
    );
    if (closed) return;
    this.logger.warn(`Queue ${queue.name}: closed without Bull after ${this.closeWaitMs} ms`);
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    for (const client of clients) client.disconnect();
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

/** What this class uses of Bull's ioredis clients (not in Bull's typings). */
interface RedisClient {
  readonly status: string;
  disconnect(): void;
}

/** The hook Nest calls on a provider at shutdown. */
interface ShutdownHook {
  onApplicationShutdown(): Promise<void>;
}

/** ioredis states between losing a connection and having it again. */
const SETTLING = new Set(['reconnecting', 'connecting', 'connect']);

/** Resolves once `done()` holds, checked every 20 ms, or after `ms` at the latest. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
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
