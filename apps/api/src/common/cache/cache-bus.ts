import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../../config/app-config';
import type { ResponseTier } from './response-tier';

/**
 * Carries cache invalidations between the processes that share one cache, so
 * each drops the ready bodies of its ResponseTier built from them.
 */
export interface CacheBus {
  /** Binds the tier this bus keeps coherent; the bus enables it while it can hear every invalidation. */
  attach(tier: ResponseTier): void;
  /**
   * Tells every process (this one included) that these namespaces changed.
   * Resolves true once each process listening has dropped them, false when
   * the message could not be sent or some process did not confirm in time.
   */
  publish(namespaces: readonly string[]): Promise<boolean>;
  close(): Promise<void>;
}

/** How long a writer waits for every process to confirm an invalidation before answering anyway. */
export const CACHE_BUS_ACK_TIMEOUT_MS = 500;

/** One process alone (no shared cache): its tier is the only one, always coherent. */
export class LocalCacheBus implements CacheBus {
  attach(tier: ResponseTier): void {
    tier.setEnabled(true);
  }
  async publish(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

interface PendingAck {
  needed: number;
  received: number;
  done: (ok: boolean) => void;
}

interface BusMessage {
  /** Sending process. */
  o: string;
  /** Message number within the sender. */
  m: number;
  /** Namespaces invalidated. */
  n: string[];
}

/**
 * Redis pub/sub: every process that serves the API subscribes to one
 * invalidation channel and to its own acknowledgement channel. A writer
 * publishes after its transaction committed and its new versions are in
 * Redis; PUBLISH answers how many processes received the message, and each
 * of them, once it has dropped the namespaces from its tier, acknowledges on
 * the sender's channel (the sender counts its own copy without a message).
 * The writer answers its client only after every acknowledgement (or the
 * timeout), so its next read, through whichever process, cannot be served a
 * body from before its write.
 *
 * The tier serves only while the subscription is up: a dropped or
 * reconnecting connection clears it and stops storing; it starts again empty
 * once the channels are subscribed again. A process that serves no API (a
 * worker, the scheduler) keeps no bodies: it publishes its invalidations and
 * hears only their acknowledgements, so writers never wait for it.
 */
export class RedisCacheBus implements CacheBus {
  private readonly logger = new Logger(RedisCacheBus.name);
  private readonly self = randomUUID();
  private readonly channel: string;
  private readonly ackChannel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  /** Whether this process hears invalidations (it keeps a tier); otherwise it hears only its acknowledgements. */
  private readonly listen: boolean;
  private readonly pending = new Map<number, PendingAck>();
  private next = 0;
  private tier: ResponseTier | null = null;
  private closed = false;

  /** `listen`: whether this process keeps a tier of bodies (it serves the API), so must hear every invalidation. */
  constructor(
    url: string,
    private readonly prefix: string,
    { listen = true }: { listen?: boolean } = {},
  ) {
    this.channel = `${prefix}:cache:invalidate`;
    this.ackChannel = `${prefix}:cache:ack:${this.self}`;
    const options = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1_000,
      retryStrategy: (times: number) => Math.min(times * 100, 2_000),
    };
    this.publisher = new Redis(url, { ...options, commandTimeout: 500 });
    this.publisher.on('error', () => undefined);
    this.listen = listen;
    this.subscriber = new Redis(url, { ...options, autoResubscribe: false });
    const subscriber = this.subscriber;
    let reported = false;
    subscriber.on('error', (error: Error) => {
      if (!reported) this.logger.warn(`Cache invalidation channel unavailable: ${error.message}`);
      reported = true;
      this.tier?.setEnabled(false);
    });
    for (const event of ['close', 'end', 'reconnecting']) subscriber.on(event, () => this.tier?.setEnabled(false));
    subscriber.on('ready', () => {
      reported = false;
      void this.subscribe();
    });
    subscriber.on('message', (channel: string, message: string) => this.receive(channel, message));
  }

  attach(tier: ResponseTier): void {
    this.tier = tier;
    tier.setEnabled(false);
    if (this.subscriber.status === 'ready') void this.subscribe();
  }

  async publish(namespaces: readonly string[]): Promise<boolean> {
    const id = (this.next += 1);
    let timer: NodeJS.Timeout | undefined;
    const acknowledged = new Promise<boolean>((resolve) => {
      this.pending.set(id, { needed: Number.POSITIVE_INFINITY, received: 0, done: resolve });
      timer = setTimeout(() => resolve(false), CACHE_BUS_ACK_TIMEOUT_MS);
    });
    try {
      const message: BusMessage = { o: this.self, m: id, n: [...namespaces] };
      const receivers = await this.publisher.publish(this.channel, JSON.stringify(message));
      const entry = this.pending.get(id);
      if (entry) {
        entry.needed = receivers;
        if (entry.received >= receivers) entry.done(true);
      }
      const ok = await acknowledged;
      if (!ok)
        this.logger.warn(`Cache invalidation not confirmed by every process within ${CACHE_BUS_ACK_TIMEOUT_MS} ms`);
      return ok;
    } catch (error) {
      this.logger.warn(`Cache invalidation not published: ${(error as Error).message}`);
      return false;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.tier?.setEnabled(false);
    await Promise.all(
      [this.subscriber, this.publisher].map((c) =>
        c.status === 'end' ? undefined : c.quit().catch(() => c.disconnect()),
      ),
    );
  }

  private async subscribe(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.listen) {
        await this.subscriber.subscribe(this.ackChannel);
        return;
      }
      await this.subscriber.subscribe(this.channel, this.ackChannel);
      // Only now does this process hear every invalidation: start from an empty tier.
      this.tier?.setEnabled(true);
    } catch (error) {
      this.logger.warn(`Cache invalidation channel not subscribed: ${(error as Error).message}`);
      this.tier?.setEnabled(false);
    }
  }

  private receive(channel: string, raw: string): void {
    if (channel === this.ackChannel) {
      const entry = this.pending.get(Number(raw));
      if (entry && (entry.received += 1) >= entry.needed) entry.done(true);
      return;
    }
    if (channel !== this.channel) return;
    let message: BusMessage;
    try {
      message = JSON.parse(raw) as BusMessage;
    } catch {
      // Unreadable: drop everything rather than guess.
      this.tier?.clear();
      return;
    }
    this.tier?.invalidate(message.n);
    if (message.o === this.self) {
      // PUBLISH counted this process among the receivers: its own copy acknowledges here.
      const entry = this.pending.get(message.m);
      if (entry && (entry.received += 1) >= entry.needed) entry.done(true);
      return;
    }
    void this.publisher.publish(`${this.prefix}:cache:ack:${message.o}`, String(message.m)).catch(() => {
      // The sender stops waiting at its timeout.
    });
  }
}

/**
 * The bus for this configuration: Redis pub/sub when the cache is shared,
 * none otherwise. `servesApi`: the process answers the HTTP API, so keeps a
 * tier of bodies and listens; other roles only publish.
 */
export function createCacheBus(config: Pick<AppConfig, 'cacheRedisUrl' | 'redisPrefix'>, servesApi: boolean): CacheBus {
  return config.cacheRedisUrl
    ? new RedisCacheBus(config.cacheRedisUrl, config.redisPrefix, { listen: servesApi })
    : new LocalCacheBus();
}
