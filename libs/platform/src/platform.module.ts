import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyRing } from './auth/api-key-entries';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthFailureLimiter, KeyRateLimiter } from './auth/key-rate-limiter';
import { appDataSourceOptions, type AppDatabaseOptions } from './database/data-source-options';
import { SchemaMigrationHook } from './database/schema-migration.hook';
import { EngineBackendService } from './engine/engine-backend.service';
import { HealthController } from './health/health.controller';
import { JobProgressRepository } from './jobs/job-progress.repository';
import { JobQueue } from './jobs/job-queue.service';
import { JobWorker } from './jobs/job-worker.service';
import { JobsController } from './jobs/jobs.controller';
import { JsonLogger } from './logging/json-logger';
import { ModelRegistry } from './model-registry/model-registry.service';
import { ModelsController } from './model-registry/models.controller';
import { PLATFORM_OPTIONS, type PlatformOptions } from './platform.options';
import { WorkerHealthServer } from './health/worker-health.server';

export interface PlatformModuleOptions extends PlatformOptions {
  logger: JsonLogger;
  migrations: AppDatabaseOptions['migrations'];
}

/**
 * What every app imports once: database (its own schema, migrated at boot), the engine's backend,
 * API-key auth, health, the job queue, the model registry and, in worker mode, the job worker.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { logger, migrations, ...platform } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...appDataSourceOptions({ url: platform.databaseUrl, schema: platform.app, migrations }),
          autoLoadEntities: true,
          // Boot fails fast on a bad DATABASE_URL instead of retrying for minutes.
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        TerminusModule.forRoot({ logger: false }),
        DiscoveryModule,
      ],
      controllers: platform.mode === 'api' ? [HealthController, JobsController, ModelsController] : [],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: platform },
        { provide: JsonLogger, useValue: logger },
        { provide: ApiKeyRing, useValue: new ApiKeyRing(platform.environment.API_KEYS) },
        { provide: KeyRateLimiter, useValue: new KeyRateLimiter(platform.environment.RATE_LIMIT_PER_MINUTE) },
        {
          provide: AuthFailureLimiter,
          useValue: new AuthFailureLimiter(platform.environment.AUTH_FAILURES_PER_MINUTE),
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        SchemaMigrationHook,
        WorkerHealthServer,
        EngineBackendService,
        JobProgressRepository,
        JobQueue,
        JobWorker,
        ModelRegistry,
      ],
      exports: [PLATFORM_OPTIONS, JsonLogger, JobQueue, EngineBackendService, ModelRegistry],
    };
  }
}
