import { existsSync } from 'node:fs';
import { TEST_API_KEYS } from '@deepworks/platform/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { IngestResultDto } from '../src/articles/dto/ingest-articles.dto';
import { promoteGeneratedModel } from './support/generated-model';
import {
  call,
  jobOutput,
  type SentimentTestService,
  startSentimentService,
} from './support/sentiment-test.service';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[sentiment dashboard] ${CHROMIUM} is missing: the browser test is skipped`);

describe.skipIf(!hasChromium)('dashboard in headless Chromium', () => {
  let service: SentimentTestService;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    service = await startSentimentService(inject('databaseUrl'), 'dashboard');
    base = service.api.baseUrl;
    await promoteGeneratedModel(service, 7);
    const first = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', {
      articles: [
        { text: 'Acme Corp fined over misleading statements', publishedAt: '2026-05-04T09:05:00Z' },
        { text: 'Globex beats estimates as quarterly profit jumps 12%', publishedAt: '2026-05-04T10:15:00Z' },
        { text: 'Central bank holds rates steady, as expected', publishedAt: '2026-05-04T11:30:00Z' },
      ],
    });
    await jobOutput(base, first.body.scoringJobId!);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('asks for a key, renders charts, alerts and scored articles, and updates when articles arrive', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/`);
    await expect.poll(() => page.textContent('#status')).toBe('enter an API key');

    await page.fill('#api-key', TEST_API_KEYS.writer);
    await page.click('#key-form button');
    await page.waitForSelector('#status[data-state="live"]');
    // The page's own code, run in the browser (Node's types have no DOM, hence the string).
    expect(await page.evaluate("localStorage.getItem('deepworks.sentiment.apiKey')")).toBe(
      TEST_API_KEYS.writer,
    );
    expect(await page.locator('#articles li').count()).toBe(3);
    // uPlot drew both charts (a canvas each) with one series per topic in the legend.
    expect(await page.locator('#polarity-chart canvas').count()).toBe(1);
    expect(await page.locator('#negative-chart canvas').count()).toBe(1);
    const legend = await page.locator('#polarity-chart .u-legend .u-series').allTextContents();
    expect(legend.join(' ')).toMatch(/regulation/);
    expect(await page.textContent('#model')).toMatch(/model v1/);
    const fined = page.locator('#articles li', { hasText: 'Acme Corp fined' });
    expect(await fined.locator('.label').textContent()).toBe('negative');
    expect(await fined.locator('mark.neg').count()).toBeGreaterThan(0);

    // A new article arrives through the API: the page learns of it by server-sent event, no reload.
    const arrival = await call<IngestResultDto>(base, 'POST', '/articles', 'writer', {
      text: 'Initech plunges 14% after downgrade',
      publishedAt: '2026-05-04T12:45:00Z',
    });
    await jobOutput(base, arrival.body.scoringJobId!);
    const fresh = page.locator('#articles li', { hasText: 'Initech plunges' });
    await fresh.waitFor({ timeout: 15_000 });
    expect(await page.locator('#articles li').first().textContent()).toMatch(/Initech plunges/);
    expect(await fresh.locator('.label').textContent()).toBe('negative');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('serves the page publicly and uPlot from the installed package', async () => {
    const html = await fetch(`${base}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const uplot = await fetch(`${base}/dashboard/uplot.js`);
    expect(uplot.headers.get('content-type')).toMatch(/javascript/);
    expect(await uplot.text()).toMatch(/uPlot/);
    // The page is public; the data behind it is not.
    expect((await fetch(`${base}/articles`)).status).toBe(401);
  });
});
