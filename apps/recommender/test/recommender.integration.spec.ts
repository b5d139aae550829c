import {
  asRole,
  seedDemoData,
  startTestService,
  type TestApp,
  type TestService,
} from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { RECOMMENDER_SERVICE } from '../src/recommender.service';

describe('recommender API and worker on a real PostgreSQL', () => {
  let service: TestService;
  let api: TestApp;

  beforeAll(async () => {
    service = await startTestService({ ...RECOMMENDER_SERVICE, databaseUrl: inject('databaseUrl') });
    api = service.api;
  });
  afterAll(async () => service?.close());

  it('is healthy with its schema migrated', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { db: { status: 'up' }, service: { app: 'recommender' } },
    });
  });

  it('loads the demo shop through the worker, once', async () => {
    const done = await seedDemoData(api, { seed: 3, size: 40 });
    expect(done).toMatchObject({ state: 'completed', output: { items: 40 } });

    const page = (await (
      await fetch(`${api.baseUrl}/items?limit=5`, { headers: asRole('reader') })
    ).json()) as {
      items: { id: string; title: string }[];
      total: number;
    };
    expect(page.total).toBe(40);
    expect(page.items.map((item) => item.id)).toEqual([
      'SKU-00001',
      'SKU-00002',
      'SKU-00003',
      'SKU-00004',
      'SKU-00005',
    ]);

    expect(await seedDemoData(api, { seed: 3, size: 40 })).toMatchObject({
      state: 'completed',
      output: { skipped: 'demo shop already loaded' },
    });
  });

  it('answers an unknown item with 404 ITEM_NOT_FOUND', async () => {
    const response = await fetch(`${api.baseUrl}/items/NOPE-1`, { headers: asRole('reader') });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: 'ITEM_NOT_FOUND', details: { id: 'NOPE-1' } },
    });
  });

  it('keeps demo loading to admins and validates its body', async () => {
    const asWriter = await fetch(`${api.baseUrl}/demo-data`, {
      method: 'POST',
      headers: asRole('writer'),
      body: '{}',
    });
    expect(asWriter.status).toBe(403);
    const badBody = await fetch(`${api.baseUrl}/demo-data`, {
      method: 'POST',
      headers: asRole('admin'),
      body: JSON.stringify({ size: -5, colour: 'red' }),
    });
    expect(badBody.status).toBe(400);
    const { error } = (await badBody.json()) as { error: { code: string; details: { problems: string[] } } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.problems.join(' ')).toMatch(/size must not be less than 1/);
    expect(error.details.problems.join(' ')).toMatch(/property colour should not exist/);
  });

  it('rejects a page size out of range', async () => {
    const response = await fetch(`${api.baseUrl}/items?limit=5000`, { headers: asRole('reader') });
    expect(response.status).toBe(400);
  });
});
