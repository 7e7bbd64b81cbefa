import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MAIL_ATTEMPTS, MAIL_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue, type BulkJob } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { ACCOUNT_MAIL_JOB } from './account-mail.service';
import { ACCOUNT_NOTICE_JOB } from './account-notices.service';
import {
  APPOINTMENT_NOTICES_JOB,
  type AppointmentNoticeBatch,
  type AppointmentNoticeData,
} from './appointment-notices.service';
import { RedisConnection } from '../redis/redis.module';
import type { OutboxKind } from './outbox.service';

export const RELAY_INTERVAL_MS = 1_000;
export const RELAY_MAX_BACKOFF_MS = 30_000;
export const RELAY_BATCH_SIZE = 100;
/** How long a claimed batch stays with its relay before another may take it. */
export const RELAY_LEASE_MS = 30_000;
/**
 * Wake-ups within this long are answered by one batch, and an API process
 * publishes at most one wake-up per this long: under a burst of bookings the
 * relay takes a hundred messages per claim instead of one or two, and each
 * booking does not cost a Redis message. A claim's cost hardly depends on
 * its size (under booking load it read about 12,800 entries of the pending
 * index, most of them of messages already dispatched), and each batch is one
 * mail job: at 20 ms, alternating booking runs spent 0.07 to 0.09 ms of the
 * worker's CPU per booking and 0.94 to 1.07 ms of PostgreSQL's; at 100 ms,
 * 0.046 to 0.056 and 0.87 to 0.97. A confirmation leaves at most this much
 * later.
 */
export const RELAY_COALESCE_MS = 100;
/**
 * A claim within RELAY_INTERVAL_MS of the last full one reads only messages
 * written from this long before the previous claim on (by the database's
 * clock): under load the pending index holds the entries of thousands of
 * messages already dispatched (dead until a vacuum), and a claim from the
 * oldest reads every one of them. A message whose transaction committed
 * later than this after it began waits for the next full claim, at most
 * RELAY_INTERVAL_MS.
 */
export const RELAY_WINDOW_MARGIN_MS = 250;

interface PendingRow {
  id: string;
  kind: OutboxKind;
  aggregate_id: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
}

const mailJob = (name: string, data: unknown, jobId: string): BulkJob => ({
  name,
  data,
  options: { jobId, attempts: MAIL_ATTEMPTS, backoffMs: MAIL_BACKOFF_MS },
});

/**
 * The mail jobs of a claimed batch: password links by their token and
 * account notices by user, one job per row under the row's dedupe key; the
 * appointment notices (and waitlist offers) together in one job, in outbox
 * order, under the first row's key and their count (a batch claimed again
 * after a lost lease is the same job; one made up otherwise sends nothing
 * twice: the notification log keeps each email single).
 */
function jobsOf(rows: readonly PendingRow[]): { job: BulkJob; rowIds: string[] }[] {
  const jobs: { job: BulkJob; rowIds: string[] }[] = [];
  const notices: AppointmentNoticeData[] = [];
  const noticeIds: string[] = [];
  for (const row of rows) {
    const common = { kind: row.kind, dedupeKey: row.dedupe_key, payload: row.payload ?? {} };
    const own = (name: string, data: unknown) =>
      jobs.push({ job: mailJob(name, data, row.dedupe_key), rowIds: [row.id] });
    switch (row.kind) {
      case 'account.password_reset':
      case 'account.invitation':
        own(ACCOUNT_MAIL_JOB, { kind: row.kind, tokenId: row.aggregate_id, dedupeKey: row.dedupe_key });
        break;
      case 'account.locked':
        own(ACCOUNT_NOTICE_JOB, { ...common, userId: row.aggregate_id });
        break;
      default:
        notices.push({ ...common, kind: row.kind, appointmentId: row.aggregate_id });
        noticeIds.push(row.id);
    }
  }
  if (notices.length > 0) {
    const batch: AppointmentNoticeBatch = { notices };
    const jobId = `notices:${notices[0].dedupeKey}:${notices.length}`;
    jobs.push({ job: mailJob(APPOINTMENT_NOTICES_JOB, batch, jobId), rowIds: noticeIds });
  }
  return jobs;
}

