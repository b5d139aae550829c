import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
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
    return this.health.check([
      () => this.database.pingCheck('db', { timeout: 2000 }),
      (): HealthIndicatorResult => ({
        service: { status: 'up', app: this.options.app, version: this.options.version },
      }),
      (): HealthIndicatorResult => {
        const { backend, skipped, threads } = this.engine.current();
        return { engine: { status: 'up', backend, threads, skipped } };
      },
    ]);
  }

  @Get('live')
  @PublicRoute()
  @ApiOperation({ summary: 'Liveness: 200 while the process serves requests' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
