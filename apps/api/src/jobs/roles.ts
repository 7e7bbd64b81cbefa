import type { AppConfig } from '../config/app-config';

/**
 * Which background duties this process takes (APP_ROLE). `api` serves HTTP
 * and only enqueues; `worker` runs the queue processors and the outbox relay;
 * `scheduler` runs the crons (which only enqueue); `all` does everything.
 * Without REDIS_URL jobs run in the process that enqueued them, so only
 * `all` is a useful role in the embedded setup.
 */
export function runsWorkers(config: Pick<AppConfig, 'appRole'>): boolean {
  return config.appRole === 'worker' || config.appRole === 'all';
}

export function runsScheduler(config: Pick<AppConfig, 'appRole'>): boolean {
  return config.appRole === 'scheduler' || config.appRole === 'all';
}

/** Only `api` and `all` answer the HTTP API; `worker` and `scheduler` answer just the health routes. */
export function servesHttpApi(config: Pick<AppConfig, 'appRole'>): boolean {
  return config.appRole === 'api' || config.appRole === 'all';
}
