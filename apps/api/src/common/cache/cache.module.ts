import KeyvRedis from '@keyv/redis';
import { CacheModule as NestCacheModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { Keyv } from 'keyv';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { CacheService } from './cache.service';

/**
 * @nestjs/cache-manager over Keyv: Redis (@keyv/redis) when CACHE_REDIS_URL or
 * REDIS_URL is set, an in-process map otherwise.
 */
@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): CacheModuleOptions => {
        if (!config.cacheRedisUrl) return { namespace: `${config.redisPrefix}:cache` };
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
        const keyv = new Keyv({ store, namespace: `${config.redisPrefix}:cache`, useKeyPrefix: false });
        keyv.on('error', () => undefined);
        return { stores: [keyv] };
      },
    }),
  ],
  providers: [CacheService],
  exports: [CacheService],
})
export class CacheModule {}
