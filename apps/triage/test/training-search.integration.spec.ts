import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asRole,
  seedDemoData,
  startTestDatabase,
  startTestService,
  type TestDatabase,
  type TestService,
  waitForJob,
} from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRIAGE_SERVICE } from '../src/triage.service';

interface TrialResult {
  trialIndex: number;
  config: { learningRate: number; batchSize: number; augmentation: string };
  score: number;
}
interface SearchSummary {
  trials: number;
  eta: number;
  minBudget: number;
  maxBudget: number;
  best: TrialResult & { budget: number };
  rungs: { budget: number; results: TrialResult[]; promoted: number[] }[];
}

describe('training run with a hyper-parameter search', () => {
  let database: TestDatabase;
  let service: TestService;
  let home: string;

  beforeAll(async () => {
    // A database of its own: this suite registers its own model, beside the integration suite's.
    database = await startTestDatabase(inject('databaseUrl'));
    home = await mkdtemp(join(tmpdir(), 'deepworks-search-home-'));
    service = await startTestService({
      ...TRIAGE_SERVICE,
      databaseUrl: database.url,
      env: { DEEPWORKS_HOME: home },
    });
    await seedDemoData(service.api, { seed: 31, size: 120 });
  });
  afterAll(async () => {
    await service?.close();
    await database?.teardown();
    if (home) await rm(home, { recursive: true, force: true });
  });

  const startRun = (body: unknown) =>
    fetch(`${service.api.baseUrl}/training-runs`, {
      method: 'POST',
      headers: asRole('admin'),
      body: JSON.stringify(body),
    });

  it('refuses a search of fewer than 3 trials, an eta out of range and unknown fields', async () => {
    for (const search of [{ trials: 1 }, { trials: 4, eta: 5 }, { trials: 4, budget: 2 }, [{ trials: 4 }]]) {
      const response = await startRun({ epochs: 3, search });
      expect({ search, status: response.status }).toEqual({ search, status: 400 });
    }
    const body = JSON.stringify(await (await startRun({ search: { trials: 1 } })).json());
    expect(body).toContain('trials must not be less than 3');
  });

  it('halves 4 trials to 2 to 1 over 1, 2, 3 epochs and registers the best trial', async () => {
    const started = await startRun({ epochs: 3, batchSize: 32, search: { trials: 4, eta: 2 } });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    // Progress is only the latest message: watch it while the job runs.
    const messages = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const status = (await (
          await fetch(`${service.api.baseUrl}/jobs/${jobId}`, { headers: asRole('admin') })
        ).json()) as { progress?: { message?: string } };
        if (status.progress?.message) messages.add(status.progress.message);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const done = await waitForJob(service.api.baseUrl, jobId, asRole('admin'), 240_000);
    watching = false;
    await watcher;
    expect({ state: done.state, output: done.state === 'completed' ? null : done.output }).toEqual({
      state: 'completed',
      output: null,
    });
    const output = done.output as {
      modelVersion: number;
      promoted: boolean;
      validation: { auc: number };
      training: { epochs: number };
      search: SearchSummary;
    };
    const { search } = output;
    // 4 at 1 epoch → ⌊4/2⌋ = 2 at 2 → 1 at min(2·2, 3) = 3 epochs, the run's `epochs`.
    expect(search.rungs.map((rung) => [rung.budget, rung.results.length])).toEqual([
      [1, 4],
      [2, 2],
      [3, 1],
    ]);
    expect(search).toMatchObject({ trials: 4, eta: 2, minBudget: 1, maxBudget: 3 });
    // The survivors of each rung are its two (then one) best AUCs.
    const [first, second, last] = search.rungs;
    const ranked = [...first.results].sort((a, b) => b.score - a.score || a.trialIndex - b.trialIndex);
    expect(first.promoted).toEqual(ranked.slice(0, 2).map((result) => result.trialIndex));
    expect(second.results.map((result) => result.trialIndex)).toEqual(
      [...first.promoted].sort((a, b) => a - b),
    );
    expect(last.results.map((result) => result.trialIndex)).toEqual(second.promoted);
    // The registered model is the last rung's: trained 3 epochs, its AUC the one the search scored.
    expect(search.best).toMatchObject({ trialIndex: last.results[0].trialIndex, budget: 3 });
    expect(output.validation.auc).toBe(search.best.score);
    expect(output.training.epochs).toBe(3);
    for (const rung of search.rungs)
      for (const { config } of rung.results) {
        expect(config.learningRate).toBeGreaterThanOrEqual(3e-4);
        expect(config.learningRate).toBeLessThan(3e-3);
        expect([16, 32, 64]).toContain(config.batchSize);
        expect(['off', 'on']).toContain(config.augmentation);
      }
    const trialMessages = [...messages].filter((message) => /^trial [1-7]\/7 \(#[0-3]: /.test(message));
    expect(trialMessages.length).toBeGreaterThan(0);

    const models = (await (
      await fetch(`${service.api.baseUrl}/models`, { headers: asRole('reader') })
    ).json()) as { version: number; status: string; config: Record<string, unknown> }[];
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ version: output.modelVersion, status: 'active' });
    // The settings the model was trained with, not the requested batch size of 32.
    expect(models[0].config).toMatchObject({ ...search.best.config, epochs: 3, search });

    // Promotion queued scoring of the 120 pending studies with the searched model; let it finish
    // (and not race the shutdown).
    const pending = async () => {
      let count = 0;
      for (const offset of [0, 100]) {
        const page = (await (
          await fetch(`${service.api.baseUrl}/studies?limit=100&offset=${offset}`, {
            headers: asRole('clinician'),
          })
        ).json()) as { items: { status: string }[] };
        count += page.items.filter((study) => study.status === 'pending').length;
      }
      return count;
    };
    const deadline = Date.now() + 60_000;
    while ((await pending()) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await pending()).toBe(0);
  });
});
