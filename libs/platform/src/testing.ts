import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { loadEnvironment, type PlatformEnvironment } from './config/platform-environment';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { freePort } from './http/free-port';
import { createHttpApp } from './http/configure-http-app';
import { JsonLogger } from './logging/json-logger';
import type { PlatformOptions, ServiceMode } from './platform.options';
import { hashApiKey } from './auth/api-key-entries';
import { DEEPWORKS_VERSION } from './version';

export { freePort };

export interface TestDatabase {
  url: string;
  teardown(): Promise<void>;
}

/**
 * A fresh, empty database for one test run: on the server in DATABASE_URL when set (CI's real
 * PostgreSQL), otherwise on an embedded PostgreSQL started in a temporary directory.
 */
export async function startTestDatabase(serverUrl = process.env.DATABASE_URL): Promise<TestDatabase> {
  const name = `deepworks_test_${process.pid}_${Date.now().toString(36)}`;
  if (serverUrl) {
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    return {
      url: withDatabase(serverUrl, name),
      teardown: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const home = await mkdtemp(join(tmpdir(), 'deepworks-test-'));
  // The cluster may run as the `postgres` system user, which must reach its directory.
  await chmod(home, 0o755);
  const server = await startEmbeddedPostgres({ home, port: await freePort() });
  return {
    url: server.url,
    teardown: async () => {
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Keys the test apps accept, one per role. */
export const TEST_API_KEYS = {
  reader: 'test-reader-key',
  writer: 'test-writer-key',
  clinician: 'test-clinician-key',
  admin: 'test-admin-key',
} as const;

export const TEST_API_KEYS_CONFIG = Object.entries(TEST_API_KEYS)
  .map(([role, key]) => `test-${role}:${role}:${hashApiKey(key)}`)
  .join(',');

export interface TestAppOptions<E extends PlatformEnvironment> {
  app: string;
  databaseUrl: string;
  environment: new () => E;
  module(options: PlatformOptions & { environment: E }, logger: JsonLogger): DynamicModule;
  env?: Record<string, string>;
}

export interface TestApp {
  /** `http://127.0.0.1:<port>`: tests talk real HTTP. */
  baseUrl: string;
  nest: NestFastifyApplication;
  close(): Promise<void>;
}

function testPlatform<E extends PlatformEnvironment>(options: TestAppOptions<E>, mode: ServiceMode) {
  const environment = loadEnvironment(options.environment, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    API_KEYS: TEST_API_KEYS_CONFIG,
    DATABASE_URL: options.databaseUrl,
    ...options.env,
  });
  const logger = new JsonLogger(
    mode === 'api' ? options.app : `${options.app}-worker`,
    environment.LOG_LEVEL,
  );
  const platform = {
    app: options.app,
    mode,
    version: DEEPWORKS_VERSION,
    environment,
    databaseUrl: options.databaseUrl,
  };
  return { environment, logger, platform };
}

/** Boots an app's API exactly as `runService` does (same modules, migrations, filters), on a free port. */
export async function startTestApp<E extends PlatformEnvironment>(
  options: TestAppOptions<E>,
): Promise<TestApp> {
  const { environment, logger, platform } = testPlatform(options, 'api');
  const nest = await createHttpApp(
    options.module(platform, logger),
    {
      bodyBytes: environment.BODY_LIMIT_BYTES,
      uploadBytes: environment.UPLOAD_LIMIT_BYTES,
      corsOrigins: environment.CORS_ORIGINS.split(',').filter((origin) => origin !== ''),
    },
    logger,
    {
      title: options.app,
      description: `${options.app} under test`,
    },
  );
  await nest.listen(0, '127.0.0.1');
  const address = nest.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { baseUrl: `http://127.0.0.1:${port}`, nest, close: () => nest.close() };
}

/** Boots the same app as its job worker (`--worker`). */
export async function startTestWorker<E extends PlatformEnvironment>(
  options: TestAppOptions<E>,
): Promise<INestApplicationContext> {
  const { logger, platform } = testPlatform(options, 'worker');
  const context = await NestFactory.createApplicationContext(options.module(platform, logger), { logger });
  await context.init();
  return context;
}

/** Polls `GET /jobs/:id` until the job has finished (or the deadline passes) and returns its status. */
export async function waitForJob(
  baseUrl: string,
  jobId: string,
  headers: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ state: string; output: unknown; progress: { fraction: number; message: string } }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${baseUrl}/jobs/${jobId}`, { headers });
    const status = (await response.json()) as Awaited<ReturnType<typeof waitForJob>>;
    if (['completed', 'failed', 'cancelled'].includes(status.state) || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Request headers that present the test key of a role. */
export function asRole(role: keyof typeof TEST_API_KEYS): Record<string, string> {
  return { authorization: `Bearer ${TEST_API_KEYS[role]}`, 'content-type': 'application/json' };
}

export interface TestService {
  api: TestApp;
  worker: INestApplicationContext;
  close(): Promise<void>;
}

/** An app's API and its worker, both on `databaseUrl`, as `npm start` runs them. */
export async function startTestService<E extends PlatformEnvironment>(
  options: TestAppOptions<E>,
): Promise<TestService> {
  const api = await startTestApp(options);
  const worker = await startTestWorker(options);
  return {
    api,
    worker,
    close: async () => {
      await worker.close();
      await api.close();
    },
  };
}

/** `POST /demo-data` as admin, then the finished job's status. */
export async function seedDemoData(api: TestApp, request: { seed?: number; size?: number }) {
  const admin = asRole('admin');
  const response = await fetch(`${api.baseUrl}/demo-data`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify(request),
  });
  if (response.status !== 202)
    throw new Error(`POST /demo-data answered ${response.status}: ${await response.text()}`);
  const { jobId } = (await response.json()) as { jobId: string };
  return waitForJob(api.baseUrl, jobId, admin);
}
