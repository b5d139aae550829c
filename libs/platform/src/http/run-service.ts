import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ConfigurationError,
  loadEnvironment,
  type PlatformEnvironment,
} from '../config/platform-environment';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { JsonLogger } from '../logging/json-logger';
import type { PlatformOptions, ServiceMode } from '../platform.options';
import { DEEPWORKS_VERSION } from '../version';
import { createHttpApp, type HttpAppDescription } from './configure-http-app';

export interface ServiceDefinition<E extends PlatformEnvironment> extends HttpAppDescription {
  app: string;
  environment: new () => E;
  port(environment: E): number;
  /** The app's root module for this mode; it imports PlatformModule.forRoot(options). */
  module(options: PlatformOptions & { environment: E }, logger: JsonLogger): DynamicModule;
}

/**
 * The one entry point of every app: `node main.js` serves the HTTP API, `node main.js --worker` runs
 * the job worker, from the same modules. Without DATABASE_URL the embedded PostgreSQL is used.
 */
export async function runService<E extends PlatformEnvironment>(
  definition: ServiceDefinition<E>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const mode: ServiceMode = argv.includes('--worker') ? 'worker' : 'api';
  let environment: E;
  try {
    environment = loadEnvironment(definition.environment);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`deepworks ${definition.app}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = new JsonLogger(
    mode === 'api' ? definition.app : `${definition.app}-worker`,
    environment.LOG_LEVEL,
  );
  const embedded = environment.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        home: environment.DEEPWORKS_HOME,
        port: environment.EMBEDDED_PG_PORT,
        log: (message) => logger.event('debug', message, {}, 'EmbeddedPostgres'),
      });
  const options = {
    app: definition.app,
    mode,
    version: DEEPWORKS_VERSION,
    environment,
    databaseUrl: environment.DATABASE_URL || embedded!.url,
  };
  const module = definition.module(options, logger);

  const app =
    mode === 'api'
      ? await createHttpApp(
          module,
          {
            bodyBytes: environment.BODY_LIMIT_BYTES,
            uploadBytes: environment.UPLOAD_LIMIT_BYTES,
            corsOrigins: environment.CORS_ORIGINS.split(',').filter((origin) => origin !== ''),
          },
          logger,
          definition,
        )
      : await NestFactory.createApplicationContext(module, { logger });

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    closing ??= (async () => {
      logger.event('info', 'service.stopping', { signal });
      await app.close();
      await embedded?.stop();
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // Under the launcher, the IPC channel closes when it dies, even by SIGKILL: never outlive it.
  if (process.connected) process.once('disconnect', () => shutdown('launcher exited'));

  if (mode === 'api') {
    const http = app as NestFastifyApplication;
    const port = definition.port(environment);
    await http.listen(port, environment.HOST);
    const base = `http://${environment.HOST}:${port}`;
    logger.event('info', 'service.listening', { url: base, docs: `${base}/docs`, health: `${base}/health` });
    // A supervising parent (the `npm start` launcher) learns the address whatever the log level.
    process.send?.({ type: 'service.listening', app: definition.app, url: base });
  } else {
    await app.init();
    logger.event('info', 'worker.started', {});
    process.send?.({ type: 'worker.started', app: definition.app });
  }
}
