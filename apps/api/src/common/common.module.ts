import { Global, Module } from '@nestjs/common';
import { CacheModule } from './cache/cache.module';
import { DomainEvents } from './events/domain-events';

@Global()
@Module({
  imports: [CacheModule],
  providers: [DomainEvents],
  exports: [DomainEvents, CacheModule],
})
export class CommonModule {}
