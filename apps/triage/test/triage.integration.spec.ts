import {
  asRole,
  seedDemoData,
  startTestService,
  type TestApp,
  type TestService,
} from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRIAGE_SERVICE } from '../src/triage.service';

describe('triage API and worker on a real PostgreSQL', () => {
  let service: TestService;
  let api: TestApp;

  beforeAll(async () => {
    service = await startTestService({ ...TRIAGE_SERVICE, databaseUrl: inject('databaseUrl') });
    api = service.api;
  });
  afterAll(async () => service?.close());

  it('is healthy with its schema migrated', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      info: { db: { status: 'up' }, service: { app: 'triage' } },
    });
  });

  it('stores generated labelled images as studies, and a re-run stores none', async () => {
    const seed = () => seedDemoData(api, { seed: 5, size: 30 });
    expect(await seed()).toMatchObject({ state: 'completed', output: { studies: 30, skipped: 0 } });
    expect(await seed()).toMatchObject({ state: 'completed', output: { studies: 0, skipped: 30 } });

    const page = (await (
      await fetch(`${api.baseUrl}/studies?limit=100`, { headers: asRole('reader') })
    ).json()) as {
      items: { id: string; width: number; label: string; source: string }[];
      total: number;
    };
    expect(page.total).toBe(30);
    expect(page.items.every((study) => study.width === 28 && study.source === 'demo')).toBe(true);
    expect(new Set(page.items.map((study) => study.label))).toEqual(new Set(['normal', 'finding']));
    const one = await fetch(`${api.baseUrl}/studies/${page.items[0].id}`, { headers: asRole('reader') });
    expect(await one.json()).toMatchObject({ id: page.items[0].id });
    expect(
      Object.keys(
        (await (
          await fetch(`${api.baseUrl}/studies/${page.items[0].id}`, { headers: asRole('reader') })
        ).json()) as object,
      ),
    ).not.toContain('pixels');
  });

  it('answers a malformed study id with 400 and an unknown one with 404', async () => {
    const malformed = await fetch(`${api.baseUrl}/studies/not-a-uuid`, { headers: asRole('reader') });
    expect(malformed.status).toBe(400);
    const unknown = await fetch(`${api.baseUrl}/studies/0b0c5a52-4a3f-4a57-8d3e-2f8e58b2a8f1`, {
      headers: asRole('reader'),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'STUDY_NOT_FOUND' } });
  });

  it('refuses reads without a key', async () => {
    const response = await fetch(`${api.baseUrl}/studies`);
    expect(response.status).toBe(401);
  });
});
