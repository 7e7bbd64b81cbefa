import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MAIL_ATTEMPTS, MAIL_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { ACCOUNT_MAIL_JOB } from './account-mail.service';
import { ACCOUNT_NOTICE_JOB } from './account-notices.service';
import { APPOINTMENT_NOTICE_JOB } from './appointment-notices.service';
import { OUTBOX_CHANNEL, type OutboxKind } from './outbox.service';

export const RELAY_INTERVAL_MS = 1_000;
export const RELAY_MAX_BACKOFF_MS = 30_000;
export const RELAY_BATCH_SIZE = 100;
/** How long a claimed batch stays with its relay before another may take it. */
export const RELAY_LEASE_MS = 30_000;

/** The driver's connection as far as LISTEN needs it. */
interface NotifyingClient {
  on(event: 'notification', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

interface PendingRow {
  id: string;
  kind: OutboxKind;
  aggregate_id: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
}

/**
 * The mail job of one outbox row: appointment notices by appointment, password
 * links by their token, account notices by user.
 */
function jobOf(row: PendingRow): [string, Record<string, unknown>] {
  const common = { kind: row.kind, dedupeKey: row.dedupe_key, payload: row.payload ?? {} };
  switch (row.kind) {
    case 'account.password_reset':
    case 'account.invitation':
      return [ACCOUNT_MAIL_JOB, { kind: row.kind, tokenId: row.aggregate_id, dedupeKey: row.dedupe_key }];
    case 'account.locked':
      return [ACCOUNT_NOTICE_JOB, { ...common, userId: row.aggregate_id }];
    default:
      return [APPOINTMENT_NOTICE_JOB, { ...common, appointmentId: row.aggregate_id }];
  }
}

/**
 * Moves committed outbox messages to the mail queue, in worker (and `all`)
 * processes only: the API writes the message in its transaction, and the
 * same statement wakes the relays (NOTIFY on OUTBOX_CHANNEL, delivered at
 * commit). A batch is claimed in one statement (a lease on the rows, taken
 * with SKIP LOCKED, so several workers never take the same rows), enqueued
 * in bulk under each row's dedupe key as job id (a second enqueue is a
 * no-op) with no transaction open, then marked dispatched in one statement.
 * When the queue is unreachable the rows are released and stay pending, and
 * the loop retries with backoff, so a booking made while Redis is down still
 * gets its confirmation once Redis is back; a relay that dies after the
 * claim leaves rows another takes once the lease ran out (the job id and the
 * notification log keep the email single). The poll is the backstop of a
 * lost wake-up.
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
  private listener: QueryRunner | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!runsWorkers(this.config)) return;
    // In this process the after-commit events wake the relay without a round trip through the database.
    for (const name of ['appointment.booked', 'appointment.cancelled', 'appointment.rescheduled'] as const) {
      this.events.on(name, () => this.kick());
    }
    this.events.on('doctor.changed', ({ deactivated }) => (deactivated ? this.kick() : undefined));
    this.events.on('account.mail', () => this.kick());
    this.events.on('waitlist.offer_made', () => this.kick());
    this.loop = true;
    await this.listen();
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.listener?.release().catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  /** Relays soon, without waiting for the next poll (never blocks the caller). */
  kick(): void {
    if (this.stopped || !this.loop) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Wake-ups from other processes' commits, on a connection of its own
   * (PostgreSQL only; the embedded database serves one process).
   */
  private async listen(): Promise<void> {
    if (!this.config.databaseUrl) return;
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as NotifyingClient;
      client.on('notification', () => this.kick());
      client.on('error', (error: Error) => {
        this.logger.warn(`Outbox wake-ups lost (${error.message}); polling every ${RELAY_INTERVAL_MS} ms`);
      });
      await runner.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = runner;
    } catch (error) {
      this.logger.warn(`Outbox wake-ups unavailable (${(error as Error).message}); polling`);
      await runner.release().catch(() => undefined);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = null;
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
    if (!failed && (relayed === RELAY_BATCH_SIZE || this.again)) this.schedule(0);
    else if (this.loop) this.schedule(this.delayMs);
  }

  /** One batch: returns how many messages went to the queue. Throws when the queue refused them. */
  async relayOnce(): Promise<number> {
    const rows: PendingRow[] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox_messages m SET claimed_until = now() + make_interval(secs => $2)
          WHERE m.id IN (SELECT id FROM outbox_messages
                          WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                          ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING m.id, m.kind, m.aggregate_id, m.dedupe_key, m.payload, m.created_at)
       SELECT * FROM claimed ORDER BY created_at`,
      [RELAY_BATCH_SIZE, RELAY_LEASE_MS / 1000],
    );
    if (rows.length === 0) return 0;
    const ids = rows.map((r) => r.id);
    try {
      await this.queue.enqueueBulk(
        'mail',
        rows.map((row) => {
          const [name, data] = jobOf(row);
          return {
            name,
            data,
            options: { jobId: row.dedupe_key, attempts: MAIL_ATTEMPTS, backoffMs: MAIL_BACKOFF_MS },
          };
        }),
      );
    } catch (error) {
      const message = (error as Error).message;
      await this.dataSource.query(
        `UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE id = ANY($1::uuid[])`,
        [ids, message.slice(0, 2000)],
      );
      throw new Error(`queue unavailable, ${rows.length} message(s) left pending: ${message}`);
    }
    await this.dataSource.query(
      `UPDATE outbox_messages SET dispatched_at = now(), claimed_until = NULL WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.length;
  }
}
