import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CacheModule } from './cache/cache.module';
import { DomainEvents } from './events/domain-events';
import { UnitOfWork } from './events/unit-of-work';
import { RequestContextInterceptor } from './request-context';

@Global()
@Module({
  imports: [CacheModule],
  providers: [DomainEvents, UnitOfWork, { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor }],
  exports: [DomainEvents, UnitOfWork, CacheModule],
})
export class CommonModule {}
