import type { Cache } from 'cache-manager';
import { CacheService } from './cache.service';

/** A map-backed cache that can be switched off to simulate Redis going away. */
function fakeCache() {
  const data = new Map<string, unknown>();
  const state = { down: false, hang: false };
  const call = async <T>(fn: () => T): Promise<T> => {
    if (state.hang) return new Promise<T>(() => undefined);
    if (state.down) throw new Error('connection refused');
    return fn();
  };
  const cache = {
    get: (k: string) => call(() => data.get(k)),
    set: (k: string, v: unknown) => call(() => void data.set(k, v)),
    mdel: (keys: string[]) => call(() => (keys.forEach((k) => data.delete(k)), true)),
  } as unknown as Cache;
  return { cache, data, state };
}

describe('CacheService', () => {
  afterEach(() => jest.useRealTimers());

  it('reads through: loads on a miss, answers from the cache on a hit', async () => {
    const { cache } = fakeCache();
    const service = new CacheService(cache);
    const load = jest.fn().mockResolvedValue({ n: 1 });
    expect(await service.wrap('k', 1000, load)).toEqual({ n: 1 });
    await new Promise((r) => setImmediate(r));
    expect(await service.wrap('k', 1000, load)).toEqual({ n: 1 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('fails open: a failing cache counts as a miss and the loader answers', async () => {
    const { cache, state } = fakeCache();
    state.down = true;
    const service = new CacheService(cache);
    await expect(service.wrap('k', 1000, async () => 'from-db')).resolves.toBe('from-db');
    expect(service.degraded).toBe(true);
  });

  it('times out a hanging cache call instead of waiting for it', async () => {
    const { cache, state } = fakeCache();
    state.hang = true;
    const service = new CacheService(cache);
    const started = Date.now();
    await expect(service.get('k')).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('drops a key whose invalidation failed during an outage before serving it again', async () => {
    const { cache, data, state } = fakeCache();
    const service = new CacheService(cache);
    data.set('doctors', 'stale');
    state.down = true;
    await service.del('doctors');
    state.down = false;
    jest.useFakeTimers({ now: Date.now() + 10_000 });
    expect(await service.get('doctors')).toBeUndefined();
    expect(data.has('doctors')).toBe(false);
  });
});
