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
  } as unknown as Cache;
  return { cache, data, state };
}

const doctors = { namespace: 'doctors' };

describe('CacheService', () => {
  afterEach(() => jest.useRealTimers());

  it('reads through: loads on a miss, answers from the cache on a hit', async () => {
    const { cache } = fakeCache();
    const service = new CacheService(cache);
    const load = jest.fn().mockResolvedValue({ n: 1 });
    expect(await service.getOrLoad(doctors, 1000, load)).toEqual({ n: 1 });
    expect(await service.getOrLoad(doctors, 1000, load)).toEqual({ n: 1 });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps the values of one namespace apart by key, and invalidates them together', async () => {
    const { cache } = fakeCache();
    const service = new CacheService(cache);
    await service.getOrLoad({ namespace: 'doctors', key: 'a' }, 1000, async () => 'A');
    await service.getOrLoad({ namespace: 'doctors', key: 'b' }, 1000, async () => 'B');
    await service.getOrLoad({ namespace: 'other' }, 1000, async () => 'O');
    expect(await service.peek({ namespace: 'doctors', key: 'a' })).toBe('A');
    expect(await service.peek({ namespace: 'doctors', key: 'b' })).toBe('B');
    await service.invalidate('doctors');
    expect(await service.peek({ namespace: 'doctors', key: 'a' })).toBeUndefined();
    expect(await service.peek({ namespace: 'doctors', key: 'b' })).toBeUndefined();
    expect(await service.peek({ namespace: 'other' })).toBe('O');
  });

  it('fails open: a failing cache counts as a miss and the loader answers', async () => {
    const { cache, state } = fakeCache();
    state.down = true;
    const service = new CacheService(cache);
    await expect(service.getOrLoad(doctors, 1000, async () => 'from-db')).resolves.toBe('from-db');
    expect(service.degraded).toBe(true);
  });

  it('times out a hanging cache call instead of waiting for it', async () => {
    const { cache, state } = fakeCache();
    state.hang = true;
    const service = new CacheService(cache);
    const started = Date.now();
    await expect(service.getOrLoad(doctors, 1000, async () => 'from-db')).resolves.toBe('from-db');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retires a namespace whose invalidation failed during an outage before serving it again', async () => {
    const { cache, state } = fakeCache();
    const service = new CacheService(cache);
    await service.getOrLoad(doctors, 60_000, async () => 'stale');
    state.down = true;
    await service.invalidate('doctors');
    state.down = false;
    jest.useFakeTimers({ now: Date.now() + 10_000 });
    expect(await service.getOrLoad(doctors, 60_000, async () => 'fresh')).toBe('fresh');
    expect(await service.getOrLoad(doctors, 60_000, async () => 'not loaded')).toBe('fresh');
  });

  it('stores nothing while an invalidation is still pending', async () => {
    const { cache, data, state } = fakeCache();
    const service = new CacheService(cache);
    state.down = true;
    await service.invalidate('doctors');
    const before = data.size;
    jest.useFakeTimers({ now: Date.now() + 10_000 });
    await expect(service.getOrLoad(doctors, 60_000, async () => 'from-db')).resolves.toBe('from-db');
    expect(data.size).toBe(before);
  });
});
