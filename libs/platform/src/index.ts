export {
  PlatformEnvironment,
  loadEnvironment,
  ConfigurationError,
  LOG_LEVELS,
} from './config/platform-environment';
export type { LogLevel } from './config/platform-environment';
export { JsonLogger } from './logging/json-logger';
export { startEmbeddedPostgres, EMBEDDED_DATABASE } from './database/embedded-postgres';
export type { EmbeddedPostgres, EmbeddedPostgresOptions } from './database/embedded-postgres';
export { appDataSourceOptions, PLATFORM_MIGRATIONS } from './database/data-source-options';
export type { AppDatabaseOptions } from './database/data-source-options';
export { migrateSchema } from './database/schema-migrator';
export { DomainException, DOMAIN_ERROR_STATUS } from './errors/domain.exception';
export type { DomainErrorKind } from './errors/domain.exception';
export { toErrorResponse } from './errors/error-body';
export type { ErrorBody } from './errors/error-body';
export { ROLES, hashApiKey, parseApiKeyEntries, ApiKeyRing, roleSatisfies } from './auth/api-key-entries';
export type { Role, ApiKeyPrincipal } from './auth/api-key-entries';
export { RequireRole, PublicRoute } from './auth/access.decorators';
export type { AuthenticatedRequest } from './auth/api-key.guard';
export { NonRetryableJobError, QueueJob } from './jobs/job-handler.decorator';
export type {
  JobHandler,
  JobProgressReporter,
  QueuedJob,
  QueueJobOptions,
} from './jobs/job-handler.decorator';
export { JobQueue } from './jobs/job-queue.service';
export type { EnqueueOptions, JobStatus } from './jobs/job-queue.service';
export { PlatformModule } from './platform.module';
export type { PlatformModuleOptions } from './platform.module';
export { PLATFORM_OPTIONS } from './platform.options';
export type { PlatformOptions, ServiceMode } from './platform.options';
export { createHttpApp } from './http/configure-http-app';
export type { HttpAppDescription, HttpLimits } from './http/configure-http-app';
export { runService } from './http/run-service';
export type { ServiceDefinition } from './http/run-service';
export { DEEPWORKS_VERSION } from './version';
export { DEMO_DATA_QUEUE, SeedDemoDataDto, demoDataJob } from './demo-data/seed-demo-data.dto';
export type { SeedDemoDataJob } from './demo-data/seed-demo-data.dto';
export { PageQueryDto } from './http/pagination.dto';
export type { Page } from './http/pagination.dto';
export { DemoDataController } from './demo-data/demo-data.controller';
export { insertInChunks } from './database/insert-in-chunks';
export type { InsertInChunksOptions } from './database/insert-in-chunks';
export { freePort } from './http/free-port';
export { EngineBackendService } from './engine/engine-backend.service';
export { ModelRegistry, digestDirectory } from './model-registry/model-registry.service';
export type {
  ModelVersion,
  ModelStatus,
  RegisterModelRequest,
} from './model-registry/model-registry.service';
export { ActiveModel } from './model-registry/active-model';
export type { ServedModel, ModelLoader, ActiveModelOptions } from './model-registry/active-model';
export { UsageError, requiredFlag, runCommandLine } from './cli/command-line';
