import { Global, Module } from '@nestjs/common';
import { CacheModule } from './cache/cache.module';
import { DomainEvents } from './events/domain-events';
import { UnitOfWork } from './events/unit-of-work';

@Global()
@Module({
  imports: [CacheModule],
  providers: [DomainEvents, UnitOfWork],
  exports: [DomainEvents, UnitOfWork, CacheModule],
})
export class CommonModule {}
