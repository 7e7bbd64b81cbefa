import { CacheModule as NestCacheModule, type CacheModuleOptions } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createCacheStore } from './cache-store';
import { CacheService } from './cache.service';

/** @nestjs/cache-manager over Keyv (see createCacheStore), reached only through CacheService. */
@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): CacheModuleOptions => ({ stores: [createCacheStore(config)] }),
    }),
  ],
  providers: [CacheService],
  exports: [CacheService],
})
export class CacheModule {}
