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

/**
 * A ready body's builds over a fake cache: the `n`-th build answers `v<n>`, and
 * the one `held` says waits until `release()`.
 */
function heldBuilds(held: (n: number) => boolean) {
  const service = new CacheService(fakeCache().cache);
  const key = { id: 'page', namespaces: ['doctors'] };
  const state = { builds: 0, release: () => undefined as void };
  const build = async () => {
    const n = (state.builds += 1);
    if (held(n)) await new Promise<void>((resolve) => (state.release = resolve));
    return { body: Buffer.from(`v${n}`) };
  };
  const read = async () => (await service.readyBody(key, 1_000, build)).toString();
  return { service, state, read };
}

describe('CacheService', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

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

  it('rebuilds a ready body read near its expiry in the background, answering the kept body meanwhile', async () => {
    const { state, read } = heldBuilds((n) => n > 1);
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    expect(await read()).toBe('v1');
    clock.mockReturnValue(start + 500);
    expect(await read()).toBe('v1');
    expect(state.builds).toBe(1);
    // In the last quarter of its life: answered at once, rebuilt behind the answer (one rebuild).
    clock.mockReturnValue(start + 800);
    expect(await read()).toBe('v1');
    expect(await read()).toBe('v1');
    expect(state.builds).toBe(2);
    state.release();
    await new Promise((resolve) => setImmediate(resolve));
    // Past the first body's expiry the rebuilt one answers, with no build of its own.
    clock.mockReturnValue(start + 1_100);
    expect(await read()).toBe('v2');
    expect(state.builds).toBe(2);
  });

  it('does not keep a background rebuild that raced an invalidation', async () => {
    const { service, state, read } = heldBuilds((n) => n === 2);
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
    await read();
    clock.mockReturnValue(start + 800);
    expect(await read()).toBe('v1');
    const invalidated = service.invalidate('doctors');
    state.release();
    await invalidated;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await read()).toBe('v3');
  });
});
