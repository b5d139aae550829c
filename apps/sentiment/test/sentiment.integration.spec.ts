import {
  asRole,
  seedDemoData,
  startTestService,
  type TestApp,
  type TestService,
} from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { contentHash } from '../src/articles/content-hash';
import { SENTIMENT_SERVICE } from '../src/sentiment.service';

describe('sentiment API and worker on a real PostgreSQL', () => {
  let service: TestService;
  let api: TestApp;

  beforeAll(async () => {
    service = await startTestService({ ...SENTIMENT_SERVICE, databaseUrl: inject('databaseUrl') });
    api = service.api;
  });
  afterAll(async () => service?.close());

  it('is healthy with its schema migrated', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      info: { db: { status: 'up' }, service: { app: 'sentiment' } },
    });
  });

  it('stores generated labelled headlines, newest first, and a re-run stores none', async () => {
    const seed = () => seedDemoData(api, { seed: 2, size: 50 });
    expect(await seed()).toMatchObject({ state: 'completed', output: { articles: 50, skipped: 0 } });
    expect(await seed()).toMatchObject({ state: 'completed', output: { articles: 0, skipped: 50 } });

    const page = (await (
      await fetch(`${api.baseUrl}/articles?limit=50`, { headers: asRole('reader') })
    ).json()) as {
      items: { publishedAt: string; labelSentiment: string }[];
      total: number;
    };
    expect(page.total).toBe(50);
    const times = page.items.map((article) => article.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(page.items.map((article) => article.labelSentiment))).toEqual(
      new Set(['positive', 'neutral', 'negative']),
    );
  });

  it('hashes content regardless of case and spacing', () => {
    expect(contentHash('Stocks  rally\n')).toBe(contentHash('stocks rally'));
    expect(contentHash('stocks rally')).not.toBe(contentHash('stocks slump'));
  });

  it('answers an unknown article with 404 ARTICLE_NOT_FOUND', async () => {
    const response = await fetch(`${api.baseUrl}/articles/5a0f4e1e-8f5e-4c8e-9a53-7b6f0f1d2c3b`, {
      headers: asRole('reader'),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'ARTICLE_NOT_FOUND' } });
  });
});
