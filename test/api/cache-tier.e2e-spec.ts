import { createCache } from 'cache-manager';
import Redis from 'ioredis';
import { RedisCacheBus, type CacheBus } from '../../apps/api/src/common/cache/cache-bus';
import { createCacheStore } from '../../apps/api/src/common/cache/cache-store';
import { CacheService } from '../../apps/api/src/common/cache/cache.service';
import type { ResponseTier } from '../../apps/api/src/common/cache/response-tier';
import { describeWhen, hasRedis, REDIS_MISSING } from '../support/environment';
import { eventually } from '../support/eventually';
import { suiteRedis, type SuiteRedis } from '../support/redis-server';

/**
 * The tier of ready bodies in front of the shared cache, with two cache
 * services standing for two API processes: one store, one invalidation bus.
 * In memory everywhere (a bus that delivers like pub/sub: later, on its
 * own), and on Redis pub/sub: REDIS_URL when set, else a throw-away
 * redis-server.
 */

/** Pub/sub in memory: each message reaches every attached tier on a later turn, then is acknowledged. */
class MemoryHub {
  private readonly tiers = new Set<ResponseTier>();
  connected = true;

  bus(): CacheBus & { tier: ResponseTier | null } {
    const attach = (tier: ResponseTier) => {
      this.tiers.add(tier);
      tier.setEnabled(this.connected);
      bus.tier = tier;
    };
    const bus = {
      tier: null as ResponseTier | null,
      attach,
      publish: async (namespaces: readonly string[]) => {
        if (!this.connected) return false;
        await new Promise((resolve) => setImmediate(resolve));
        for (const tier of this.tiers) tier.invalidate(namespaces);
        return true;
      },
      close: async () => undefined,
    };
    return bus;
  }

  /** The subscription drops (every tier clears and stops storing) or comes back. */
  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const tier of this.tiers) tier.setEnabled(connected);
  }
}

/** A promise with its resolve function, to hold a build until the test lets it go. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

const text = (body: Buffer) => body.toString('utf8');

interface Pair {
  a: CacheService;
  b: CacheService;
  /** Simulates losing and regaining process A's subscription; null where the test cannot. */
  dropSubscription: ((connected: boolean) => Promise<void>) | null;
  close(): Promise<void>;
}

async function memoryPair(): Promise<Pair> {
  const shared = createCache({ stores: [createCacheStore({ cacheRedisUrl: null, redisPrefix: 'tier' })] });
  const hub = new MemoryHub();
  const a = new CacheService(shared, hub.bus());
  const b = new CacheService(shared, hub.bus());
  return {
    a,
    b,
    dropSubscription: async (connected) => hub.setConnected(connected),
    close: async () => undefined,
  };
}

async function redisPair(url: string): Promise<Pair> {
  const prefix = `cache-tier-${process.pid}-${Date.now()}`;
  const closers: (() => Promise<void>)[] = [];
  const make = async () => {
    const keyv = createCacheStore({ cacheRedisUrl: url, redisPrefix: prefix });
    await keyv.get('connect');
    const bus = new RedisCacheBus(url, prefix);
    const service = new CacheService(createCache({ stores: [keyv] }), bus);
    closers.push(
      () => service.onApplicationShutdown(),
      () => keyv.disconnect(),
    );
    await eventually(() => service.tier.enabled, { what: 'the invalidation channel subscribed' });
    return service;
  };
  const a = await make();
  const b = await make();
  return {
    a,
    b,
    dropSubscription: null,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}

function tierSuite(name: string, makePair: () => Promise<Pair>, canDropSubscription: boolean): void {
  describe(name, () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await makePair();
    });
    afterAll(async () => {
      await pair.close();
    });

    const ns = () => `tier-${Math.random().toString(36).slice(2)}`;
    /** A body read through the tier, built from the "database" row via the shared cache. */
    const read = (service: CacheService, namespace: string, row: () => string, hold?: Promise<void>) =>
      service.readyBody({ id: `body:${namespace}`, namespaces: [namespace] }, 60_000, async () => {
        const value = await service.getOrLoad({ namespace }, 60_000, async () => {
          const seen = row();
          await hold;
          return seen;
        });
        return { body: Buffer.from(JSON.stringify({ value })) };
      });

    it('serves a ready body from the tier without building it again, until an invalidation in the other process', async () => {
      const namespace = ns();
      let row = 'v1';
      let builds = 0;
      const counted = () => {
        builds += 1;
        return row;
      };
      expect(text(await read(pair.a, namespace, counted))).toBe('{"value":"v1"}');
      expect(text(await read(pair.a, namespace, counted))).toBe('{"value":"v1"}');
      expect(builds).toBe(1);
      expect(pair.a.tier.get(`body:${namespace}`)).toBeDefined();

      row = 'v2';
      await pair.b.invalidate(namespace);
      // Awaited: process A has dropped its body already, so the very next read there is fresh.
      expect(pair.a.tier.get(`body:${namespace}`)).toBeUndefined();
      expect(text(await read(pair.a, namespace, counted))).toBe('{"value":"v2"}');
      expect(text(await read(pair.b, namespace, counted))).toBe('{"value":"v2"}');
    });

    it('a build that read before a write and finishes after the writer’s invalidation leaves nothing stale behind', async () => {
      const namespace = ns();
      let row = 'before';
      const release = gate();
      const readStarted = gate();
      const slow = read(
        pair.a,
        namespace,
        () => {
          readStarted.open();
          return row;
        },
        release.promise,
      );
      await readStarted.promise;

      // The write commits and is invalidated, awaited, through the other process while A's build is out.
      row = 'after';
      await pair.b.invalidate(namespace);
      release.open();
      expect(text(await slow)).toBe('{"value":"before"}');

      // Neither the tier of A nor the shared cache kept what was read before the write.
      expect(pair.a.tier.get(`body:${namespace}`)).toBeUndefined();
      expect(await pair.a.peek({ namespace })).toBeUndefined();
      expect(text(await read(pair.a, namespace, () => row))).toBe('{"value":"after"}');
      expect(text(await read(pair.b, namespace, () => row))).toBe('{"value":"after"}');
    });

    it('a read after the invalidation does not join a build that began before it; one before does', async () => {
      const namespace = ns();
      let row = 'before';
      const release = gate();
      const readStarted = gate();
      const slow = read(
        pair.a,
        namespace,
        () => {
          readStarted.open();
          return row;
        },
        release.promise,
      );
      await readStarted.promise;
      // A second miss while nothing changed waits for the same build (its loader is never called).
      const joined = read(pair.a, namespace, () => 'never read');

      row = 'after';
      await pair.b.invalidate(namespace);
      // The writer's next read, through A, must not be handed the build that read before the write.
      const fresh = read(pair.a, namespace, () => row);
      expect(text(await fresh)).toBe('{"value":"after"}');
      release.open();
      expect(text(await slow)).toBe('{"value":"before"}');
      expect(text(await joined)).toBe('{"value":"before"}');
    });

    // On a shared Redis one process's subscription cannot be dropped alone; the in-memory pair pins it.
    if (canDropSubscription)
      it('a lost subscription clears the tier and stores nothing until it is back', async () => {
        if (!pair.dropSubscription) throw new Error('this pair cannot drop its subscription');
        const namespace = ns();
        await read(pair.a, namespace, () => 'x');
        expect(pair.a.tier.size).toBeGreaterThan(0);
        await pair.dropSubscription(false);
        expect(pair.a.tier.size).toBe(0);
        await read(pair.a, namespace, () => 'x');
        expect(pair.a.tier.get(`body:${namespace}`)).toBeUndefined();
        await pair.dropSubscription(true);
        await read(pair.a, namespace, () => 'x');
        expect(pair.a.tier.get(`body:${namespace}`)).toBeDefined();
      });
  });
}

