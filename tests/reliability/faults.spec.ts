import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@deepworks/platform';
import { freePort } from '@deepworks/platform/testing';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { type FreshDatabase, createFreshDatabase, queryDatabase } from '../support/fresh-database';
import {
  type AppName,
  type ServiceProcess,
  keyHeaders,
  killHard,
  requestJson,
  startServiceProcess,
  stopGracefully,
  waitForJobEnd,
} from '../support/service-process';

const report: Record<string, unknown> = {};
const running: ServiceProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function start(
  app: AppName,
  mode: 'api' | 'worker',
  options: Parameters<typeof startServiceProcess>[2],
) {
  const service = await startServiceProcess(app, mode, options);
  running.push(service);
  return service;
}

async function temporaryHome(label: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), `deepworks-faults-${label}-`));
  // The embedded cluster may run as the `postgres` system user, which must reach it.
  await chmod(home, 0o755);
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  return home;
}

async function database(label: string): Promise<FreshDatabase> {
  const created = await createFreshDatabase(inject('databaseUrl'), label);
  cleanups.push(() => created.drop());
  return created;
}

afterEach(async () => {
  await mkdir('dist/reliability/logs', { recursive: true });
  for (const [index, service] of running.splice(0).entries()) {
    await stopGracefully(service);
    await writeFile(
      `dist/reliability/logs/faults-${Date.now()}-${index}-${service.app}-${service.mode}.log`,
      `${service.output.join('\n')}\n`,
    );
  }
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  console.log(`\nfaults — figures\n${JSON.stringify(report, null, 2)}`);
  await mkdir('dist/reliability', { recursive: true });
  await writeFile('dist/reliability/faults.json', `${JSON.stringify(report, null, 2)}\n`);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A triage API and worker on a fresh database, 400 demo studies, and an 8-epoch training job queued. */
async function triageTrainingStarted(label: string, seed: number) {
  const { url: databaseUrl } = await database(`worker_${label}`);
  const home = await temporaryHome(label);
  const api = await start('triage', 'api', { databaseUrl, home });
  const worker = await start('triage', 'worker', { databaseUrl, home });
  const seeded = await requestJson<{ jobId: string }>(`${api.url}/demo-data`, {
    role: 'admin',
    body: { seed, size: 400 },
  });
  expect(seeded.status).toBe(202);
  expect((await waitForJobEnd(() => api.url, seeded.body.jobId, 120_000)).state).toBe('completed');
  const started = await requestJson<{ jobId: string }>(`${api.url}/training-runs`, {
    role: 'admin',
    body: { epochs: 8, batchSize: 32, seed: seed + 2 },
  });
  expect(started.status).toBe(202);
  return { databaseUrl, home, api, worker, jobId: started.body.jobId };
}

describe('faults: crashes and outages lose nothing', () => {
  it('kill -9 of the worker mid-training: the job completes once, from its checkpoint, one registry entry', async () => {
    const started = await triageTrainingStarted('kill', 3);
    const { databaseUrl, home, api, jobId } = started;
    let worker = started.worker;
    // Kill once the job reports its second epoch: that epoch's checkpoint is on disk by then.
    const beforeKill = await waitForJobEnd(
      () => api.url,
      jobId,
      300_000,
      (status) => /^epoch ([2-9]|\d\d):/.test(status.progress.message),
    );
    const killedAt = beforeKill.state === 'active' ? beforeKill.progress.message : undefined;
    await killHard(worker);
    expect(killedAt, 'the job never reached its second epoch').toBeDefined();
    const crashedAt = Date.now();
    worker = await start('triage', 'worker', { databaseUrl, home });

    const finished = await waitForJobEnd(() => api.url, jobId, 600_000);
    const recoverySeconds = (Date.now() - crashedAt) / 1000;
    const training = (finished.output as { training?: { resumedFromEpoch: number; epochs: number } } | null)
      ?.training;
    const versions = await queryDatabase<{ id: string; status: string; training_job_id: string }>(
      databaseUrl,
      `SELECT id, status, training_job_id FROM triage.model_versions WHERE task = 'triage-classifier'`,
    );
    report.workerKilledMidTraining = {
      killedAfter: killedAt,
      state: finished.state,
      attempts: finished.attempts,
      resumedFromEpoch: training?.resumedFromEpoch,
      epochs: training?.epochs,
      registryEntries: versions.length,
      secondsFromKillToCompletion: Number(recoverySeconds.toFixed(1)),
    };
    expect(finished.state).toBe('completed');
    expect(finished.attempts).toBe(2);
    expect(training!.resumedFromEpoch).toBeGreaterThanOrEqual(2);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ status: 'active', training_job_id: jobId });
    // The job's workspace (its checkpoints) is gone once the job has ended.
    expect(existsSync(join(home, 'jobs', 'triage', jobId))).toBe(false);
  });

  it('a worker stalled past its lease (SIGSTOP): another finishes the job, and the stalled one, resumed, is fenced', async () => {
    const { databaseUrl, home, api, worker: stalled, jobId } = await triageTrainingStarted('stall', 4);
    const beforeStall = await waitForJobEnd(
      () => api.url,
      jobId,
      300_000,
      (status) => /^epoch \d+:/.test(status.progress.message),
    );
    expect(beforeStall.state, 'the job ended before its first epoch was reported').toBe('active');
    stalled.child.kill('SIGSTOP');
    const stalledAt = Date.now();
    const second = await start('triage', 'worker', { databaseUrl, home });
    try {
      // The triage training lease is 30 s; the second worker hands the job back and runs it again.
      const handedOver = await waitForJobEnd(
        () => api.url,
        jobId,
        180_000,
        (status) => status.attempts === 2 && status.state === 'active',
      );
      expect(handedOver).toMatchObject({ state: 'active', attempts: 2 });
    } finally {
      stalled.child.kill('SIGCONT');
    }
    const resumedAt = Date.now();
    const mentions = (service: ServiceProcess, event: string) =>
      service.output.some((line) => line.includes(`"${event}"`) && line.includes(jobId));
    const finished = await waitForJobEnd(() => api.url, jobId, 600_000);
    for (let waited = 0; !mentions(stalled, 'job.lease-lost') && waited < 60_000; waited += 250)
      await sleep(250);

    const versions = await queryDatabase<{ status: string; training_job_id: string }>(
      databaseUrl,
      `SELECT status, training_job_id FROM triage.model_versions WHERE task = 'triage-classifier'`,
    );
    report.workerStalledPastLease = {
      stalledAfter: beforeStall.progress.message,
      secondsStalled: Number(((resumedAt - stalledAt) / 1000).toFixed(1)),
      state: finished.state,
      attempts: finished.attempts,
      registryEntries: versions.length,
      stalledWorkerFenced: mentions(stalled, 'job.lease-lost'),
      secondsFromStallToCompletion: Number(((Date.now() - stalledAt) / 1000).toFixed(1)),
    };
    expect(finished).toMatchObject({ state: 'completed', attempts: 2 });
    expect(mentions(second, 'job.completed')).toBe(true);
    // The stalled worker stopped at its next report and completed nothing.
    expect(mentions(stalled, 'job.lease-lost')).toBe(true);
    expect(mentions(stalled, 'job.completed')).toBe(false);
    expect(versions).toEqual([{ status: 'active', training_job_id: jobId }]);
  });

  it('kill -9 of the API during a 10,000-event ingest with client retries: every event stored exactly once', async () => {
    const { url: databaseUrl } = await database('api_kill');
    const home = await temporaryHome('api');
    const port = await freePort();
    let api = await start('recommender', 'api', { databaseUrl, home, port });
    await start('recommender', 'worker', { databaseUrl, home });
    const seeded = await requestJson<{ jobId: string }>(`${api.url}/demo-data`, {
      role: 'admin',
      body: { seed: 1, size: 50 },
    });
    expect((await waitForJobEnd(() => api.url, seeded.body.jobId, 120_000)).state).toBe('completed');
    const items = await requestJson<{ items: { id: string }[] }>(`${api.url}/items?limit=50`, {
      role: 'reader',
    });
    const itemIds = items.body.items.map((item) => item.id);
    expect(itemIds.length).toBeGreaterThan(10);
    const [{ n: before }] = await queryDatabase<{ n: string }>(
      databaseUrl,
      'SELECT count(*) AS n FROM recommender.events',
    );

    const EVENTS = 10_000;
    const BATCH = 10;
    const CLIENTS = 8;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const batches = Array.from({ length: EVENTS / BATCH }, (_, batch) => ({
      key: `ingest-${batch}`,
      events: Array.from({ length: BATCH }, (_, offset) => {
        const index = batch * BATCH + offset;
        return {
          user: `ingest-user-${index % 997}`,
          item: itemIds[index % itemIds.length],
          type: 'view',
          timestamp: new Date(base + index * 1000).toISOString(),
        };
      }),
    }));
    let acknowledged = 0;
    let retries = 0;
    let replayed = 0;
    let next = 0;
    const send = async (batch: (typeof batches)[number]): Promise<void> => {
      for (;;) {
        try {
          const response = await fetch(`${api.url}/events`, {
            method: 'POST',
            headers: {
              ...keyHeaders('writer'),
              'content-type': 'application/json',
              'idempotency-key': batch.key,
            },
            body: JSON.stringify({ events: batch.events }),
            signal: AbortSignal.timeout(10_000),
          });
          const text = await response.text();
          if (response.status === 201) {
            acknowledged += BATCH;
            if (response.headers.get('idempotent-replayed') === 'true') replayed++;
            return;
          }
          // Anything else but a restart's 5xx is a bug in the service, not a fault to ride out.
          if (response.status < 500) throw new Error(`batch ${batch.key}: ${response.status} ${text}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith(`batch ${batch.key}:`)) throw error;
        }
        retries++;
        await sleep(100);
      }
    };
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (next < batches.length) await send(batches[next++]);
    });
    let killedAtAcknowledged = 0;
    const killer = (async () => {
      while (acknowledged < EVENTS * 0.3) await sleep(20);
      killedAtAcknowledged = acknowledged;
      await killHard(api);
      await sleep(1000);
      api = await start('recommender', 'api', { databaseUrl, home, port });
    })();
    await Promise.all([...clients, killer]);

    const [{ n: after, distinct }] = await queryDatabase<{ n: string; distinct: string }>(
      databaseUrl,
      `SELECT count(*) AS n, count(DISTINCT (user_id, occurred_at)) AS distinct
         FROM recommender.events WHERE user_id LIKE 'ingest-user-%'`,
    );
    const [{ n: total }] = await queryDatabase<{ n: string }>(
      databaseUrl,
      'SELECT count(*) AS n FROM recommender.events',
    );
    expect(acknowledged).toBe(EVENTS);
    expect(Number(after)).toBe(EVENTS);
    expect(Number(distinct)).toBe(EVENTS);
    expect(Number(total) - Number(before)).toBe(EVENTS);
    report.apiKilledDuringIngest = {
      events: EVENTS,
      batches: batches.length,
      killedAfterAcknowledged: killedAtAcknowledged,
      clientRetries: retries,
      answeredAsReplay: replayed,
      storedAfter: Number(after),
      duplicates: Number(after) - Number(distinct),
      lost: EVENTS - Number(distinct),
    };
  });

  it('PostgreSQL restarted under load: every service reconnects and /health recovers within 10 s', async () => {
    const pgHome = await temporaryHome('pg');
    const port = await freePort();
    let server = await startEmbeddedPostgres({ home: pgHome, port });
    cleanups.push(() => server.stop());
    const home = await temporaryHome('restart');
    const apps: AppName[] = ['recommender', 'triage', 'sentiment'];
    const apis = await Promise.all(apps.map((app) => start(app, 'api', { databaseUrl: server.url, home })));
    await start('sentiment', 'worker', { databaseUrl: server.url, home });

    const reads: Record<AppName, string> = {
      recommender: '/items?limit=20',
      triage: '/queue',
      sentiment: '/monitoring/buckets',
    };
    const tally = { ok: 0, unavailable: 0, other: 0 };
    let loading = true;
    const load = apis.map(async (api) => {
      while (loading) {
        try {
          const response = await fetch(`${api.url}${reads[api.app]}`, {
            headers: keyHeaders('clinician'),
            signal: AbortSignal.timeout(5000),
          });
          await response.arrayBuffer();
          if (response.status === 200) tally.ok++;
          else if (response.status === 503) tally.unavailable++;
          else tally.other++;
        } catch {
          tally.other++;
        }
        await sleep(5);
      }
    });
    await sleep(2000);
    expect(tally.ok).toBeGreaterThan(0);
    await server.stop();
    await sleep(3000);
    for (const api of apis) expect((await fetch(`${api.url}/health`)).status).toBe(503);
    server = await startEmbeddedPostgres({ home: pgHome, port });
    const backAt = Date.now();
    const recovery: Record<string, number> = {};
    await Promise.all(
      apis.map(async (api) => {
        while ((await fetch(`${api.url}/health`).catch(() => undefined))?.status !== 200) {
          if (Date.now() - backAt > 30_000) break;
          await sleep(100);
        }
        recovery[api.app] = (Date.now() - backAt) / 1000;
      }),
    );
    const okBefore = tally.ok;
    await sleep(2000);
    loading = false;
    await Promise.all(load);
    for (const api of apis) expect(api.child.exitCode).toBeNull();
    for (const app of apps) expect(recovery[app]).toBeLessThanOrEqual(10);
    expect(tally.ok).toBeGreaterThan(okBefore);
    // During the outage: 503 with Retry-After (retry later), never a 500 or a dropped connection.
    expect(tally.unavailable).toBeGreaterThan(0);
    expect(tally.other).toBe(0);
    report.postgresRestartedUnderLoad = {
      healthRecoverySeconds: recovery,
      readsOk: tally.ok,
      readsUnavailableDuringOutage: tally.unavailable,
      readsFailedOtherwise: tally.other,
    };
  });
});
