import { randomUUID } from 'node:crypto';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';

/** Milliseconds a cache call may take before it counts as a miss. */
export const CACHE_CALL_TIMEOUT_MS = 150;
/** After a failure the cache is bypassed for this long, so an outage costs one timeout, not one per request. */
export const CACHE_BYPASS_AFTER_FAILURE_MS = 2_000;
/**
 * Lifetime of a namespace's version entry, refreshed by every invalidation.
 * Longer than any value's TTL; a version that expires only costs misses (the
 * next read starts a new version), never a stale hit.
 */
export const CACHE_VERSION_TTL_MS = 24 * 60 * 60_000;

export const CACHE_TTL = {
  doctors: 10 * 60_000,
  specializations: 60 * 60_000,
  dashboards: 5 * 60_000,
} as const;

/**
 * Where a cached value lives: `namespace` is the unit of invalidation (one
 * version counter), `key` tells values of one namespace apart.
 */
export interface CacheKey {
  namespace: string;
  key?: string;
}

const versionKey = (namespace: string) => `ver:${namespace}`;
const valueKey = (entry: CacheKey, version: string) => `${entry.namespace}@${version}:${entry.key ?? '-'}`;

/**
 * The one way into the cache: a read-through with versioned keys, and it
 * fails open.
 *
 * - `getOrLoad(key, ttlMs, load)` reads the namespace's current version, then
 *   the value stored under that version; on a miss it runs `load` and stores
 *   the result under the version it read first.
 * - `invalidate(...namespaces)` replaces each namespace's version with a new,
 *   never-reused one and resolves once the store has it. Call it after the
 *   writing transaction commits and await it before answering.
 *
 * Why versions: a load that started before a write commits can finish after
 * the writer's invalidation. Its value is stored under the version it read,
 * which is no longer current, so it is never served. Versions are random
 * rather than counted, so concurrent invalidations need no atomic increment
 * and every one of them retires what was read before it. The versions live in
 * the same store as the values: Redis when configured (shared by every
 * process), the process's memory otherwise.
 *
 * Every store call has a short timeout and a failure counts as a miss, so
 * Redis going away costs speed, never an error. An invalidation that could
 * not reach the store is retried before this process serves anything from
 * the cache again.
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger(CacheService.name);
  private bypassUntil = 0;
  /** Namespaces whose invalidation failed while the cache was away; retried before the next read is served. */
  private readonly pendingInvalidations = new Set<string>();

  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}

  /** Reads through the cache: a hit under the current version answers; a miss loads and stores (awaited). */
  async getOrLoad<T>(entry: CacheKey, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const version = await this.currentVersion(entry.namespace, true);
    if (version !== undefined) {
      const hit = await this.read<T>(valueKey(entry, version));
      if (hit !== undefined) return hit;
    }
    const value = await load();
    // Stored as one JSON string: the store's own serializer walks every node of a large
    // value with a reviver on each read, which cost a fifth of the CPU of a cached list.
    if (version !== undefined) {
      await this.guard(() => this.cache.set(valueKey(entry, version), JSON.stringify(value), ttlMs), undefined);
    }
    return value;
  }

  /** Retires everything cached under these namespaces. Resolves once the store holds the new versions. */
  async invalidate(...namespaces: string[]): Promise<void> {
    if (namespaces.length === 0) return;
    const failed = await this.bump(namespaces);
    for (const namespace of failed) this.pendingInvalidations.add(namespace);
  }

  /** The value a read would be served now, without loading (diagnostics and tests). */
  async peek<T>(entry: CacheKey): Promise<T | undefined> {
    const version = await this.currentVersion(entry.namespace, false);
    return version === undefined ? undefined : this.read<T>(valueKey(entry, version));
  }

  /** Resolves when the cache store answers within the timeout; rejects otherwise (readiness). */
  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.cache.get('health:ping'),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('cache did not answer')), CACHE_CALL_TIMEOUT_MS * 5);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** True while the cache is being bypassed after a failure. */
  get degraded(): boolean {
    return Date.now() < this.bypassUntil;
  }

  /**
   * The namespace's version, starting one when it has none (`start`), or
   * undefined when the cache cannot be trusted right now (unreachable, or an
   * invalidation of this process still pending): the caller then loads and
   * stores nothing.
   */
  private async currentVersion(namespace: string, start: boolean): Promise<string | undefined> {
    if (this.pendingInvalidations.size > 0 && !(await this.retryPending())) return undefined;
    const failed = Symbol('failed');
    const found = await this.guard<string | undefined | typeof failed>(
      () => this.cache.get<string>(versionKey(namespace)),
      failed,
    );
    if (found === failed) return undefined;
    if (typeof found === 'string') return found;
    if (!start) return undefined;
    // A namespace nobody has read or invalidated lately. Two readers may start it at once;
    // the one whose version is overwritten only misses once.
    const version = randomUUID();
    const stored = await this.guard(
      () => this.cache.set(versionKey(namespace), version, CACHE_VERSION_TTL_MS).then(() => true),
      false,
    );
    return stored ? version : undefined;
  }

  private async read<T>(key: string): Promise<T | undefined> {
    const raw = await this.guard(() => this.cache.get<string>(key), undefined);
    return typeof raw === 'string' ? (JSON.parse(raw) as T) : undefined;
  }

  /** Gives each namespace a new version; answers the namespaces that could not be written. */
  private async bump(namespaces: string[]): Promise<string[]> {
    const results = await Promise.all(
      namespaces.map(async (namespace) => {
        const ok = await this.guard(
          () => this.cache.set(versionKey(namespace), randomUUID(), CACHE_VERSION_TTL_MS).then(() => true),
          false,
          true,
        );
        return ok ? null : namespace;
      }),
    );
    return results.filter((n): n is string => n !== null);
  }

  /**
   * A write whose invalidation could not reach the cache must not be hidden by
   * the entry it meant to retire once the cache is back: retry those
   * invalidations first, and treat every read as a miss until they succeed.
   */
  private async retryPending(): Promise<boolean> {
    if (this.degraded) return false;
    const namespaces = [...this.pendingInvalidations];
    const failed = new Set(await this.bump(namespaces));
    for (const namespace of namespaces) if (!failed.has(namespace)) this.pendingInvalidations.delete(namespace);
    return failed.size === 0;
  }

  private async guard<T>(call: () => Promise<T>, fallback: T, always = false): Promise<T> {
    if (!always && this.degraded) return fallback;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        call(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('cache call timed out')), CACHE_CALL_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      if (!this.degraded) this.logger.warn(`Cache unavailable, serving from the database: ${(error as Error).message}`);
      this.bypassUntil = Date.now() + CACHE_BYPASS_AFTER_FAILURE_MS;
      return fallback;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
