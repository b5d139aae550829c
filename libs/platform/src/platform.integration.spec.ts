import { Body, Controller, type DynamicModule, Get, Injectable, Module, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { RequireRole } from './auth/access.decorators';
import { PlatformEnvironment } from './config/platform-environment';
import {
  type JobHandler,
  type JobProgressReporter,
  NonRetryableJobError,
  type QueuedJob,
  QueueJob,
} from './jobs/job-handler.decorator';
import { JobQueue } from './jobs/job-queue.service';
import { JsonLogger } from './logging/json-logger';
import { PlatformModule } from './platform.module';
import type { PlatformOptions } from './platform.options';
import {
  asRole,
  freePort,
  startTestApp,
  startTestWorker,
  TEST_API_KEYS,
  type TestApp,
  waitForJob,
} from './testing';

class CountDto {
  @IsString() label!: string;
  @IsInt() @Min(1) @Max(1000) upTo!: number;
}

class WindowQueryDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(100) size = 10;
}

/** Labels of the count-up jobs released as failed for good (the worker runs in-process). */
const releasedLabels: string[] = [];

@Injectable()
@QueueJob('count-up', { retryLimit: 0 })
class CountUpHandler implements JobHandler<CountDto, { total: number }> {
  async failedForGood(data: CountDto): Promise<void> {
    releasedLabels.push(data.label);
  }

  async handle(job: QueuedJob<CountDto>, progress: JobProgressReporter): Promise<{ total: number }> {
    let total = 0;
    for (let i = 1; i <= job.data.upTo; i++) {
      total += i;
      if (i % Math.ceil(job.data.upTo / 4) === 0) await progress.report(i / job.data.upTo, `counted to ${i}`);
    }
    return { total };
  }
}

/** How far each run of `slow-count` got and what stopped it, by job id (the worker runs in-process). */
const slowRuns = new Map<string, { steps: number; stoppedBy?: string }>();

@Injectable()
@QueueJob('slow-count', { retryLimit: 1 })
class SlowCountHandler implements JobHandler<{ steps: number; silent?: boolean }, { steps: number }> {
  async handle(
    job: QueuedJob<{ steps: number; silent?: boolean }>,
    progress: JobProgressReporter,
  ): Promise<{ steps: number }> {
    if (job.data.steps === 0) throw new NonRetryableJobError('there is nothing to count');
    const run: { steps: number; stoppedBy?: string } = { steps: 0 };
    slowRuns.set(job.id, run);
    try {
      for (; run.steps < job.data.steps; run.steps++) {
        if (!job.data.silent) await progress.report(run.steps / job.data.steps, `step ${run.steps}`);
        await sleep(100);
      }
    } catch (error) {
      run.stoppedBy = (error as Error).message;
      throw error;
    }
    return { steps: run.steps };
  }
}

@Controller('probe')
class ProbeController {
  constructor(private readonly jobs: JobQueue) {}

  @Post('count')
  @RequireRole('writer')
  async count(@Body() body: CountDto): Promise<{ jobId: string }> {
    return { jobId: await this.jobs.enqueue('count-up', { ...body }) };
  }

  @Post('count-once')
  @RequireRole('writer')
  async countOnce(@Body() body: CountDto): Promise<{ jobId: string }> {
    return { jobId: await this.jobs.enqueue('count-up', { ...body }, { singletonKey: body.label }) };
  }
}

@Controller('window')
class WindowController {
  /** Echoes the validated query, whether the handler got a frozen DTO, and what changing it does. */
  @Get()
  window(@Query() query: WindowQueryDto): { size: number; frozen: boolean; dto: boolean } {
    return { size: query.size, frozen: Object.isFrozen(query), dto: query instanceof WindowQueryDto };
  }
}

@Controller('broken')
class BrokenController {
  @Get()
  fail(): never {
    throw new Error('relation "secret_table" does not exist: SELECT * FROM secret_table');
  }
}

@Module({
  controllers: [ProbeController, WindowController, BrokenController],
  providers: [CountUpHandler, SlowCountHandler],
})
class ProbeModule {}

function probeModule(options: PlatformOptions, logger: JsonLogger): DynamicModule {
  return {
    module: ProbeModule,
    imports: [PlatformModule.forRoot({ ...options, logger, migrations: [] })],
  };
}

const writer = asRole('writer');

