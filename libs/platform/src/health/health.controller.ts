import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorFunction,
  type HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { PublicRoute } from '../auth/access.decorators';
import { EngineBackendService } from '../engine/engine-backend.service';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly engine: EngineBackendService,
  ) {}

  @Get()
  @PublicRoute()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 when the database answers, 503 otherwise' })
  check() {
    return this.health.check(serviceHealthIndicators(this.database, this.options, this.engine));
  }

  @Get('live')
  @PublicRoute()
  @ApiOperation({ summary: 'Liveness: 200 while the process serves requests' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

/** What every process of an app reports as its health (the API's `/health`, the worker's health port). */
export function serviceHealthIndicators(
  database: TypeOrmHealthIndicator,
  options: PlatformOptions,
  engine: EngineBackendService,
): HealthIndicatorFunction[] {
  return [
    () => database.pingCheck('db', { timeout: 2000 }),
    (): HealthIndicatorResult => ({
      service: { status: 'up', app: options.app, mode: options.mode, version: options.version },
    }),
    (): HealthIndicatorResult => {
      const { backend, skipped, threads } = engine.current();
      return { engine: { status: 'up', backend, threads, skipped } };
    },
  ];
}
