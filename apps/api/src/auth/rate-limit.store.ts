import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RedisConnection } from '../redis/redis.module';

export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends. */
  ttlMs: number;
}

/** INCR a counter and start its window on the first hit; returns the count and the time left. */
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Fixed-window counters shared by every process through Redis when it is
 * configured (kept in memory otherwise). Used for the per-address limit of
 * the credential routes, failed sign-ins per account and address, refreshes
 * per session, and exports per user. If Redis is
 * unreachable the counters fall back to this process's memory, so limits
 * still hold per process rather than vanishing.
 */
@Injectable()
export class RateLimitStore {
  private readonly logger = new Logger(RateLimitStore.name);
  private readonly memory = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(key: string): string {
    return `${this.config.redisPrefix}:rl:${key}`;
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const client = this.redis.client;
    if (client) {
      try {
        const [count, ttl] = (await client.eval(HIT_SCRIPT, 1, this.key(key), String(windowMs))) as [number, number];
        return { count, ttlMs: ttl };
      } catch (error) {
        this.logger.warn(`Rate-limit counters fall back to memory: ${(error as Error).message}`);
      }
    }
    return this.memoryHit(key, windowMs);
  }

  async peek(key: string): Promise<WindowCount> {
    const client = this.redis.client;
    if (client) {
      try {
        const [count, ttl] = await Promise.all([client.get(this.key(key)), client.pttl(this.key(key))]);
        return { count: Number(count ?? 0), ttlMs: Math.max(0, ttl) };
      } catch {
        // fall through to memory
      }
    }
    const entry = this.memory.get(key);
    const now = Date.now();
    return entry && entry.resetAt > now ? { count: entry.count, ttlMs: entry.resetAt - now } : { count: 0, ttlMs: 0 };
  }

  async reset(key: string): Promise<void> {
    this.memory.delete(key);
    await this.redis.client?.del(this.key(key)).catch(() => undefined);
  }

  private memoryHit(key: string, windowMs: number): WindowCount {
    const now = Date.now();
    let entry = this.memory.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.memory.size > 100_000) this.memory.clear();
      entry = { count: 0, resetAt: now + windowMs };
      this.memory.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, ttlMs: entry.resetAt - now };
  }
}

@Module({ providers: [RateLimitStore], exports: [RateLimitStore] })
export class RateLimitStoreModule {}
