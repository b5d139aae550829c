import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asRole,
  seedDemoData,
  startTestDatabase,
  startTestService,
  TEST_API_KEYS,
  type TestDatabase,
  type TestService,
  waitForJob,
} from '@deepworks/platform/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRIAGE_SERVICE } from '../src/triage.service';
import { findingPng } from './support/study-images';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('triage demo page in headless Chromium', () => {
  let database: TestDatabase;
  let service: TestService;
  let browser: Browser;
  let files: string;

  beforeAll(async () => {
    // A database of its own: the page test trains its own model, beside the integration suite's.
    database = await startTestDatabase(inject('databaseUrl'));
    files = await mkdtemp(join(tmpdir(), 'deepworks-page-'));
    service = await startTestService({
      ...TRIAGE_SERVICE,
      databaseUrl: database.url,
      env: { DEEPWORKS_HOME: files },
    });
    // Fewer studies than the page's queue shows (100), so the upload is on it whatever its priority.
    await seedDemoData(service.api, { seed: 21, size: 90 });
    const started = await fetch(`${service.api.baseUrl}/training-runs`, {
      method: 'POST',
      headers: asRole('admin'),
      body: JSON.stringify({ epochs: 3, seed: 1 }),
    });
    const { jobId } = (await started.json()) as { jobId: string };
    expect((await waitForJob(service.api.baseUrl, jobId, asRole('admin'), 180_000)).state).toBe('completed');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await database?.teardown();
    if (files) await rm(files, { recursive: true, force: true });
  });

  it('uploads an image and shows the decision, the heat map and the queue', async () => {
    const image = join(files, 'study.png');
    await writeFile(image, findingPng(4242, true).png);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(service.api.baseUrl);
    expect(await page.title()).toBe('deepworks triage');
    await page.fill('#key', TEST_API_KEYS.clinician);
    await page.dispatchEvent('#key', 'change');
    await page.setInputFiles('#file', image);
    await page.fill('#patientRef', 'P-BROWSER');
    await page.click('button[type=submit]');
    await page.waitForSelector('#result:not([hidden])', { timeout: 15_000 });
    expect(await page.textContent('#decision')).toMatch(/urgent|routine/);
    expect(Number(await page.textContent('#abnormality'))).toBeGreaterThanOrEqual(0);
    // Page-side expressions as strings: this file is typed for Node, not the DOM.
    await page.waitForFunction(
      "document.getElementById('heatmap').complete && document.getElementById('heatmap').naturalWidth === 28",
    );
    await page.waitForFunction("document.getElementById('queue').textContent.includes('P-BROWSER')");
    const rows = await page.locator('#queue tr').allTextContents();
    expect(rows.length).toBe(91);
    expect(problems).toEqual([]);
    // Left in the temp directory for a person to look at.
    await page.screenshot({ path: join(tmpdir(), 'deepworks-triage-page.png'), fullPage: true });
  });
});
