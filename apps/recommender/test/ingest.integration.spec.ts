import {
  asRole,
  startTestService,
  type TestApp,
  type TestService,
  waitForJob,
} from '@deepworks/platform/testing';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RECOMMENDER_SERVICE } from '../src/recommender.service';

const writer = asRole('writer');
const reader = asRole('reader');
/** Its own schema, so that counts here do not depend on the other test files' data. */
const APP = 'recommender_ingest';

describe('catalogue and event ingestion on a real PostgreSQL', () => {
  const databaseUrl = inject('databaseUrl');
  let service: TestService;
  let api: TestApp;
  let database: Client;

  beforeAll(async () => {
    service = await startTestService({ ...RECOMMENDER_SERVICE, app: APP, databaseUrl });
    api = service.api;
    database = new Client({ connectionString: databaseUrl });
    await database.connect();
  });
  afterAll(async () => {
    await database?.end();
    await service?.close();
  });

  async function count(table: string): Promise<number> {
    const { rows } = await database.query<{ n: string }>(`SELECT count(*) AS n FROM ${APP}.${table}`);
    return Number(rows[0].n);
  }

  function post(path: string, body: unknown, headers: Record<string, string> = writer): Promise<Response> {
    return fetch(`${api.baseUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  it('creates one item, then a batch that updates it and adds another', async () => {
    const single = await post('/items', { id: 'K-1', title: 'Kettle', category: 'kitchen', tags: ['steel'] });
    expect(single.status).toBe(200);
    expect(await single.json()).toEqual({ received: 1, created: 1, updated: 0 });

    const batch = await post('/items', {
      items: [
        { id: 'K-1', title: 'Enamel kettle', description: 'Blue', category: 'kitchen' },
        { id: 'G-1', title: 'Watering can' },
      ],
    });
    expect(await batch.json()).toEqual({ received: 2, created: 1, updated: 1 });
    const kettle = (await (await fetch(`${api.baseUrl}/items/K-1`, { headers: reader })).json()) as {
      title: string;
      tags: string[];
    };
    expect(kettle).toMatchObject({ title: 'Enamel kettle', description: 'Blue', tags: [] });
  });

  it('refuses items from readers, invalid items and repeated ids, storing nothing', async () => {
    expect((await post('/items', { id: 'X-1', title: 'x' }, reader)).status).toBe(403);
    const invalid = await post('/items', {
      items: [
        { id: 'X-2', title: 'ok' },
        { id: 'X-3', title: '' },
      ],
    });
    expect(invalid.status).toBe(400);
    const { error } = (await invalid.json()) as { error: { code: string; details: { problems: string[] } } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.problems.join(' ')).toMatch(/items\.1\.title must be longer than or equal to 1/);
    const repeated = await post('/items', {
      items: [
        { id: 'X-4', title: 'a' },
        { id: 'X-4', title: 'b' },
      ],
    });
    expect(repeated.status).toBe(400);
    expect(await repeated.json()).toMatchObject({ error: { code: 'DUPLICATE_ITEM_IDS' } });
    expect(await count('items')).toBe(2);
  });

  it('imports a clean CSV file through the worker, all in one batch', async () => {
    const content = [
      'id,title,description,category,tags',
      'L-1,Desk lamp,,lighting,home|led',
      'L-2,Lantern,,,',
    ];
    const accepted = await post('/catalog-imports', { format: 'csv', content: content.join('\n') });
    expect(accepted.status).toBe(202);
    const { importId, jobId } = (await accepted.json()) as { importId: string; jobId: string };
    expect(await waitForJob(api.baseUrl, jobId, writer)).toMatchObject({
      state: 'completed',
      output: { status: 'applied', created: 2, updated: 0 },
    });
    const status = await (
      await fetch(`${api.baseUrl}/catalog-imports/${importId}`, { headers: reader })
    ).json();
    expect(status).toMatchObject({ status: 'applied', rowsRead: 2, created: 2, problems: [] });
    expect(await count('items')).toBe(4);
  });

  it('rejects a JSON Lines file with malformed rows whole, naming their lines', async () => {
    const content = [
      '{"id":"N-1","title":"Notebook"}',
      '{"id":"N-2","title":"Pen"', // line 2: broken JSON
      '{"id":"N-3","title":"Ink","colour":"blue"}', // line 3: unknown field
      '{"id":"K-1","title":"Kettle renamed"}',
    ].join('\n');
    const accepted = await post('/catalog-imports', { format: 'jsonl', content });
    const { importId, jobId } = (await accepted.json()) as { importId: string; jobId: string };
    expect(await waitForJob(api.baseUrl, jobId, writer)).toMatchObject({
      state: 'completed',
      output: { status: 'rejected', problemCount: 2 },
    });
    const status = (await (
      await fetch(`${api.baseUrl}/catalog-imports/${importId}`, { headers: reader })
    ).json()) as {
      status: string;
      problems: { line: number; message: string }[];
    };
    expect(status.status).toBe('rejected');
    expect(status.problems.map((problem) => problem.line)).toEqual([2, 3]);
    expect(status.problems[1].message).toMatch(/colour should not exist/);
    // Nothing from the file was applied: neither the good new row nor the update.
    expect(await count('items')).toBe(4);
    const kettle = (await (await fetch(`${api.baseUrl}/items/K-1`, { headers: reader })).json()) as {
      title: string;
    };
    expect(kettle.title).toBe('Enamel kettle');
  });

  it('stores an event batch, and a retried batch with the same key once, answering as the first time', async () => {
    const batch = {
      events: [
        { user: 'u-1', item: 'K-1', type: 'view', timestamp: '2026-01-02T10:00:00Z' },
        { user: 'u-1', item: 'K-1', type: 'purchase', value: 2 },
        { user: 'u-2', item: 'G-1', type: 'rating', value: 4 },
      ],
    };
    const headers = { ...writer, 'idempotency-key': 'batch-0001' };
    const first = await post('/events', batch, headers);
    expect(first.status).toBe(201);
    const answer = (await first.json()) as { stored: number; eventIds: { first: string; last: string } };
    expect(answer.stored).toBe(3);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const [again, concurrent] = await Promise.all([
      post('/events', batch, headers),
      post('/events', batch, headers),
    ]);
    for (const retry of [again, concurrent]) {
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(answer);
    }
    expect(await count('events')).toBe(3);

    const reused = await post('/events', { events: [batch.events[0]] }, headers);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
  });

  it('stores racing first attempts of one key once', async () => {
    const headers = { ...writer, 'idempotency-key': 'race-0001' };
    const event = { user: 'u-9', item: 'G-1', type: 'cart' };
    const answers = await Promise.all(Array.from({ length: 4 }, () => post('/events', event, headers)));
    expect(answers.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const replays = answers.filter((response) => response.headers.get('idempotent-replayed') === 'true');
    expect(replays).toHaveLength(3);
    expect(await count('events')).toBe(4);
  });

  it('refuses a batch naming an unknown item with 422, storing none of it', async () => {
    const response = await post('/events', {
      events: [
        { user: 'u-3', item: 'K-1', type: 'view' },
        { user: 'u-3', item: 'NOPE-7', type: 'view' },
        { user: 'u-3', item: 'NOPE-8', type: 'cart' },
      ],
    });
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as {
      error: { code: string; message: string; details: unknown };
    };
    expect(error.code).toBe('UNKNOWN_ITEMS');
    expect(error.message).toMatch(/NOPE-7, NOPE-8/);
    expect(error.details).toEqual({ items: ['NOPE-7', 'NOPE-8'] });
    expect(await count('events')).toBe(4);
  });

  it('validates events: types, rating values, batch size', async () => {
    const badType = await post('/events', { user: 'u', item: 'K-1', type: 'like' });
    expect(badType.status).toBe(400);
    const noStars = await post('/events', { user: 'u', item: 'K-1', type: 'rating' });
    expect(noStars.status).toBe(400);
    const tooMany = await post('/events', {
      events: Array.from({ length: 1001 }, () => ({ user: 'u', item: 'K-1', type: 'view' })),
    });
    expect(tooMany.status).toBe(400);
    const { error } = (await tooMany.json()) as { error: { details: { problems: string[] } } };
    expect(error.details.problems.join(' ')).toMatch(/events must contain no more than 1000 elements/);
    expect((await post('/events', { user: 'u', item: 'K-1', type: 'view' }, reader)).status).toBe(403);
    expect(await count('events')).toBe(4);
  });
});
