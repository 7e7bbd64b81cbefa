import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MailerService } from '@nestjs-modules/mailer';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NotificationLogRepository } from './notification-log.repository';
import type { RenderedMail } from './templates';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

export interface OutgoingMail extends RenderedMail {
  to: { name: string; address: string };
  attachments?: MailAttachment[];
}

/** How long a 'sending' claim protects a key before another attempt may take it over. */
export const SEND_LEASE_MS = 2 * 60_000;
/** Parallel sends within one fan-out batch. */
export const SEND_CONCURRENCY = 16;

export type SendOutcome = 'sent' | 'skipped';

/**
 * Another attempt holds the key's claim and has not marked it sent (it is
 * sending now, or died mid-send). The job fails and is retried with backoff;
 * once the claim's lease runs out the retry takes it over.
 */
export class SendInFlightError extends Error {
  constructor(readonly keys: string[]) {
    super(`${keys.length} message(s) are being sent by another attempt (e.g. ${keys[0]}); retrying later`);
    this.name = 'SendInFlightError';
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Sends email through the configured transport (SMTP, or .eml files in
 * DATA_DIR/outbox), each message at most once per business key: the key is
 * claimed in the notification log before the send and marked sent after it.
 * The Message-ID derives from the key, so the rare duplicate (a worker dying
 * after the SMTP server accepted the message but before the mark) carries
 * the same Message-ID as the original and is recognisable as a duplicate.
 */
@Injectable()
export class MailSender {
  private readonly host: string;

  constructor(
    private readonly mailer: MailerService,
    private readonly log: NotificationLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.host = new URL(config.publicUrl).hostname || 'clinic.local';
  }

  messageId(key: string): string {
    return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${this.host}>`;
  }

  /** Claim, send, mark. Returns 'skipped' when the key was already sent (or is being sent elsewhere). */
  async sendOnce(
    key: string,
    kind: string,
    build: () => Promise<OutgoingMail | null> | OutgoingMail | null,
  ): Promise<SendOutcome> {
    const claimed = await this.log.claim(kind, [key], SEND_LEASE_MS);
    if (!claimed.has(key)) {
      const inFlight = await this.log.inFlight([key]);
      if (inFlight.length > 0) throw new SendInFlightError(inFlight);
      return 'skipped';
    }
    try {
      const mail = await build();
      if (mail) await this.deliver(key, mail);
    } catch (error) {
      await this.log.markFailed(key, (error as Error).message);
      throw error;
    }
    await this.log.markSent([key]);
    return 'sent';
  }

  /** Batch form for fan-out jobs: one claim and one mark statement per batch. */
  async sendMany<T>(
    kind: string,
    items: readonly T[],
    keyOf: (item: T) => string,
    build: (item: T) => OutgoingMail,
  ): Promise<{
    considered: number;
    sent: number;
    skipped: number;
    failed: number;
    inFlight: number;
    lastError: string | null;
  }> {
    const keys = items.map(keyOf);
    const claimed = await this.log.claim(kind, keys, SEND_LEASE_MS);
    const inFlight =
      claimed.size < keys.length ? (await this.log.inFlight(keys.filter((k) => !claimed.has(k)))).length : 0;
    const sentKeys: string[] = [];
    let failed = 0;
    let lastError: string | null = null;
    await mapLimit(
      items.filter((item) => claimed.has(keyOf(item))),
      SEND_CONCURRENCY,
      async (item) => {
        const key = keyOf(item);
        try {
          await this.deliver(key, build(item));
          sentKeys.push(key);
        } catch (error) {
          failed += 1;
          lastError = (error as Error).message;
          await this.log.markFailed(key, lastError);
        }
      },
    );
    await this.log.markSent(sentKeys);
    return {
      considered: items.length,
      sent: sentKeys.length,
      skipped: items.length - claimed.size - inFlight,
      failed,
      inFlight,
      lastError,
    };
  }

  /** False when the transport sends nothing (MAIL_TRANSPORT=noop): a caller may skip building the message. */
  get sends(): boolean {
    return this.config.mailTransport !== 'noop';
  }

  /** Sends one message now, without the log (the caller holds the claim). */
  async deliver(key: string, mail: OutgoingMail): Promise<void> {
    if (this.config.mailTransport === 'noop') return;
    // A reserved, never deliverable address (a patient registered without an email): nothing to send.
    if (mail.to.address.toLowerCase().endsWith('.invalid')) return;
    const info = (await this.mailer.sendMail({
      from: this.config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: this.messageId(key),
      headers: { 'X-Clinic-Notification': key },
      attachments: mail.attachments,
    })) as { message?: Buffer | string };
    if (this.config.mailTransport === 'file' && info.message !== undefined) {
      const dir = join(this.config.dataDir, 'outbox');
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
      await writeFile(`${file}.tmp`, info.message);
      await rename(`${file}.tmp`, file);
    }
  }
}
