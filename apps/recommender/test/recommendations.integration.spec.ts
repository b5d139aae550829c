import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asRole,
  seedDemoData,
  startTestService,
  type TestApp,
  type TestService,
  waitForJob,
} from '@deepworks/platform/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RECOMMENDER_SERVICE } from '../src/recommender.service';

const admin = asRole('admin');
const writer = asRole('writer');
const reader = asRole('reader');
const APP = 'recommender_serving';

interface Recommendations {
  items: { id: string; title: string; score: number; explanation: string }[];
  source: string;
  modelVersion: number;
}

interface TrainingOutput {
  version: number;
  promoted: boolean;
  decision: string;
  metrics: Record<string, number>;
}

describe('training and serving recommendations on a real PostgreSQL', () => {
  const databaseUrl = inject('databaseUrl');
  let home: string;
  let service: TestService;
  let api: TestApp;
  let database: Client;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'deepworks-recommender-test-'));
    service = await startTestService({
      ...RECOMMENDER_SERVICE,
      app: APP,
      databaseUrl,
      env: { DEEPWORKS_HOME: home, RECOMMENDER_MODEL_POLL_MS: '100', RECOMMENDER_EVENTS_POLL_MS: '100' },
    });
    api = service.api;
    database = new Client({ connectionString: databaseUrl });
    await database.connect();
  });
  afterAll(async () => {
    await database?.end();
    await service?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  async function get<T>(path: string, headers = reader): Promise<{ status: number; body: T }> {
    const response = await fetch(`${api.baseUrl}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function train(body: object): Promise<{
    runId: string;
    output: TrainingOutput;
    state: string;
    progress: { fraction: number; message: string };
  }> {
    const response = await fetch(`${api.baseUrl}/training-runs`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    const { runId, jobId } = (await response.json()) as { runId: string; jobId: string };
    const done = await waitForJob(api.baseUrl, jobId, admin, 60_000);
    return { runId, output: done.output as TrainingOutput, state: done.state, progress: done.progress };
  }

  /** The API polls the registry; wait until it serves `version`. */
  async function servedVersion(version: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { body } = await get<Recommendations>('/users/nobody/recommendations?k=1');
      if (body.modelVersion === version) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`version ${version} was not served within 10 s`);
  }

  async function historyOf(user: string): Promise<Set<string>> {
    const { rows } = await database.query<{ item_id: string }>(
      `SELECT DISTINCT item_id FROM ${APP}.events WHERE user_id = $1`,
      [user],
    );
    return new Set(rows.map((row) => row.item_id));
  }

  it('answers 409 NO_ACTIVE_MODEL before any model is trained', async () => {
    const { status, body } = await get<{ error: { code: string } }>('/users/user-0001/recommendations');
    expect(status).toBe(409);
    expect(body.error.code).toBe('NO_ACTIVE_MODEL');
  });

  it('keeps training to admins and refuses unknown models and parameters', async () => {
    const post = (body: object, headers = admin) =>
      fetch(`${api.baseUrl}/training-runs`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await post({ model: 'ease' }, writer)).status).toBe(403);
    const unknownModel = await post({ model: 'word2vec' });
    expect(unknownModel.status).toBe(400);
    expect(JSON.stringify(await unknownModel.json())).toMatch(
      /model must be one of: ease, itemknn, mf, als, bpr, popularity/,
    );
    const nothingYet = await post({ model: 'ease' });
    expect(nothingYet.status).toBe(409);
    expect(await nothingYet.json()).toMatchObject({ error: { code: 'NO_TRAINING_DATA' } });
    const unknownParameter = await post({ model: 'ease', parameters: { alpha: 3 } });
    expect(unknownParameter.status).toBe(400);
    expect(await unknownParameter.json()).toMatchObject({
      error: { code: 'UNKNOWN_MODEL_PARAMETERS', details: { allowed: ['lambda', 'dropout'] } },
    });
  });

  it('trains popularity first (promoted: nothing active), then EASE, which beats it on the same split', async () => {
    expect(await seedDemoData(api, { seed: 5, size: 200 })).toMatchObject({ state: 'completed' });

    const first = await train({ model: 'popularity' });
    expect(first.state).toBe('completed');
    expect(first.output).toMatchObject({
      version: 1,
      promoted: true,
      decision: 'promoted: no version was active',
    });

    const second = await train({ model: 'ease' });
    expect(second.output.version).toBe(2);
    expect(second.output.promoted).toBe(true);
    expect(second.progress).toEqual({ fraction: 1, message: 'completed', updatedAt: expect.any(String) });
    const { body: run } = await get<{
      status: string;
      metrics: { candidate: Record<string, number>; incumbent: Record<string, number> };
    }>(`/training-runs/${second.runId}`);
    expect(run.status).toBe('succeeded');
    // The incumbent (popularity) re-evaluated on this run's split; EASE with text must beat it clearly.
    expect(run.metrics.candidate['ndcg@10']).toBeGreaterThan(1.5 * run.metrics.incumbent['ndcg@10']);
    expect(run.metrics.candidate.coverage).toBeGreaterThan(0.5);
    expect(second.output.metrics['ndcg@10']).toBe(run.metrics.candidate['ndcg@10']);

    const { body: versions } = await get<{ version: number; status: string }[]>(
      '/models?task=recommendations',
    );
    expect(versions.map((version) => [version.version, version.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
    await servedVersion(2);
  });

  it('keeps the active version when a candidate scores worse on the same split', async () => {
    const worse = await train({ model: 'ease', coldStart: false });
    expect(worse.output.version).toBe(3);
    expect(worse.output.promoted).toBe(false);
    expect(worse.output.decision).toMatch(/^kept active: ndcg@10 0\.\d{4} vs active v2's settings 0\.\d{4}/);
  });

  it('trains matrix factorisation (zoo model, engine loop) and keeps EASE active when it scores lower', async () => {
    const mf = await train({ model: 'mf', parameters: { epochs: 10 } });
    expect(mf.state).toBe('completed');
    expect(mf.output.version).toBe(4);
    expect(mf.output.metrics['ndcg@10']).toBeGreaterThan(mf.output.metrics['popularity.ndcg@10']);
    expect(mf.output.promoted).toBe(false);
  });

  it('reports a run as failed when its job ended without the worker saying so (worker lost on the last attempt)', async () => {
    // The queue's record of a job whose last worker died, and the run row that worker never got to update.
    const { rows } = await database.query<{ id: string }>(
      `INSERT INTO ${APP}_jobs.job (name, data, state, output)
       VALUES ('train-recommender', '{}', 'failed', '{"message": "its worker stopped renewing the lease for 600 s"}')
       RETURNING id`,
    );
    const runId = '0b6f3c9e-5a7d-4f21-9c3e-8d2a1b4c6e70';
    await database.query(
      `INSERT INTO ${APP}.training_runs (id, model, status, job_id, created_by) VALUES ($1, 'ease', 'running', $2, 'test')`,
      [runId, rows[0].id],
    );
    const { status, body } = await get<{ status: string; error: string }>(`/training-runs/${runId}`, admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'failed',
      error: 'its worker stopped renewing the lease for 600 s',
    });
  });

  it("recommends unseen items to a known user, each explained by an item of the user's history", async () => {
    const seen = await historyOf('user-0007');
    const { status, body } = await get<Recommendations>('/users/user-0007/recommendations?k=10');
    expect(status).toBe(200);
    expect(body.source).toBe('model');
    expect(body.modelVersion).toBe(2);
    expect(body.items).toHaveLength(10);
    const scores = body.items.map((item) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const { rows } = await database.query<{ title: string }>(
      `SELECT title FROM ${APP}.items WHERE id = ANY($1)`,
      [[...seen]],
    );
    const seenTitles = new Set(rows.map((row) => row.title));
    for (const item of body.items) {
      expect(seen.has(item.id)).toBe(false);
      const named = /^because you (viewed|added to your cart|bought) "(.+)"$/.exec(item.explanation);
      expect(named, item.explanation).not.toBeNull();
      expect(seenTitles.has(named![2])).toBe(true);
    }

    const withSeen = await get<Recommendations>('/users/user-0007/recommendations?k=10&exclude_seen=false');
    expect(withSeen.body.items.some((item) => seen.has(item.id))).toBe(true);
  });

  it('filters by category and validates k', async () => {
    const { body } = await get<Recommendations>('/users/user-0007/recommendations?k=5&category=garden');
    expect(body.items).toHaveLength(5);
    const { rows } = await database.query<{ category: string }>(
      `SELECT category FROM ${APP}.items WHERE id = ANY($1)`,
      [body.items.map((item) => item.id)],
    );
    expect(rows.every((row) => row.category === 'garden')).toBe(true);
    for (const k of ['0', '101', 'ten']) {
      expect((await get(`/users/user-0007/recommendations?k=${k}`)).status).toBe(400);
    }
    expect((await get(`/items/SKU-00001/similar?k=0`)).status).toBe(400);
    const hundred = await get<Recommendations>('/users/user-0007/recommendations?k=100');
    expect(hundred.body.items).toHaveLength(100);
  });

  it('gives an unknown user popularity, or a text match when an interest is given', async () => {
    const popular = await get<Recommendations>('/users/somebody-new/recommendations?k=5');
    expect(popular.body.source).toBe('popularity');
    expect(popular.body.items.every((item) => item.explanation === 'popular with other shoppers')).toBe(true);
    const { rows } = await database.query<{ item_id: string }>(
      `SELECT item_id FROM ${APP}.events GROUP BY item_id ORDER BY count(DISTINCT user_id) DESC, item_id LIMIT 1`,
    );
    expect(popular.body.items[0].id).toBe(rows[0].item_id);

    const text = await get<Recommendations>(
      '/users/somebody-new/recommendations?k=5&interest=watering%20cans',
    );
    expect(text.body.source).toBe('text');
    expect(text.body.items[0].title.toLowerCase()).toContain('watering can');
    expect(text.body.items[0].explanation).toMatch(/^matches "(watering|cans)"$/);
  });

  it("takes a user's events since training into account at once (no query per request, no retraining)", async () => {
    const response = await fetch(`${api.baseUrl}/events`, {
      method: 'POST',
      headers: writer,
      body: JSON.stringify({
        events: ['SKU-00001', 'SKU-00006', 'SKU-00011'].map((item) => ({
          user: 'fresh-1',
          item,
          type: 'view',
        })),
      }),
    });
    expect(response.status).toBe(201);
    const { body } = await get<Recommendations>('/users/fresh-1/recommendations?k=5');
    expect(body.source).toBe('model');
    expect(body.items.map((item) => item.id)).not.toContain('SKU-00001');
    expect(body.items.every((item) => item.explanation.startsWith('because you viewed'))).toBe(true);
  });

  it('picks up events another process stored, with its background poll', async () => {
    // Written straight to the table: this API's in-process feed never hears of them.
    await database.query(
      `INSERT INTO ${APP}.events (user_id, item_id, type, occurred_at)
       VALUES ('fresh-2', 'SKU-00002', 'purchase', now()), ('fresh-2', 'SKU-00007', 'view', now())`,
    );
    const deadline = Date.now() + 10_000;
    let body: Recommendations | undefined;
    while (Date.now() < deadline) {
      body = (await get<Recommendations>('/users/fresh-2/recommendations?k=5')).body;
      if (body.source === 'model') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(body?.source).toBe('model');
    expect(body?.items.map((item) => item.id)).not.toContain('SKU-00002');
    expect(body?.items.some((item) => /^because you (bought|viewed) "/.test(item.explanation))).toBe(true);
  });

  it('lists similar items, and 404 for an unknown one', async () => {
    const { body } = await get<Recommendations>('/items/SKU-00001/similar?k=5');
    expect(body.source).toBe('model');
    expect(body.items).toHaveLength(5);
    expect(body.items.map((item) => item.id)).not.toContain('SKU-00001');
    const missing = await get<{ error: { code: string } }>('/items/NOPE/similar');
    expect(missing.status).toBe(404);
  });

  it('serves the previous version again after a rollback', async () => {
    const rolledBack = await fetch(`${api.baseUrl}/models/rollback`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ task: 'recommendations' }),
    });
    expect(rolledBack.status).toBe(201);
    await servedVersion(1);
    const { body } = await get<Recommendations>('/users/user-0007/recommendations?k=3');
    expect(body.source).toBe('popularity');
  });
});