/**
 * Moves committed outbox messages to the mail queue, in worker (and `all`)
 * processes only. A process that commits a change needing mail wakes the
 * relays after the commit: in a worker process directly, in an API process by
 * a Redis publish on `<REDIS_PREFIX>:outbox-wake` that the workers subscribe
 * to (never awaited by the request; a lost wake-up waits for the next poll).
 * A batch is claimed in one statement (a lease on the rows, taken with SKIP
 * LOCKED, so several workers never take the same rows), enqueued in bulk
 * (see jobsOf; a second enqueue of a job id is a no-op) with no transaction
 * open, then marked dispatched in one statement. When the
 * queue is unreachable the rows are released and stay pending, and the loop
 * retries with backoff, so a booking made while Redis is down still gets its
 * confirmation once Redis is back; a relay that dies after the claim leaves
 * rows another takes once the lease ran out (the job id and the notification
 * log keep the email single).
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private delayMs = RELAY_INTERVAL_MS;
  private stopped = false;
  private loop = false;
  private again = false;
  private subscriber: Redis | null = null;
  /** When the scheduled relay runs (epoch ms), or null. */
  private dueAt: number | null = null;
  private publishing: Promise<void> | null = null;
  private publishAgain = false;
  /** Where the next claim may start reading (the database's time), or null: the next claim is full. */
  private windowFrom: Date | null = null;
  /** When the last full claim ran (this process's clock). */
  private lastFullClaimAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly events: DomainEvents,
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get channel(): string {
    return `${this.config.redisPrefix}:outbox-wake`;
  }

  onApplicationBootstrap(): void {
    this.loop = runsWorkers(this.config);
    const wake = () => this.wake();
    for (const name of ['appointment.booked', 'appointment.cancelled', 'appointment.rescheduled'] as const) {
      this.events.on(name, wake);
    }
    this.events.on('doctor.changed', ({ deactivated }) => (deactivated ? wake() : undefined));
    this.events.on('account.mail', wake);
    this.events.on('waitlist.offer_made', wake);
    if (this.loop) {
      this.subscribe();
      this.schedule(0);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.subscriber?.disconnect();
    await this.running?.catch(() => undefined);
  }

  /** After a commit that wrote outbox messages: relays here, or tells the workers (never blocks the caller). */
  wake(): void {
    if (this.loop) this.kick();
    else this.publishWake();
  }

  /** Relays within RELAY_COALESCE_MS, without waiting for the next poll (never blocks the caller). */
  kick(): void {
    if (this.stopped || !this.loop) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.dueAt !== null && this.dueAt <= Date.now() + RELAY_COALESCE_MS) return;
    this.schedule(RELAY_COALESCE_MS);
  }

  /**
   * One publish per RELAY_COALESCE_MS at most: the first wake-up publishes at
   * once, those during the pause after it are folded into one at its end.
   */
  private publishWake(): void {
    const client = this.redis.client;
    if (this.stopped || !client) return;
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.publishAgain = false;
    this.publishing = client
      .publish(this.channel, '1')
      .then(() => undefined)
      .catch(() => undefined)
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, RELAY_COALESCE_MS).unref?.()))
      .finally(() => {
        this.publishing = null;
        if (this.publishAgain) this.publishWake();
      });
  }

  /**
   * Wake-ups from API processes, on a Redis connection of its own (none
   * without Redis: then one process does everything). Subscribing does not
   * hold up the start: ioredis subscribes once Redis answers, and again after
   * every reconnect.
   */
  private subscribe(): void {
    if (!this.redis.client) return;
    const subscriber = this.redis.client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    subscriber.on('error', () => undefined);
    subscriber.on('message', () => this.kick());
    this.subscriber = subscriber;
    subscriber.subscribe(this.channel).catch((error: Error) => {
      this.logger.warn(`Outbox wake-ups unavailable (${error.message}); polling`);
    });
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.dueAt = null;
    if (this.running) return;
    let relayed = 0;
    let failed = false;
    this.again = false;
    this.running = this.relayOnce();
    try {
      relayed = await this.running;
      this.delayMs = RELAY_INTERVAL_MS;
    } catch (error) {
      failed = true;
      this.delayMs = Math.min(this.delayMs * 2, RELAY_MAX_BACKOFF_MS);
      this.logger.warn(`Outbox relay: ${(error as Error).message}; next try in ${this.delayMs} ms`);
    } finally {
      this.running = null;
    }
    if (!failed && relayed === RELAY_BATCH_SIZE) this.schedule(0);
    else if (!failed && this.again) this.schedule(RELAY_COALESCE_MS);
    else if (this.loop) this.schedule(this.delayMs);
  }

  /**
   * One batch: returns how many messages went to the queue. Throws when the
   * queue refused them. A full claim reads the pending messages from the
   * oldest; one after a recent claim that left nothing behind reads only
   * those written since shortly before it (RELAY_WINDOW_MARGIN_MS), and at
   * least every RELAY_INTERVAL_MS a claim is full again.
   */
  async relayOnce(): Promise<number> {
    const full = this.windowFrom === null || Date.now() - this.lastFullClaimAt >= RELAY_INTERVAL_MS;
    const since = full ? null : this.windowFrom;
    if (full) this.lastFullClaimAt = Date.now();
    this.windowFrom = null;
    const claimed: (PendingRow & { window_from: Date })[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox_messages m SET claimed_until = now() + make_interval(secs => $2)
          WHERE m.id IN (SELECT id FROM outbox_messages
                          WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                            ${since === null ? '' : 'AND created_at >= $4::timestamptz'}
                          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING m.id, m.kind, m.aggregate_id, m.dedupe_key, m.payload, m.created_at)
       SELECT c.*, now() - make_interval(secs => $3) AS window_from
         FROM (SELECT 1) AS one LEFT JOIN claimed c ON true ORDER BY c.created_at`,
      [RELAY_BATCH_SIZE, RELAY_LEASE_MS / 1000, RELAY_WINDOW_MARGIN_MS / 1000, ...(since === null ? [] : [since])],
    );
    const rows: PendingRow[] = claimed.filter((r) => r.id !== null);
    // A batch that filled up may have left older messages of its window behind: the next claim starts where this one did.
    this.windowFrom = rows.length === RELAY_BATCH_SIZE ? since : (claimed[0]?.window_from ?? null);
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    const jobs = jobsOf(rows);
    try {
      await this.queue.enqueueBulk(
        'mail',
        jobs.map((j) => j.job),
      );
    } catch (error) {
      const message = (error as Error).message;
      this.windowFrom = null;
      await this.dataSource.query(
        `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE id = ANY($1::uuid[])`,
        [ids, message.slice(0, 2000)],
      );
      throw new Error(`queue unavailable, ${rows.length} message(s) left pending: ${message}`);
    }
    const jobIds = new Map(jobs.flatMap(({ job, rowIds }) => rowIds.map((id) => [id, job.options.jobId])));
    await this.dataSource.query(
      `UPDATE outbox_messages m SET dispatched_at = now(), claimed_until = NULL, job_id = j.job_id
         FROM unnest($1::uuid[], $2::varchar[]) AS j(id, job_id) WHERE m.id = j.id`,
      [ids, ids.map((id) => jobIds.get(id) ?? null)],
    );
    return rows.length;
  }
}
