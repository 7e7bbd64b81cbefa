import { BullModule, getQueueToken } from '@nestjs/bull';
import { BeforeApplicationShutdown, DynamicModule, Global, Inject, Injectable, Module } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AppConfig } from '../config/app-config';
import { BullJobQueue } from './bull-job-queue';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueue, QUEUE_NAMES, QueueName } from './job-queue';

@Injectable()
/** Stops taking jobs and waits for running ones before the database and Redis connections close. */
class JobQueueShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}
  async beforeApplicationShutdown(): Promise<void> {
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
