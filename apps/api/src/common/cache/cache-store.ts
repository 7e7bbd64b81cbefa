import KeyvRedis from '@keyv/redis';
import { Keyv } from 'keyv';
import type { AppConfig } from '../../config/app-config';

/**
 * The store under the cache: Redis (@keyv/redis) when CACHE_REDIS_URL or
 * REDIS_URL is set, shared by every process; an in-process map otherwise.
 * Values and namespace versions live in the same store.
 */
export function createCacheStore(config: Pick<AppConfig, 'cacheRedisUrl' | 'redisPrefix'>): Keyv {
  const namespace = `${config.redisPrefix}:cache`;
  if (!config.cacheRedisUrl) return new Keyv({ namespace });
  const store = new KeyvRedis(
    {
      url: config.cacheRedisUrl,
      socket: {
        connectTimeout: 1_000,
        // Keep retrying in the background; calls meanwhile fail fast and count as misses.
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2_000),
      },
      disableOfflineQueue: true,
    },
    { throwOnConnectError: false, throwOnErrors: true, connectionTimeout: 1_000 },
  );
  store.on('error', () => undefined);
  const keyv = new Keyv({ store, namespace, useKeyPrefix: false });
  keyv.on('error', () => undefined);
  return keyv;
}
