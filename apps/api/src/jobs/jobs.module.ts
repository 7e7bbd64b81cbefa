import { BullModule, getQueueToken } from '@nestjs/bull';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AppConfig } from '../config/app-config';
import { BullJobQueue } from './bull-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueue, QUEUE_NAMES, QueueName } from './job-queue';

@Injectable()
class JobQueueShutdown implements OnApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}
  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/** Provides the JobQueue port: Bull when REDIS_URL is set, the in-process runner otherwise. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.redisUrl) {
      return {
        module: JobsModule,
        providers: [{ provide: JobQueue, useFactory: () => new InProcessJobQueue() }, JobQueueShutdown],
        exports: [JobQueue],
      };
    }
    return {
      module: JobsModule,
      imports: [
        BullModule.forRoot({
          redis: config.redisUrl,
          prefix: `${config.redisPrefix}:bull`,
        }),
        BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
      ],
      providers: [
        {
          provide: JobQueue,
          inject: QUEUE_NAMES.map((name) => getQueueToken(name)),
          useFactory: (...queues: Queue[]) =>
            new BullJobQueue(
              Object.fromEntries(QUEUE_NAMES.map((name, i) => [name, queues[i]])) as Record<QueueName, Queue>,
            ),
        },
        JobQueueShutdown,
      ],
      exports: [JobQueue, BullModule],
    };
  }
}
