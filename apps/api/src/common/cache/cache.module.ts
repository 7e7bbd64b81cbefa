import { CacheModule as NestCacheModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createCacheBus } from './cache-bus';
import { createCacheStore } from './cache-store';
import { servesHttpApi } from '../../jobs/roles';
import { CACHE_BUS, CacheService } from './cache.service';

/**
 * @nestjs/cache-manager over Keyv (see createCacheStore), reached only through CacheService,
 * with the bus that keeps every process's tier of ready bodies coherent (see createCacheBus).
 */
@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): CacheModuleOptions => ({ stores: [createCacheStore(config)] }),
    }),
  ],
  providers: [
    {
      provide: CACHE_BUS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createCacheBus(config, servesHttpApi(config)),
    },
    CacheService,
  ],
  exports: [CacheService],
})
export class CacheModule {}
