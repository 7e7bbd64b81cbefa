/** The queues of the product; each has its own workers and retry policy. */
export const QUEUE_NAMES = ['mail', 'reports', 'exports', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const DEFAULT_ATTEMPTS = 5;
/** First retry after this delay, doubling each time (exponential backoff). */
export const DEFAULT_BACKOFF_MS = 2_000;

export interface EnqueueOptions {
  /** Deterministic id from the business key: enqueueing the same id twice yields one job. */
  jobId: string;
  attempts?: number;
  backoffMs?: number;
  delayMs?: number;
}

/** One job of an `enqueueBulk`. */
export interface BulkJob {
  name: string;
  data: unknown;
  options: EnqueueOptions;
}

export type QueueJobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface QueueJobInfo {
  id: string;
  queue: QueueName;
  name: string;
  status: QueueJobStatus;
  progress: number;
  attemptsMade: number;
  result: unknown;
  failedReason: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface JobContext<T> {
  id: string;
  name: string;
  data: T;
  /** Attempts already made before this one (0 on the first run). */
  attemptsMade: number;
  progress(percent: number): Promise<void>;
}

export type JobHandler<T = unknown, R = unknown> = (job: JobContext<T>) => Promise<R>;

/**
 * Queue port. Bull on Redis when REDIS_URL is set, an in-process runner
 * otherwise; processors are written once against this interface.
 */
export abstract class JobQueue {
  abstract readonly kind: 'bull' | 'in-process';
  abstract enqueue<T>(queue: QueueName, name: string, data: T, options: EnqueueOptions): Promise<QueueJobInfo>;
  /** Several jobs in one round trip (each deduplicated by its job id as `enqueue` does). */
  abstract enqueueBulk(queue: QueueName, jobs: readonly BulkJob[]): Promise<void>;
  abstract getJob(queue: QueueName, jobId: string): Promise<QueueJobInfo | null>;
  /** Registers the processor of one job name (only in processes that run workers). */
  abstract process<T, R>(queue: QueueName, name: string, handler: JobHandler<T, R>, concurrency?: number): void;
  /** Resolves when the backend answers; rejects when it is unreachable. */
  abstract ping(): Promise<void>;
  /** Stops taking new jobs and waits for running ones. */
  abstract close(): Promise<void>;
}

export function backoffDelay(baseMs: number, attemptsMade: number): number {
  return baseMs * 2 ** Math.max(0, attemptsMade - 1);
}