tierSuite('ready bodies across two processes (in memory)', memoryPair, true);

describeWhen(hasRedis, `${REDIS_MISSING} (the in-memory variant above runs everywhere)`)(
  'ready bodies across two processes (Redis pub/sub)',
  () => {
    let redis: SuiteRedis | null = null;
    beforeAll(async () => {
      redis = await suiteRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });
    tierSuite('on one Redis', () => redisPair(redis!.url), false);

    it('a process serving no API keeps no bodies and is not waited for; a writer acknowledges its own copy itself', async () => {
      const url = redis!.url;
      const prefix = `cache-roles-${process.pid}-${Date.now()}`;
      const keyv = createCacheStore({ cacheRedisUrl: url, redisPrefix: prefix });
      await keyv.get('connect');
      const store = createCache({ stores: [keyv] });
      const api = new CacheService(store, new RedisCacheBus(url, prefix));
      const other = new CacheService(store, new RedisCacheBus(url, prefix));
      const worker = new CacheService(store, new RedisCacheBus(url, prefix, { listen: false }));
      const watcher = new Redis(url);
      const probe = new Redis(url);
      const acks: string[] = [];
      try {
        await eventually(() => api.tier.enabled && other.tier.enabled, { what: 'the API processes subscribed' });
        await watcher.psubscribe(`${prefix}:cache:ack:*`);
        watcher.on('pmessage', (_pattern: string, channel: string) => acks.push(channel));
        const [, listeners] = (await probe.pubsub('NUMSUB', `${prefix}:cache:invalidate`)) as [string, number];
        expect(listeners).toBe(2);
        expect(worker.tier.enabled).toBe(false);

        // The worker's write reaches both API processes before its invalidation resolves.
        const namespace = `roles-${Math.random().toString(36).slice(2)}`;
        const body = (service: CacheService, value: string) =>
          service.readyBody({ id: `body:${namespace}`, namespaces: [namespace] }, 60_000, async () => ({
            body: Buffer.from(value),
          }));
        await body(api, 'v1');
        await body(other, 'v1');
        await worker.invalidate(namespace);
        expect(api.tier.get(`body:${namespace}`)).toBeUndefined();
        expect(other.tier.get(`body:${namespace}`)).toBeUndefined();
        await eventually(() => acks.length === 2, { what: 'both API processes acknowledged the worker' });

        // A write through one API process: one acknowledgement message (the other's), none for its own copy.
        acks.length = 0;
        await body(other, 'v2');
        await api.invalidate(namespace);
        expect(other.tier.get(`body:${namespace}`)).toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(acks).toHaveLength(1);
      } finally {
        for (const service of [api, other, worker]) await service.onApplicationShutdown();
        watcher.disconnect();
        probe.disconnect();
        await keyv.disconnect();
      }
    });
  },
);