describe('platform on a real PostgreSQL', () => {
  let api: TestApp;
  const databaseUrl = inject('databaseUrl');

  beforeAll(async () => {
    api = await startTestApp(probeApp(databaseUrl));
  });
  afterAll(async () => api?.close());

  it('answers health with the database up, without a key', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; info: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.info.db.status).toBe('up');
    // The engine's backend and why faster ones were passed over (no GPU or native TensorFlow here).
    const engine = body.info.engine as unknown as {
      backend: string;
      skipped: { backend: string; reason: string }[];
    };
    expect(['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu']).toContain(engine.backend);
    expect(engine.skipped.every((entry) => entry.reason.length > 0)).toBe(true);
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
  });

  it('serves OpenAPI at /docs', async () => {
    const spec = (await (await fetch(`${api.baseUrl}/docs/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/health', '/jobs/{id}', '/probe/count']),
    );
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('rejects missing, unknown and under-privileged keys with the error shape', async () => {
    const body = JSON.stringify({ label: 'a', upTo: 3 });
    const missing = await fetch(`${api.baseUrl}/probe/count`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'API_KEY_MISSING' } });
    const unknown = await fetch(`${api.baseUrl}/probe/count`, {
      method: 'POST',
      body,
      headers: { ...writer, authorization: 'Bearer nope' },
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: 'API_KEY_INVALID' } });
    const reader = await fetch(`${api.baseUrl}/probe/count`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEYS.reader },
    });
    expect(reader.status).toBe(403);
    expect(await reader.json()).toMatchObject({
      error: { code: 'ROLE_REQUIRED', details: { required: 'writer' } },
    });
  });

  it.each([
    ['malformed JSON', 400, 'MALFORMED_JSON', '{"label": "a", '],
    ['an empty JSON body', 400, 'MALFORMED_JSON', ''],
    ['a wrong type', 400, 'VALIDATION_FAILED', JSON.stringify({ label: 'a', upTo: 'many' })],
    ['an unknown field', 400, 'VALIDATION_FAILED', JSON.stringify({ label: 'a', upTo: 2, admin: true })],
    ['a prototype-poisoning body', 400, 'MALFORMED_JSON', '{"label":"a","upTo":2,"__proto__":{"x":1}}'],
    ['bytes that are not UTF-8', 400, 'INVALID_UTF8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', JSON.stringify({ label: 'x'.repeat(4096), upTo: 2 })],
  ])('answers %s with %i %s and writes nothing', async (_case, status, code, body) => {
    const before = await countJobs(databaseUrl);
    const response = await fetch(`${api.baseUrl}/probe/count`, { method: 'POST', body, headers: writer });
    expect(response.status).toBe(status);
    const payload = (await response.json()) as { error: { code: string; message: string } };
    expect(payload.error.code).toBe(code);
    expect(payload.error.message.length).toBeGreaterThan(0);
    expect(await countJobs(databaseUrl)).toBe(before);
  });

  it('validates a query DTO once per distinct query, and hands handlers a frozen copy', async () => {
    const get = async (query: string) => {
      const response = await fetch(`${api.baseUrl}/window${query}`, { headers: writer });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    // Remembered answers must stay right: the same, a default, a different and an invalid query, twice.
    for (let round = 0; round < 2; round++) {
      expect(await get('?size=7')).toEqual({ status: 200, body: { size: 7, frozen: true, dto: true } });
      expect(await get('')).toEqual({ status: 200, body: { size: 10, frozen: true, dto: true } });
      expect(await get('?size=8')).toEqual({ status: 200, body: { size: 8, frozen: true, dto: true } });
      const tooBig = await get('?size=101');
      expect(tooBig.status).toBe(400);
      expect(JSON.stringify(tooBig.body)).toMatch(/size must not be greater than 100/);
      expect((await get('?size=7&extra=1')).status).toBe(400);
    }
  });

  it('hides an internal failure behind a 500 that names only the request id', async () => {
    const response = await fetch(`${api.baseUrl}/broken`, {
      headers: { ...writer, 'x-request-id': 'trace-me-42' },
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL', message: 'Internal error; quote request id trace-me-42' },
    });
    expect(text).not.toMatch(/secret_table|SELECT|at .*\.ts/);
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
  });

  it('sets security headers on every response, and CORS only for configured origins', async () => {
    const response = await fetch(`${api.baseUrl}/health`, { headers: { origin: 'https://evil.example' } });
    expect(
      Object.fromEntries(
        ['x-content-type-options', 'x-frame-options', 'referrer-policy'].map((name) => [
          name,
          response.headers.get(name),
        ]),
      ),
    ).toEqual({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${api.baseUrl}/probe/count`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await fetch(`${api.baseUrl}/nowhere`, { headers: writer });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('runs a job in the worker, never in the request, and reports progress and output', async () => {
    const accepted = await fetch(`${api.baseUrl}/probe/count`, {
      method: 'POST',
      body: JSON.stringify({ label: 'sum', upTo: 100 }),
      headers: writer,
    });
    expect(accepted.status).toBe(201);
    const { jobId } = (await accepted.json()) as { jobId: string };
    const queued = (await (await fetch(`${api.baseUrl}/jobs/${jobId}`, { headers: writer })).json()) as {
      state: string;
    };
    expect(queued.state).toBe('created');

    const worker = await startTestWorker(probeApp(databaseUrl));
    try {
      const done = await waitForJob(api.baseUrl, jobId, writer);
      // 1 + 2 + … + 100 = 100·101/2
      expect(done).toMatchObject({ state: 'completed', output: { total: 5050 }, progress: { fraction: 1 } });
    } finally {
      await worker.close();
    }
  });

  it("answers health on a worker's WORKER_HEALTH_PORT: its checks and queues, and nothing else", async () => {
    const port = await freePort();
    const app = probeApp(databaseUrl);
    const worker = await startTestWorker({ ...app, env: { ...app.env, WORKER_HEALTH_PORT: String(port) } });
    try {
      const base = `http://127.0.0.1:${port}`;
      const ready = await fetch(`${base}/health`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        info: {
          db: { status: 'up' },
          service: { status: 'up', app: 'probe', mode: 'worker' },
          worker: { status: 'up', queues: ['count-up', 'slow-count'] },
        },
      });
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      expect((await fetch(`${base}/jobs`)).status).toBe(404);
      expect((await fetch(`${base}/health`, { method: 'POST' })).status).toBe(404);
    } finally {
      await worker.close();
    }
    // Closed with the worker: the port is free again.
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('queues at most one job per singleton key, even when asked concurrently', async () => {
    const ask = (label: string) =>
      fetch(`${api.baseUrl}/probe/count-once`, {
        method: 'POST',
        body: JSON.stringify({ label, upTo: 3 }),
        headers: writer,
      });
    const answers = await Promise.all([ask('once'), ask('once'), ask('once'), ask('once')]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    const created = (await answers.find((answer) => answer.status === 201)!.json()) as { jobId: string };
    const refused = (await answers.find((answer) => answer.status === 409)!.json()) as {
      error: { code: string; details: { jobId: string } };
    };
    expect(refused.error).toMatchObject({ code: 'JOB_ALREADY_QUEUED', details: { jobId: created.jobId } });
    expect((await ask('another key')).status).toBe(201);
  });

  it('fails a job abandoned on its last attempt and removes its workspace, which nothing will resume', async () => {
    const accepted = await fetch(`${api.baseUrl}/probe/count`, {
      method: 'POST',
      body: JSON.stringify({ label: 'lost', upTo: 3 }),
      headers: writer,
    });
    const { jobId } = (await accepted.json()) as { jobId: string };
    // As a worker that died an hour ago would leave it: active, lease long expired, a workspace on disk.
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(
        `UPDATE probe_jobs.job SET state = 'active', started_on = now() - interval '1 hour' WHERE id = $1`,
        [jobId],
      );
      await client.query(
        `UPDATE probe.job_progress SET updated_at = now() - interval '1 hour' WHERE job_id = $1`,
        [jobId],
      );
    } finally {
      await client.end();
    }
    const home = await mkdtemp(join(tmpdir(), 'platform-reaper-'));
    const workspace = join(home, 'jobs', 'probe', jobId);
    await mkdir(workspace, { recursive: true });
    await writeFile(join(workspace, 'checkpoint.json'), '{}');
    const app = probeApp(databaseUrl);
    const worker = await startTestWorker({ ...app, env: { ...app.env, DEEPWORKS_HOME: home } });
    try {
      const done = await waitForJob(api.baseUrl, jobId, writer);
      expect(done).toMatchObject({
        state: 'failed',
        progress: { message: 'worker lost on the last attempt; failed' },
      });
      expect(existsSync(workspace)).toBe(false);
      expect(releasedLabels).toEqual(['lost']);
    } finally {
      await worker.close();
      await rm(home, { recursive: true, force: true });
    }
  });

  it('fences a run that lost its lease: its handler stops at the next report and it settles nothing', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const worker = await startTestWorker(probeApp(databaseUrl));
    let workerClosed = false;
    const jobId = await worker.get(JobQueue).enqueue('slow-count', { steps: 300 });
    try {
      await vi.waitFor(() => expect(slowRuns.get(jobId)?.steps).toBeGreaterThan(0), { timeout: 10_000 });
      // What the reaper and another worker leave behind: the job handed back and running again, as attempt 1.
      await client.query('UPDATE probe_jobs.job SET retry_count = retry_count + 1 WHERE id = $1', [jobId]);
      // The next heartbeat (every 5 s) finds that this attempt no longer holds the job.
      await vi.waitFor(() => expect(slowRuns.get(jobId)?.stoppedBy).toBeDefined(), { timeout: 10_000 });
      const run = slowRuns.get(jobId)!;
      expect(run.stoppedBy).toContain("the worker lost the job's lease");
      expect(run.steps).toBeLessThan(300);

      // Closing waits for the stale run to settle; it must leave attempt 1's job and progress alone.
      await worker.close();
      workerClosed = true;
      const job = await client.query('SELECT state, retry_count FROM probe_jobs.job WHERE id = $1', [jobId]);
      expect(job.rows[0]).toEqual({ state: 'active', retry_count: 1 });
      const progress = await client.query('SELECT message FROM probe.job_progress WHERE job_id = $1', [
        jobId,
      ]);
      expect((progress.rows[0] as { message: string }).message).toMatch(/^step \d+$/);
    } finally {
      if (!workerClosed) await worker.close();
      // Nobody runs attempt 1: cancel it, so that no later worker in this file picks it up.
      await client.query(`UPDATE probe_jobs.job SET state = 'cancelled' WHERE id = $1`, [jobId]);
      await client.end();
    }
  });

  it('gives a running job 10 s at shutdown, then stops it at its next report and hands it back for a retry', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const worker = await startTestWorker(probeApp(databaseUrl));
    const jobId = await worker.get(JobQueue).enqueue('slow-count', { steps: 300 });
    try {
      await vi.waitFor(() => expect(slowRuns.get(jobId)?.steps).toBeGreaterThan(0), { timeout: 10_000 });
      const closing = Date.now();
      await worker.close();
      const seconds = (Date.now() - closing) / 1000;
      // 300 steps of 100 ms would take 30 s: the grace (10 s) ran out first.
      expect(seconds).toBeGreaterThanOrEqual(10);
      expect(seconds).toBeLessThan(15);
      expect(slowRuns.get(jobId)?.stoppedBy).toContain('the worker is shutting down');
      const job = await client.query('SELECT state, retry_count FROM probe_jobs.job WHERE id = $1', [jobId]);
      // pg-boss counts the retry when a worker starts it.
      expect(job.rows[0]).toEqual({ state: 'retry', retry_count: 0 });
    } finally {
      await client.query(`UPDATE probe_jobs.job SET state = 'cancelled' WHERE id = $1`, [jobId]);
      await client.end();
    }
  });

  it('does not wait at shutdown for a handler that never reports: it stays active for another worker', async () => {
    const worker = await startTestWorker(probeApp(databaseUrl));
    const jobId = await worker.get(JobQueue).enqueue('slow-count', { steps: 400, silent: true });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await vi.waitFor(() => expect(slowRuns.get(jobId)?.steps).toBeGreaterThan(0), { timeout: 10_000 });
      const closing = Date.now();
      await worker.close();
      // Two graces of 10 s, not the 40 s the handler still needs.
      expect((Date.now() - closing) / 1000).toBeLessThan(25);
      const job = await client.query('SELECT state FROM probe_jobs.job WHERE id = $1', [jobId]);
      expect(job.rows[0]).toEqual({ state: 'active' });
    } finally {
      await client.query(`UPDATE probe_jobs.job SET state = 'cancelled' WHERE id = $1`, [jobId]);
      await client.end();
    }
  });

  it('fails a job at once, without its retries, when its handler says it cannot succeed', async () => {
    const worker = await startTestWorker(probeApp(databaseUrl));
    try {
      const jobId = await worker.get(JobQueue).enqueue('slow-count', { steps: 0 });
      // The queue gives slow-count one retry, 5 s later: a retried job would still be running here.
      const ended = await waitForJob(api.baseUrl, jobId, writer, 4_000);
      expect(ended).toMatchObject({
        state: 'failed',
        attempts: 1,
        output: { error: 'there is nothing to count' },
        progress: { message: 'failed: there is nothing to count' },
      });
    } finally {
      await worker.close();
    }
  });

  it('answers an unknown job with 404 and a malformed id with 400', async () => {
    const missing = await fetch(`${api.baseUrl}/jobs/7d3f0c3e-3a4c-4c36-9f0e-5d4f1b0a2c11`, {
      headers: writer,
    });
    expect(missing.status).toBe(404);
    const malformed = await fetch(`${api.baseUrl}/jobs/..%2F..%2Fetc`, { headers: writer });
    expect(malformed.status).toBe(400);
  });

  it('migrates once: a second boot on the same schema applies nothing', async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const applied = await client.query('SELECT name FROM probe.schema_migrations');
    await client.end();
    expect(applied.rows.map((row: { name: string }) => row.name)).toEqual([
      'CreateJobProgress1763900000000',
      'CreateModelVersions1763900000001',
      'AddModelVersionTrainingJob1763900000002',
      'AddModelVersionArtifactRemoved1763900000003',
    ]);
  });
});

function probeApp(databaseUrl: string) {
  return {
    app: 'probe',
    databaseUrl,
    environment: PlatformEnvironment,
    module: probeModule,
    env: { BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'https://shop.example' },
  };
}

async function countJobs(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT count(*)::int AS n FROM probe.job_progress');
    return (result.rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}
