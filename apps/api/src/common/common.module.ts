import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CacheModule } from './cache/cache.module';
import { DomainEvents } from './events/domain-events';
import { RequestContextInterceptor } from './request-context';

@Global()
@Module({
  imports: [CacheModule],
  providers: [DomainEvents, { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor }],
  exports: [DomainEvents, CacheModule],
})
export class CommonModule {}
