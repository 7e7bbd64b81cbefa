import { createCache } from 'cache-manager';
import { createCacheStore } from '../../apps/api/src/common/cache/cache-store';
import { CacheService } from '../../apps/api/src/common/cache/cache.service';
import { describeWhen, hasRedis, REDIS_MISSING } from '../support/environment';
import { suiteRedis, type SuiteRedis } from '../support/redis-server';

/**
 * The read-through's one promise, on the real stores: a value loaded before
 * a write commits and stored after the writer's invalidation is never served.
 * Each test runs on the in-process store and on Redis (REDIS_URL, or a
 * throw-away redis-server).
 */
/** A promise with its resolve function, to hold a loader until the test lets it go. */
function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** The suite on one store: `url` is its Redis, or null for the in-process store. */
const versioningOn = (url: () => string | null) => () => {
  const prefix = `cache-versioning-${process.pid}-${Date.now()}`;
  let processA: CacheService;
  let processB: CacheService;
  const disconnects: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    // Two services over two clients of one store: two API processes sharing the cache.
    const make = async () => {
      const keyv = createCacheStore({ cacheRedisUrl: url(), redisPrefix: prefix });
      disconnects.push(() => keyv.disconnect());
      await keyv.get('connect'); // connected before the first timed call
      return createCache({ stores: [keyv] });
    };
    const shared = await make();
    processA = new CacheService(shared);
    processB = new CacheService(url() ? await make() : shared);
  });
  afterAll(async () => {
    await Promise.all(disconnects.map((d) => d()));
  });

  it('a slow load started before an invalidation and stored after it is never read: the next read is fresh', async () => {
    const key = { namespace: `race-${Math.random()}` };
    let row = 'before the write';
    await processA.getOrLoad(key, 60_000, async () => row);

    // A reader misses (the namespace was just invalidated) and reads the database: the old row.
    await processA.invalidate(key.namespace);
    const loaderRan = gate<void>();
    const release = gate<void>();
    const slowRead = processA.getOrLoad(key, 60_000, async () => {
      const seen = row;
      loaderRan.open();
      await release.promise;
      return seen;
    });
    await loaderRan.promise;

    // The writer commits and invalidates (awaited) while that load is still out, in another process.
    row = 'after the write';
    await processB.invalidate(key.namespace);

    // Only now does the slow reader store what it read before the commit.
    release.open();
    expect(await slowRead).toBe('before the write');

    // Every later read, in either process, sees the write.
    const load = jest.fn(async () => row);
    expect(await processB.getOrLoad(key, 60_000, load)).toBe('after the write');
    expect(await processA.getOrLoad(key, 60_000, load)).toBe('after the write');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('an invalidation in one process is seen by the next read in another', async () => {
    const key = { namespace: `shared-${Math.random()}`, key: 'list' };
    expect(await processA.getOrLoad(key, 60_000, async () => 1)).toBe(1);
    expect(await processB.getOrLoad(key, 60_000, async () => 2)).toBe(1);
    await processB.invalidate(key.namespace);
    expect(await processA.getOrLoad(key, 60_000, async () => 3)).toBe(3);
    expect(await processB.peek(key)).toBe(3);
  });

  it('two invalidations racing each other both retire what was read before them', async () => {
    const key = { namespace: `twice-${Math.random()}` };
    await processA.getOrLoad(key, 60_000, async () => 'old');
    await Promise.all([processA.invalidate(key.namespace), processB.invalidate(key.namespace)]);
    expect(await processA.peek(key)).toBeUndefined();
    expect(await processB.getOrLoad(key, 60_000, async () => 'new')).toBe('new');
    expect(await processA.peek(key)).toBe('new');
  });
};

describe(
  'versioned read-through on the in-memory store',
  versioningOn(() => null),
);

describeWhen(hasRedis, `${REDIS_MISSING} (the in-memory store above runs everywhere)`)(
  'versioned read-through on the Redis store',
  () => {
    let redis: SuiteRedis | null = null;
    beforeAll(async () => {
      redis = await suiteRedis();
    });
    versioningOn(() => redis!.url)();
    afterAll(async () => {
      await redis?.stop();
    });
  },
);
