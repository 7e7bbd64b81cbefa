import { randomUUID } from 'node:crypto';
import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { LocalCacheBus, type CacheBus } from './cache-bus';
import { ResponseTier, type TierTicket } from './response-tier';

/** Injection token of the CacheBus (see cache.module.ts). */
export const CACHE_BUS = Symbol('CACHE_BUS');

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

/**
 * A ready-to-send body in this process's ResponseTier: `id` tells answers
 * apart (route, page, query, user where the data is theirs), `namespaces`
 * are the cache namespaces it is built from (any invalidation drops it).
 */
export interface BodyKey {
  id: string;
  namespaces: readonly string[];
}

/** A body built for the tier; `expiresAt` (epoch ms) shortens its life when its content dates itself. */
export interface BuiltBody {
  body: Buffer;
  expiresAt?: number;
}

/** Longest life of a ready body in the tier: a backstop; invalidations drop bodies at once. */
export const READY_BODY_TTL_MS = 10_000;

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
 *
 * In front of the store sits this process's ResponseTier of ready bodies
 * (`readyBody`): a hit there costs no store call and no serialisation.
 * `invalidate` drops the namespaces from the tier, gives them new versions
 * in the store, then publishes them on the CacheBus and resolves once every
 * process has dropped them from its own tier: the writer's next read,
 * through any process, sees its write.
 */
