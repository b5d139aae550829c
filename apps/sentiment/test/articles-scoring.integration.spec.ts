import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { asRole, seedDemoData, waitForJob } from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ArticleDto } from '../src/articles/dto/article.dto';
import type { IngestResultDto } from '../src/articles/dto/ingest-articles.dto';
import type { ImportReport } from '../src/imports/import-articles.job';
import {
  call,
  eventually,
  type Page,
  jobOutput,
  type SentimentTestService,
  startSentimentService,
} from './support/sentiment-test.service';

interface TrainingOutput {
  version: number;
  promoted: boolean;
  reason: string;
  heldOut: { accuracy: number; macro_f1: number; n: number };
  backlogJobs: number;
  topics: {
    skipped?: string;
    topics: string[];
    learned?: { micro_f1: number };
    rules?: { micro_f1: number };
  };
}

describe('ingest, scoring in the worker, training and imports on a real PostgreSQL', () => {
  let service: SentimentTestService;
  let base: string;

  beforeAll(async () => {
    service = await startSentimentService(inject('databaseUrl'), 'ingest');
    base = service.api.baseUrl;
  });
  afterAll(async () => service?.close());

  const articleCount = async () =>
    (await call<Page<ArticleDto>>(base, 'GET', '/articles?limit=1', 'reader')).body.total;
  const scoredCount = async () => {
    const page = await call<{ series: { points: { articles: number }[] }[] }>(
      base,
      'GET',
      '/monitoring/buckets?granularity=day&dimension=all&buckets=1440',
      'reader',
    );
    return page.body.series
      .flatMap((series) => series.points)
      .reduce((sum, point) => sum + point.articles, 0);
  };
  let wireOneId = '';
  const allArticles = async () =>
    (await call<Page<ArticleDto>>(base, 'GET', '/articles?limit=100', 'reader')).body.items;

  it('refuses to train without enough labelled articles', async () => {
    const response = await call(base, 'POST', '/training-runs', 'admin', {});
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: { code: 'NOT_ENOUGH_LABELLED_ARTICLES' } });
  });

  it('stores articles before any model exists; their scoring job waits without failing', async () => {
    const response = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', {
      sourceId: 'wire-1',
      text: 'Acme Corp fined over misleading statements',
      publishedAt: '2026-03-02T09:00:00Z',
    });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ stored: 1, skipped: 0, items: [{ index: 0, status: 'stored' }] });
    expect(await jobOutput(base, response.body.scoringJobId!)).toMatchObject({
      scored: 0,
      waiting: 1,
      reason: 'no active sentiment model',
    });
  });

  it('rejects bad input with 400/422 naming the problem, storing nothing of the request', async () => {
    const before = await articleCount();
    const big = 'x'.repeat(100 * 1024 + 1);
    const cases: [unknown, number, string, RegExp][] = [
      [{ text: '   ' }, 422, 'ARTICLE_TEXT_REJECTED', /article 0: text is empty/],
      [
        { articles: [{ text: 'fine' }, { text: big }] },
        422,
        'ARTICLE_TEXT_REJECTED',
        /article 1: text is 102401 bytes/,
      ],
      [{ text: 'zip PK\u0003\u0004' }, 422, 'ARTICLE_TEXT_REJECTED', /control characters/],
      [{ sourceId: 'x' }, 400, 'VALIDATION_FAILED', /text must be a string/],
      [
        { articles: [{ text: 'ok', colour: 'red' }] },
        400,
        'VALIDATION_FAILED',
        /articles\[0\]\.property colour/,
      ],
      [{ text: 'ok', publishedAt: 'yesterday' }, 400, 'VALIDATION_FAILED', /publishedAt/],
      [{ articles: [] }, 400, 'EMPTY_BATCH', /no article/],
      [
        { articles: Array.from({ length: 501 }, (_, i) => ({ text: `t${i}` })) },
        400,
        'BATCH_TOO_LARGE',
        /500/,
      ],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await call<{ error: { code: string; message: string } }>(
        base,
        'POST',
        '/articles',
        'writer',
        body,
      );
      expect([response.status, response.body.error.code]).toEqual([status, code]);
      expect(response.body.error.message).toMatch(message);
    }
    // Raw bytes that are not UTF-8 inside a JSON string: 0xff 0xfe.
    const junk = Buffer.concat([
      Buffer.from('{"text":"Shares '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' slump"}'),
    ]);
    const binary = await fetch(`${base}/articles`, { method: 'POST', headers: asRole('writer'), body: junk });
    expect(binary.status).toBe(400);
    expect(await binary.json()).toMatchObject({
      error: { code: 'INVALID_UTF8', message: expect.stringMatching(/not valid UTF-8/) },
    });
    expect((await call(base, 'POST', '/articles', 'reader', { text: 'hello' })).status).toBe(403);
    expect(await articleCount()).toBe(before);
  });

  it('reports duplicates by source id and by content as skipped, never storing them twice', async () => {
    const before = await articleCount();
    const response = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', {
      articles: [
        { sourceId: 'wire-1', text: 'A different story under an id already used' },
        { sourceId: 'wire-2', text: '  ACME CORP fined over   misleading statements ' },
        { sourceId: 'wire-3', text: 'Globex completes previously announced acquisition' },
        { sourceId: 'wire-4', text: 'globex completes previously announced acquisition' },
      ],
    });
    expect(response.status).toBe(202);
    const first = (await allArticles()).find((article) => article.sourceId === 'wire-1')!;
    wireOneId = first.id;
    expect(response.body.items.map((item) => [item.index, item.status, item.reason ?? null])).toEqual([
      [0, 'skipped', 'duplicate-source-id'],
      [1, 'skipped', 'duplicate-content'],
      [2, 'stored', null],
      [3, 'skipped', 'duplicate-content'],
    ]);
    expect(response.body.items[0].id).toBe(first.id);
    expect(response.body.items[3].id).toBe(response.body.items[2].id);
    expect(await articleCount()).toBe(before + 1);
  });

  it('trains on labelled articles, promotes the first model and scores the backlog with it', async () => {
    expect(await seedDemoData(service.api, { seed: 3, size: 400 })).toMatchObject({ state: 'completed' });
    const start = await call<{ jobId: string; labelledArticles: number }>(
      base,
      'POST',
      '/training-runs',
      'admin',
      {},
    );
    expect(start.status).toBe(202);
    expect(start.body.labelledArticles).toBe(400);
    expect((await call(base, 'POST', '/training-runs', 'writer', {})).status).toBe(403);
    const first = await jobOutput<TrainingOutput>(base, start.body.jobId);
    expect(first).toMatchObject({ version: 1, promoted: true, reason: 'no active model' });
    // One in five held out by content hash: about 80 of 400.
    expect(first.heldOut.n).toBeGreaterThan(50);
    expect(first.heldOut.n).toBeLessThan(110);
    expect(first.heldOut.macro_f1).toBeGreaterThan(0.9);
    expect(first.backlogJobs).toBeGreaterThanOrEqual(1);
    // The demo headlines carry topic labels: a topic classifier is learned, kept as it beats the rules.
    expect(first.topics).toMatchObject({ topics: ['earnings', 'macro', 'markets', 'mergers', 'regulation'] });
    expect(first.topics.skipped).toBeUndefined();
    expect(first.topics.learned!.micro_f1).toBeGreaterThanOrEqual(first.topics.rules!.micro_f1);

    // Every article scored: the day buckets of the whole stream hold as many articles as the table.
    const total = await articleCount();
    await eventually(async () => ((await scoredCount()) === total ? true : undefined));
    const fined = (await call<ArticleDto>(base, 'GET', `/articles/${wireOneId}`, 'reader')).body;
    expect(fined.score).toMatchObject({ label: 'negative', modelVersion: 1, topics: ['regulation'] });
    const probabilities = Object.values(fined.score!.probabilities);
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
    expect(fined.score!.contributions.find((entry) => entry.token === 'fined')?.weight).toBeLessThan(0);
    const models = await call<{ version: number; status: string }[]>(
      base,
      'GET',
      '/models?task=sentiment',
      'reader',
    );
    expect(models.body.map((model) => [model.version, model.status])).toEqual([[1, 'active']]);

    // Same data again: the same held-out macro-F1 does not beat the active model.
    const again = await call<{ jobId: string }>(base, 'POST', '/training-runs', 'admin', {});
    const second = await jobOutput<TrainingOutput>(base, again.body.jobId);
    expect(second).toMatchObject({ version: 2, promoted: false });
    expect(second.reason).toMatch(/vs active v1/);
  });

  it('scores new articles in the worker and counts each once in the buckets', async () => {
    const before = await scoredCount();
    expect(before).toBe(await articleCount());
    const body = {
      articles: [
        {
          sourceId: 'live-1',
          text: '$STRK plunges 12% after downgrade',
          publishedAt: '2026-03-05T10:00:00Z',
        },
        { sourceId: 'live-2', text: 'Stark Industries beats estimates as quarterly profit jumps 9%' },
      ],
    };
    const response = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', body);
    expect(await jobOutput(base, response.body.scoringJobId!)).toMatchObject({ scored: 2, modelVersion: 1 });
    const plunge = await call<ArticleDto>(base, 'GET', `/articles/${response.body.items[0].id}`, 'reader');
    expect(plunge.body.score).toMatchObject({ label: 'negative', tickers: ['STRK'] });
    expect(plunge.body.score!.topics).toContain('analyst-ratings');
    expect(await scoredCount()).toBe(before + 2);
    // Sent again: skipped, no job, no change to any bucket.
    const resent = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', body);
    expect(resent.body).toMatchObject({ stored: 0, skipped: 2, scoringJobId: null });
    expect(await scoredCount()).toBe(before + 2);
  });

  it('imports CSV and JSONL files as worker jobs, reporting bad rows by line', async () => {
    const csv = Buffer.concat([
      Buffer.from('id,headline,when,sentiment\r\n'),
      Buffer.from('imp-1,Initech misses forecasts and profit falls 7%,2026-03-06T08:00:00Z,bearish\r\n'),
      Buffer.from('imp-2,Umbrella Group confirms talks with potential partners,2026-03-06T08:05:00Z,\r\n'),
      Buffer.from('imp-3,Wayne Enterprises to report results,2026-03-06T08:10:00Z,sideways\r\n'),
      Buffer.from('imp-4,,2026-03-06T08:15:00Z,neutral\r\n'),
      Buffer.concat([
        Buffer.from('imp-5,Bad '),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(' bytes,2026-03-06T08:20:00Z,\r\n'),
      ]),
      Buffer.from('imp-6,"Globex deal collapses after regulators object",not a date,negative\r\n'),
      Buffer.from('imp-1,Initech misses forecasts and profit falls 7%,2026-03-06T08:00:00Z,bearish\r\n'),
    ]);
    const upload = await fetch(
      `${base}/imports?idColumn=id&textColumn=headline&timeColumn=when&labelColumn=sentiment`,
      { method: 'POST', headers: { ...asRole('writer'), 'content-type': 'text/csv' }, body: csv },
    );
    expect(upload.status).toBe(202);
    const { jobId } = (await upload.json()) as { jobId: string };
    const report = await jobOutput<ImportReport>(base, jobId);
    expect(report).toMatchObject({ rows: 7, stored: 2, duplicates: 1, rejected: 4 });
    expect(report.errors.map((error) => error.line)).toEqual([4, 5, 6, 7]);
    expect(report.errors[0].reason).toMatch(/Unknown label "sideways"/);
    expect(report.errors[1].reason).toMatch(/text is empty/);
    expect(report.errors[2].reason).toMatch(/UTF-8/);
    expect(report.errors[3].reason).toMatch(/"not a date" is not a date/);

    const jsonl = [
      JSON.stringify({
        sourceId: 'j-1',
        text: 'Umbrella Group fined over misleading statements',
        label: 'negative',
        publishedAt: '2026-03-06T09:00:00Z',
      }),
      '{"sourceId": "j-2", "text": ',
      JSON.stringify({ sourceId: 'j-3', text: 42 }),
      JSON.stringify({
        sourceId: 'j-4',
        text: 'Jobs report beats forecasts',
        tickers: ['SPY'],
        publishedAt: '2026-03-06T09:05:00Z',
      }),
    ].join('\n');
    const second = await fetch(`${base}/imports`, {
      method: 'POST',
      headers: { ...asRole('writer'), 'content-type': 'application/x-ndjson' },
      body: jsonl,
    });
    const jsonReport = await jobOutput<ImportReport>(
      base,
      ((await second.json()) as { jobId: string }).jobId,
    );
    expect(jsonReport).toMatchObject({ rows: 4, stored: 2, rejected: 2 });
    expect(jsonReport.errors.map((error) => [error.line, error.reason.slice(0, 12)])).toEqual([
      [2, 'invalid JSON'],
      [3, 'text must be'],
    ]);
    const wrongType = await fetch(`${base}/imports`, {
      method: 'POST',
      headers: { ...asRole('writer'), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.json()).toMatchObject({ error: { code: 'UNSUPPORTED_IMPORT_FORMAT' } });
    await eventually(async () => {
      const items = await allArticles();
      const imported = items.filter((article) => article.source === 'import');
      return imported.length === 4 && imported.every((article) => article.score) ? true : undefined;
    });
  });

  it('fails an import whose header lacks a named column at once, saying which, and drops the upload', async () => {
    const upload = await fetch(`${base}/imports?textColumn=headline`, {
      method: 'POST',
      headers: { ...asRole('writer'), 'content-type': 'text/csv' },
      body: 'title,when\nInitech misses forecasts,2026-03-06T08:00:00Z\n',
    });
    expect(upload.status).toBe(202);
    const { jobId } = (await upload.json()) as { jobId: string };
    // The queue would retry a failed import after 5 s: this one is not retried.
    const ended = await waitForJob(base, jobId, asRole('writer'), 4_000);
    expect(ended).toMatchObject({
      state: 'failed',
      attempts: 1,
      output: { error: 'no column(s) headline in the header [title, when]' },
    });
    expect(await readdir(join(service.home, 'imports', 'sentiment'))).toEqual([]);
  });
});
