import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PlatformEnvironment } from '../config/platform-environment';
import { JsonLogger } from '../logging/json-logger';
import { PlatformModule } from '../platform.module';
import type { PlatformOptions } from '../platform.options';
import { asRole, startTestApp, type TestApp } from '../testing';
import type { ActiveModel } from './active-model';
import { ModelRegistry, type ModelVersion } from './model-registry.service';

@Module({})
class RegistryProbeModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: RegistryProbeModule,
      imports: [PlatformModule.forRoot({ ...options, logger, migrations: [] })],
    };
  }
}

const admin = asRole('admin');
const reader = asRole('reader');

describe('model registry on a real PostgreSQL', () => {
  const databaseUrl = inject('databaseUrl');
  let home: string;
  let api: TestApp;
  let registry: ModelRegistry;
  let sources: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'deepworks-registry-'));
    sources = await mkdtemp(join(tmpdir(), 'deepworks-trained-'));
    api = await startTestApp({
      app: 'registryprobe',
      databaseUrl,
      environment: PlatformEnvironment,
      module: (options, logger) => RegistryProbeModule.register(options, logger),
      env: { DEEPWORKS_HOME: home },
    });
    registry = api.nest.get(ModelRegistry);
  });

  afterAll(async () => {
    await api?.close();
    await rm(home, { recursive: true, force: true });
    await rm(sources, { recursive: true, force: true });
  });

  async function trainedArtifact(name: string, weights: string): Promise<string> {
    const dir = join(sources, name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'nested'), { recursive: true });
    await writeFile(join(dir, 'weights.txt'), weights);
    await writeFile(join(dir, 'nested', 'vocabulary.json'), '["a","b"]');
    return dir;
  }

  function register(task: string, weights: string, metric: number): Promise<ModelVersion> {
    return trainedArtifact(`${task}-${weights}`, weights).then((sourceDir) =>
      registry.register({
        task,
        config: { kind: 'toy' },
        dataFingerprint: 'sha256:toy',
        metrics: { auc: metric },
        sourceDir,
        createdBy: 'test',
      }),
    );
  }

  async function promoteOverHttp(id: string, { authorization } = admin): Promise<Response> {
    // No body, so no content type: an empty body declared as JSON is malformed JSON.
    return fetch(`${api.baseUrl}/models/${id}/promote`, { method: 'POST', headers: { authorization } });
  }

  it('registers versions numbered per task, with a copied, digest-pinned artifact', async () => {
    const first = await register('scorer', 'one', 0.8);
    const second = await register('scorer', 'two', 0.9);
    const other = await register('ranker', 'x', 0.5);
    expect([first.version, second.version, other.version]).toEqual([1, 2, 1]);
    expect(first.status).toBe('candidate');
    expect(first.artifactDir.startsWith(join(home, 'models', 'registryprobe', 'scorer'))).toBe(true);
    expect(await readFile(join(second.artifactDir, 'weights.txt'), 'utf8')).toBe('two');
    expect(first.artifactSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.artifactSha256).not.toBe(second.artifactSha256);
    // 3 bytes of weights + 9 bytes of vocabulary
    expect(first.artifactBytes).toBe(12);

    const listed = (await (await fetch(`${api.baseUrl}/models?task=scorer`, { headers: reader })).json()) as {
      version: number;
      metrics: { auc: number };
    }[];
    expect(listed.map((entry) => [entry.version, entry.metrics.auc])).toEqual([
      [2, 0.9],
      [1, 0.8],
    ]);
  });

  it('registers one version per training job, however often the job is retried', async () => {
    const trainingJobId = randomUUID();
    const registerFromJob = async () =>
      registry.register({
        task: 'retried',
        config: {},
        dataFingerprint: 'sha256:toy',
        metrics: { auc: 0.7 },
        sourceDir: await trainedArtifact('retried', 'weights'),
        createdBy: `job:${trainingJobId}`,
        trainingJobId,
      });
    const first = await registerFromJob();
    const retried = await registerFromJob();
    expect(retried.id).toBe(first.id);
    expect(first.trainingJobId).toBe(trainingJobId);
    expect((await registry.list('retried')).length).toBe(1);
  });

  it('refuses an empty artifact and leaves neither a row nor a directory', async () => {
    const before = (await registry.list()).length;
    const empty = join(sources, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(
      registry.register({
        task: 'scorer',
        config: {},
        dataFingerprint: 'x',
        metrics: {},
        sourceDir: empty,
        createdBy: 'test',
      }),
    ).rejects.toThrow(/empty/);
    expect((await registry.list()).length).toBe(before);
  });

  it('promotes through the API for admins only, retiring the previous active version', async () => {
    const [second, first] = await registry.list('scorer');
    expect((await promoteOverHttp(first.id, reader)).status).toBe(403);
    const promoted = await promoteOverHttp(first.id);
    expect(promoted.status).toBe(201);
    expect(((await promoted.json()) as ModelVersion).status).toBe('active');
    await promoteOverHttp(second.id);
    const statuses = (await registry.list('scorer')).map((entry) => [entry.version, entry.status]);
    expect(statuses).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
  });

  it('serves the active version and swaps it atomically on promote and rollback', async () => {
    const released: string[] = [];
    const serving: ActiveModel<string> = registry.watch(
      'scorer',
      {
        load: async (_version, dir) => readFile(join(dir, 'weights.txt'), 'utf8'),
        release: (model) => released.push(model),
      },
      { pollMs: 60_000, releaseAfterMs: 0 },
    );
    try {
      await serving.refresh();
      expect(serving.current()?.model).toBe('two');

      const rolledBack = await fetch(`${api.baseUrl}/models/rollback`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ task: 'scorer' }),
      });
      expect(rolledBack.status).toBe(201);
      expect(((await rolledBack.json()) as ModelVersion).version).toBe(1);
      await serving.refresh();
      expect(serving.current()?.model).toBe('one');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(released).toEqual(['two']);

      // Version 2 was rolled back and version 1 has nothing active before it.
      const again = await fetch(`${api.baseUrl}/models/rollback`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ task: 'scorer' }),
      });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'NOTHING_TO_ROLL_BACK_TO' } });
    } finally {
      serving.stop();
    }
  });

  it('refuses to promote (or roll back to) a version whose artifact was altered on disk', async () => {
    const third = await register('scorer', 'three', 0.95);
    const activeBefore = await registry.activeId('scorer');
    await writeFile(join(third.artifactDir, 'weights.txt'), 'tampered');
    try {
      await expect(registry.promote(third.id, 'test')).rejects.toMatchObject({
        code: 'ARTIFACT_INVALID',
        message: expect.stringMatching(/artifact sha256 mismatch, refusing to load/),
      });
      expect(await registry.activeId('scorer')).toBe(activeBefore);
    } finally {
      await writeFile(join(third.artifactDir, 'weights.txt'), 'three');
    }
  });

  it('keeps serving the old version while the new artifact cannot be read, and loads it once it can', async () => {
    const fourth = await register('scorer', 'four', 0.96);
    const serving = registry.watch<string>(
      'scorer',
      { load: async (_version, dir) => readFile(join(dir, 'weights.txt'), 'utf8') },
      { pollMs: 60_000, retryAfterMs: 200 },
    );
    const weights = join(fourth.artifactDir, 'weights.txt');
    try {
      await serving.refresh();
      const before = serving.current();
      expect(before?.model).not.toBe('four');
      await registry.promote(fourth.id, 'test');
      // The file goes missing after promotion (a storage hiccup): the old version keeps serving.
      await rename(weights, `${weights}.away`);
      await serving.refresh();
      expect(serving.current()).toBe(before);
      await rename(`${weights}.away`, weights);
      // Within the back-off the failed version is not tried again; after it, it loads.
      await serving.refresh();
      expect(serving.current()).toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 250));
      await serving.refresh();
      expect(serving.current()).toMatchObject({ model: 'four', version: { id: fourth.id } });
    } finally {
      serving.stop();
    }
  });

  it('never has two active versions of a task, even under concurrent promotions', async () => {
    const versions = await registry.list('scorer');
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        registry.promote(versions[index % versions.length].id, 'race'),
      ),
    );
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ active: string }>(
        `SELECT count(*) AS active FROM registryprobe.model_versions WHERE task = 'scorer' AND status = 'active'`,
      );
      expect(Number(rows[0].active)).toBe(1);
      const events = await client.query<{ action: string }>(
        `SELECT DISTINCT action FROM registryprobe.model_version_events ORDER BY action`,
      );
      expect(events.rows.map((row) => row.action)).toEqual([
        'promoted',
        'registered',
        'retired',
        'rolled-back',
      ]);
    } finally {
      await client.end();
    }
  });

  it('answers bad task names and unknown versions with 400 and 404', async () => {
    const badTask = await fetch(`${api.baseUrl}/models?task=..%2Fetc`, { headers: reader });
    expect(badTask.status).toBe(400);
    const unknown = await promoteOverHttp('7d3f0c3e-3a4c-4c36-9f0e-5d4f1b0a2c11');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'MODEL_VERSION_NOT_FOUND' } });
  });

  it('deletes old artifacts by the retention rule, keeps their rows, and never serves them again', async () => {
    const versions: ModelVersion[] = [];
    for (let n = 1; n <= 5; n++) versions.push(await register('pruned', `w${n}`, n / 10));
    // v1, v2, v3 active in turn: v1 and v2 retired (v2 the more recent), v3 active; v4, v5 candidates.
    for (const version of versions.slice(0, 3)) await registry.promote(version.id, 'test');

    const removed = await registry.pruneArtifacts('pruned', 1);
    expect(removed.map((version) => version.version).sort()).toEqual([1, 4]);
    const byVersion = new Map((await registry.list('pruned')).map((version) => [version.version, version]));
    expect(byVersion.size).toBe(5);
    for (const n of [1, 4]) {
      expect(byVersion.get(n)!.artifactRemovedAt).toBeInstanceOf(Date);
      expect(existsSync(byVersion.get(n)!.artifactDir)).toBe(false);
    }
    for (const n of [2, 3, 5]) {
      expect(byVersion.get(n)!.artifactRemovedAt).toBeNull();
      expect(existsSync(byVersion.get(n)!.artifactDir)).toBe(true);
    }
    expect(await registry.pruneArtifacts('pruned', 1)).toEqual([]);

    const refused = await promoteOverHttp(versions[0].id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'ARTIFACT_REMOVED' } });
    expect((await registry.active('pruned'))?.version).toBe(3);
    // Rollback goes to v2, and then has nowhere to go: v1's artifact is gone.
    expect((await registry.rollback('pruned', 'test')).version).toBe(2);
    await expect(registry.rollback('pruned', 'test')).rejects.toMatchObject({
      code: 'NOTHING_TO_ROLL_BACK_TO',
    });

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>(
        `SELECT v.version FROM registryprobe.model_version_events e
           JOIN registryprobe.model_versions v ON v.id = e.version_id
          WHERE v.task = 'pruned' AND e.action = 'artifact-removed' ORDER BY v.version`,
      );
      expect(rows.map((row) => row.version)).toEqual([1, 4]);
    } finally {
      await client.end();
    }
  });
});
