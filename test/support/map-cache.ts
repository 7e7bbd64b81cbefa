import type { Cache } from 'cache-manager';

/** A map-backed store to put under the real CacheService in unit specs. */
export function mapCache(): Cache {
  const store = new Map<string, unknown>();
  return {
    get: async (key: string) => store.get(key),
    set: async (key: string, value: unknown) => void store.set(key, value),
  } as unknown as Cache;
}
