import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { asRole, startTestApp, startTestWorker, type TestApp, waitForJob } from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RECOMMENDER_SERVICE } from '../src/recommender.service';

const admin = asRole('admin');
const writer = asRole('writer');

describe('training refuses a catalogue too large for EASE (RECOMMENDER_EASE_MAX_ITEMS = 20)', () => {
  const options = {
    ...RECOMMENDER_SERVICE,
    app: 'recommender_limits',
    databaseUrl: inject('databaseUrl'),
    env: { RECOMMENDER_EASE_MAX_ITEMS: '20' },
  };
  let home: string;
  let api: TestApp;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'deepworks-recommender-limits-'));
    options.env = { ...options.env, DEEPWORKS_HOME: home } as typeof options.env;
    // The API alone at first: queued jobs wait until the worker starts.
    api = await startTestApp(options);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const post = (path: string, body: object, headers = writer) =>
    fetch(`${api.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const addItems = (from: number, to: number) =>
    post('/items', {
      items: Array.from({ length: to - from }, (_, offset) => ({
        id: `item-${from + offset}`,
        title: `Item ${from + offset}`,
      })),
    });

  it('answers 422 naming the limit before anything is queued, and the job refuses a catalogue grown since', async () => {
    expect((await addItems(0, 20)).status).toBe(200);
    const events = Array.from({ length: 60 }, (_, index) => ({
      user: `user-${index % 6}`,
      item: `item-${(index * 7) % 20}`,
      type: 'view',
    }));
    expect((await post('/events', { events })).status).toBe(201);

    // 20 items: at the limit, accepted and queued.
    const accepted = await post('/training-runs', { model: 'ease' }, admin);
    expect(accepted.status).toBe(202);
    const queued = (await accepted.json()) as { runId: string; jobId: string };

    // 21 items: refused at once, with the figures.
    expect((await addItems(20, 21)).status).toBe(200);
    const refused = await post('/training-runs', { model: 'ease' }, admin);
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string; message: string; details: object } };
    expect(body.error).toMatchObject({
      code: 'CATALOGUE_TOO_LARGE_FOR_MODEL',
      details: { items: 21, limit: 20 },
    });
    expect(body.error.message).toMatch(/21 catalogue items need about 0\.0 GB.*RECOMMENDER_EASE_MAX_ITEMS/);

    // The run accepted at 20 items finds 21 when the worker reads the catalogue, and fails saying why.
    worker = await startTestWorker(options);
    const ended = await waitForJob(api.baseUrl, queued.jobId, admin, 60_000);
    expect(ended.state).toBe('failed');
    const run = (await (
      await fetch(`${api.baseUrl}/training-runs/${queued.runId}`, { headers: admin })
    ).json()) as {
      status: string;
      error: string;
    };
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^ease keeps an items × items matrix: 21 catalogue items/);

    // Models that grow with the interactions train on the same catalogue.
    const itemKnn = await post('/training-runs', { model: 'itemknn' }, admin);
    expect(itemKnn.status).toBe(202);
    const { jobId } = (await itemKnn.json()) as { jobId: string };
    expect((await waitForJob(api.baseUrl, jobId, admin, 60_000)).state).toBe('completed');
  });
});
