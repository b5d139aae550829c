import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asRole, startTestService, type TestService, waitForJob } from '@deepworks/platform/testing';
import { Client } from 'pg';
import { SENTIMENT_SERVICE } from '../../src/sentiment.service';

/** A paged list answer (`GET /articles`, `GET /alerts`). */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface SentimentTestService extends TestService {
  databaseUrl: string;
  home: string;
}

/**
 * The sentiment API and worker on a database of their own (created on the server of `serverUrl`), so the
 * app's spec files do not see each other's articles, with a private DEEPWORKS_HOME for model artifacts.
 */
export async function startSentimentService(
  serverUrl: string,
  name: string,
  env: Record<string, string> = {},
): Promise<SentimentTestService> {
  const database = `sentiment_${name}_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const home = await mkdtemp(join(tmpdir(), `sentiment-${name}-`));
  const service = await startTestService({
    ...SENTIMENT_SERVICE,
    databaseUrl: url.toString(),
    env: { DEEPWORKS_HOME: home, SENTIMENT_MODEL_POLL_MS: '500', ...env },
  });
  return {
    ...service,
    databaseUrl: url.toString(),
    home,
    close: async () => {
      await service.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Sends a request with a role's key and returns the status and parsed JSON body. */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  role: 'reader' | 'writer' | 'admin',
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers = asRole(role);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? { authorization: headers.authorization } : headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Waits for a job to finish and returns its output; fails the test if it did not complete. */
export async function jobOutput<T>(baseUrl: string, jobId: string, timeoutMs = 60_000): Promise<T> {
  const status = await waitForJob(baseUrl, jobId, asRole('admin'), timeoutMs);
  if (status.state !== 'completed') {
    throw new Error(`job ${jobId} ended ${status.state}: ${JSON.stringify(status)}`);
  }
  return status.output as T;
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