@Injectable()
export class CacheService implements OnApplicationShutdown {
  private readonly logger = new Logger(CacheService.name);
  private bypassUntil = 0;
  /** Namespaces whose invalidation failed while the cache was away; retried before the next read is served. */
  private readonly pendingInvalidations = new Set<string>();
  /** Ready bodies of this process (see ResponseTier). */
  readonly tier = new ResponseTier(false);
  private readonly bus: CacheBus;
  /** Builds of ready bodies in progress, joined by the misses that arrive meanwhile. */
  private readonly building = new Map<string, { ticket: TierTicket; body: Promise<Buffer> }>();
  /** Invalidations of the current tick, sent together (see invalidate). */
  private openBatch: { namespaces: Set<string>; done: Promise<void> } | null = null;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Optional() @Inject(CACHE_BUS) bus?: CacheBus,
  ) {
    this.bus = bus ?? new LocalCacheBus();
    this.bus.attach(this.tier);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }

  /**
   * The ready body `key` from this process's tier, or built by `build` and
   * kept there for at most `ttlMs` (and its own `expiresAt`). `build` reads
   * through `getOrLoad` as usual, and names through `watch` any further
   * namespaces it finds it depends on, before reading them; a body whose
   * namespaces were invalidated while it was built is answered but not kept.
   * Misses that arrive while a body is being built wait for that build. A
   * body read near the end of its life is rebuilt in the background while it
   * is still served (ResponseTier.takeRefresh).
   */
  async readyBody(
    key: BodyKey,
    ttlMs: number,
    build: (watch: (namespaces: readonly string[]) => void) => Promise<BuiltBody>,
  ): Promise<Buffer> {
    const hit = this.tier.get(key.id);
    if (hit !== undefined) {
      // Near the end of its life: rebuilt in the background, still answered now (a failed rebuild
      // leaves the body to expire, and the next miss builds it as usual).
      if (this.tier.takeRefresh(key.id) && !this.building.has(key.id)) {
        this.startBuild(key, ttlMs, build).catch(() => undefined);
      }
      return hit;
    }
    // One build per body at a time: a miss joins the build in progress unless something it
    // depends on was invalidated since that build began (then its answer could predate the write).
    const running = this.building.get(key.id);
    if (running && this.tier.isCurrent(running.ticket)) return running.body;
    return this.startBuild(key, ttlMs, build);
  }

  /** Builds the body and keeps it in the tier unless something it was built from changed meanwhile. */
  private async startBuild(
    key: BodyKey,
    ttlMs: number,
    build: (watch: (namespaces: readonly string[]) => void) => Promise<BuiltBody>,
  ): Promise<Buffer> {
    const ticket = this.tier.begin(key.id, key.namespaces);
    const body = (async () => {
      const built = await build((namespaces) => this.tier.watch(ticket, namespaces));
      if (this.pendingInvalidations.size === 0) {
        const ttlEnd = Date.now() + Math.min(ttlMs, READY_BODY_TTL_MS);
        this.tier.store(ticket, built.body, Math.min(ttlEnd, built.expiresAt ?? ttlEnd));
      }
      return built.body;
    })();
    this.building.set(key.id, { ticket, body });
    try {
      return await body;
    } finally {
      if (this.building.get(key.id)?.body === body) this.building.delete(key.id);
    }
  }

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

  /**
   * `getOrLoad` for many entries at once: one store call for their versions,
   * one for their values, then `load` once with the indexes that missed (or
   * whose value `usable` refuses), each result stored under the version read
   * before the load. Answers the values in the order of `entries`.
   */
  async getOrLoadMany<T>(
    entries: readonly CacheKey[],
    ttlMs: number,
    load: (missed: number[]) => Promise<T[]>,
    usable: (value: T) => boolean = () => true,
  ): Promise<T[]> {
    if (entries.length === 0) return [];
    const versions = await this.currentVersions(entries.map((e) => e.namespace));
    const keys = entries.map((e, i) => (versions[i] === undefined ? undefined : valueKey(e, versions[i])));
    const present = keys.filter((k): k is string => k !== undefined);
    const raws =
      present.length === 0
        ? []
        : await this.guard(() => this.cache.mget<string>(present), [] as (string | undefined)[]);
    const values: (T | undefined)[] = entries.map(() => undefined);
    let r = 0;
    for (let i = 0; i < entries.length; i += 1) {
      if (keys[i] === undefined) continue;
      const raw = raws[r++];
      const value = typeof raw === 'string' ? (JSON.parse(raw) as T) : undefined;
      if (value !== undefined && usable(value)) values[i] = value;
    }
    const missed = values.flatMap((v, i) => (v === undefined ? [i] : []));
    if (missed.length > 0) {
      const loaded = await load(missed);
      const writes: { key: string; value: string; ttl: number }[] = [];
      missed.forEach((index, j) => {
        values[index] = loaded[j];
        const key = keys[index];
        if (key !== undefined) writes.push({ key, value: JSON.stringify(loaded[j]), ttl: ttlMs });
      });
      if (writes.length > 0) await this.guard(() => this.cache.mset(writes), undefined);
    }
    return values as T[];
  }

  /** Retires everything cached under these namespaces. Resolves once the store holds the new versions. */
  async invalidate(...namespaces: string[]): Promise<void> {
    if (namespaces.length === 0) return;
    this.tier.invalidate(namespaces);
    // Invalidations asked for in the same turn of the event loop (the listeners of one fact, and the writes
    // whose commits this turn's I/O answered) share one bump and one bus message: one round of
    // acknowledgements instead of one per listener and write. The batch goes out right after the turn's I/O.
    let batch = this.openBatch;
    if (!batch) {
      const pending = new Set<string>();
      const turnEnd = new Promise<void>((resolve) => setImmediate(resolve));
      batch = { namespaces: pending, done: turnEnd.then(() => this.flushBatch(pending)) };
      this.openBatch = batch;
    }
    for (const namespace of namespaces) batch.namespaces.add(namespace);
    return batch.done;
  }

  private async flushBatch(namespaces: Set<string>): Promise<void> {
    if (this.openBatch?.namespaces === namespaces) this.openBatch = null;
    const list = [...namespaces];
    const failed = await this.bump(list);
    for (const namespace of failed) this.pendingInvalidations.add(namespace);
    // After the store holds the new versions: a process that drops its bodies then rebuilds from them.
    // A message that could not be sent or confirmed is not retried: a process that missed it has
    // lost its subscription (its tier is cleared) or drops it late; bodies live READY_BODY_TTL_MS at most.
    await this.bus.publish(list);
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

  /** currentVersion for many namespaces (starting the missing ones), in two store calls at most. */
  private async currentVersions(namespaces: readonly string[]): Promise<(string | undefined)[]> {
    const none = namespaces.map(() => undefined);
    if (this.pendingInvalidations.size > 0 && !(await this.retryPending())) return none;
    const failed = Symbol('failed');
    const found = await this.guard<(string | undefined)[] | typeof failed>(
      () => this.cache.mget<string>(namespaces.map(versionKey)),
      failed,
    );
    if (found === failed) return none;
    const started: { key: string; value: string; ttl: number }[] = [];
    const versions = namespaces.map((namespace, i) => {
      const version = found[i];
      if (typeof version === 'string') return version;
      const fresh = randomUUID();
      started.push({ key: versionKey(namespace), value: fresh, ttl: CACHE_VERSION_TTL_MS });
      return fresh;
    });
    if (started.length === 0) return versions;
    const stored = await this.guard(() => this.cache.mset(started).then(() => true), false);
    if (stored) return versions;
    return versions.map((v, i) => (typeof found[i] === 'string' ? v : undefined));
  }

  private async read<T>(key: string): Promise<T | undefined> {
    const raw = await this.guard(() => this.cache.get<string>(key), undefined);
    return typeof raw === 'string' ? (JSON.parse(raw) as T) : undefined;
  }

  /**
   * Gives each namespace a new version; answers the namespaces that could not
   * be written. One guard (one timer) for all of them; the client sends the
   * commands of one tick in one write. (Not `mset`: the Redis store sends it
   * as MULTI/EXEC, which a client that could not connect never settles, and
   * its shutdown then waits for it.)
   */
  private async bump(namespaces: string[]): Promise<string[]> {
    const written = await this.guard(
      () =>
        Promise.all(
          namespaces.map((namespace) => this.cache.set(versionKey(namespace), randomUUID(), CACHE_VERSION_TTL_MS)),
        ).then(() => true),
      false,
      true,
    );
    return written ? [] : namespaces;
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
    const done = namespaces.filter((n) => !failed.has(n));
    for (const namespace of done) this.pendingInvalidations.delete(namespace);
    if (done.length > 0) await this.bus.publish(done);
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
