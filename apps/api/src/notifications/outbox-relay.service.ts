import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MAIL_ATTEMPTS, MAIL_BACKOFF_MS } from '../jobs/job-policies';
import { JobQueue } from '../jobs/job-queue';
import { runsWorkers } from '../jobs/roles';
import { ACCOUNT_MAIL_JOB } from './account-mail.service';
import { ACCOUNT_NOTICE_JOB } from './account-notices.service';
import { APPOINTMENT_NOTICE_JOB } from './appointment-notices.service';
import type { OutboxKind } from './outbox.service';

export const RELAY_INTERVAL_MS = 1_000;
export const RELAY_MAX_BACKOFF_MS = 30_000;
export const RELAY_BATCH_SIZE = 100;

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
 * Moves committed outbox messages to the mail queue. Rows are claimed with
 * FOR UPDATE SKIP LOCKED (several workers never take the same row), each is
 * enqueued under its dedupe key as job id (a second enqueue is a no-op) and
 * then marked dispatched. When the queue is unreachable the rows stay
 * pending and the loop retries with backoff, so a booking made while Redis
 * is down still gets its confirmation once Redis is back. The loop runs in
 * worker/all processes; every process also relays right after a booking
 * event, so mail does not wait for the next poll.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private delayMs = RELAY_INTERVAL_MS;
  private stopped = false;
  private loop = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of ['appointment.booked', 'appointment.cancelled', 'appointment.rescheduled'] as const) {
      this.events.on(name, () => this.kick());
    }
    this.events.on('doctor.changed', ({ deactivated }) => (deactivated ? this.kick() : undefined));
    this.events.on('account.mail', () => this.kick());
    this.events.on('waitlist.offer_made', () => this.kick());
    if (runsWorkers(this.config)) {
      this.loop = true;
      this.schedule(0);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Relays soon, without waiting for the next poll (never blocks the caller). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) return;
    this.schedule(0);
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
    else if (this.loop) this.schedule(this.delayMs);
  }

  /** One batch: returns how many messages went to the queue. Throws when the queue refused one. */
  async relayOnce(): Promise<number> {
    const { relayed, failure } = await this.dataSource.transaction(async (em) => {
      const rows: PendingRow[] = await em.query(
        `SELECT id, kind, aggregate_id, dedupe_key, payload FROM outbox_messages
         WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [RELAY_BATCH_SIZE],
      );
      const done: string[] = [];
      let failure: Error | null = null;
      for (const row of rows) {
        try {
          await this.queue.enqueue('mail', ...jobOf(row), {
            jobId: row.dedupe_key,
            attempts: MAIL_ATTEMPTS,
            backoffMs: MAIL_BACKOFF_MS,
          });
          done.push(row.id);
        } catch (error) {
          failure = error as Error;
          await em.query(`UPDATE outbox_messages SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
            row.id,
            failure.message.slice(0, 2000),
          ]);
          break;
        }
      }
      if (done.length > 0) {
        await em.query(`UPDATE outbox_messages SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [done]);
      }
      return { relayed: done.length, failure: failure as Error | null };
    });
    // What went through is committed; a refused enqueue makes the loop back off.
    if (failure) throw new Error(`queue unavailable after ${relayed} message(s): ${failure.message}`);
    return relayed;
  }
}
