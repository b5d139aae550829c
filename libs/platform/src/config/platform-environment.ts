import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { parseApiKeyEntries } from '../auth/api-key-entries';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;

/**
 * Every variable the platform reads. Property names are the environment variable names, so that
 * a validation message names exactly what the operator has to fix. Apps extend this class with
 * their own variables; nothing else reads `process.env`.
 */
export class PlatformEnvironment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Unset: an embedded PostgreSQL is started under DEEPWORKS_HOME. */
  @ValidateIf((env: PlatformEnvironment) => env.DATABASE_URL !== '')
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL = '';

  @IsString()
  @IsNotEmpty()
  DEEPWORKS_HOME = '.deepworks';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsIP()
  HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(512 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** One uploaded file (an image, a DICOM study, an import file). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  UPLOAD_LIMIT_BYTES = 32 * 1024 * 1024;

  /** The engine's backend: `auto` takes the fastest that works here. */
  @IsIn(['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'])
  ENGINE_BACKEND = 'auto';

  /** XNNPACK threads of the `wasm` backend; above 1, tfjs' multi-threaded build (Node worker threads). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  ENGINE_WASM_THREADS = 1;

  /** Requests per API key per minute in one process (a burst of as many, refilled continuously). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  RATE_LIMIT_PER_MINUTE = 60_000;

  /**
   * Model artifacts kept per task besides the active one: this many most recently active retired
   * versions (rollback targets) and this many newest candidates; older artifacts are deleted.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  MODEL_RETENTION = 5;

  /** Requests without a valid API key per client address per minute in one process; beyond it 429. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  AUTH_FAILURES_PER_MINUTE = 600;

  /** A worker answers GET /health and /health/live on this port (on HOST); 0: no health port. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 0;

  /** Comma-separated origins allowed to call the API from a browser (CORS); empty: same origin only. */
  @Matches(/^(https?:\/\/[^\s,]+)?(,https?:\/\/[^\s,]+)*$/, {
    message: 'CORS_ORIGINS must be comma-separated http(s) origins',
  })
  CORS_ORIGINS = '';

  /** Comma-separated `label:role:sha256-of-key`; see the platform README. */
  @IsString()
  API_KEYS = '';
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Reads the variables `environmentClass` declares from `source`, applies defaults, validates them and
 * throws one ConfigurationError naming every bad variable. Empty strings count as unset.
 */
export function loadEnvironment<T extends PlatformEnvironment>(
  environmentClass: new () => T,
  source: NodeJS.ProcessEnv = process.env,
): T {
  const declared = Object.keys(new environmentClass());
  const provided: Record<string, string> = {};
  for (const name of declared) {
    const value = source[name];
    if (value !== undefined && value !== '') provided[name] = value;
  }
  const environment = plainToInstance(environmentClass, provided, { exposeDefaultValues: true });
  const problems = validateSync(environment, { forbidUnknownValues: true }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
  if (problems.length === 0) {
    try {
      parseApiKeyEntries(environment.API_KEYS);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}
