import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/auth.decorator';
import { CacheService } from '../common/cache/cache.service';
import { problem } from '../common/errors/problem';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withTimeout } from '../jobs/bull-job-queue';
import { JobQueue } from '../jobs/job-queue';

const CHECK_TIMEOUT_MS = 1_500;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly cache: CacheService,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @Public()
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database, cache and queue backends answer; 503 names the one that does not. */
  @Get('ready')
  @Public()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; `failing` names it' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database(), () => this.cacheBackend(), () => this.queueBackend()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw new ServiceUnavailableException({
        ...problem(503, `Not ready: ${failing.join(', ')} unavailable`, { code: 'not_ready' }),
        failing,
        checks: result.details,
      });
    }
  }

  private async database() {
    const check = this.indicator.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'database');
      return check.up({ kind: this.config.databaseUrl ? 'postgresql' : 'embedded' });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async cacheBackend() {
    const check = this.indicator.check('cache');
    if (!this.config.cacheRedisUrl) return check.up({ kind: 'memory' });
    try {
      await this.cache.ping();
      return check.up({ kind: 'redis', degraded: this.cache.degraded });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async queueBackend() {
    const check = this.indicator.check('queue');
    try {
      await this.queue.ping();
      return check.up({ kind: this.queue.kind });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
