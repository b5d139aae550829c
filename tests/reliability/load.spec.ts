import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PNG } from 'pngjs';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { createFreshDatabase, queryDatabase } from '../support/fresh-database';
import {
  type AppName,
  type ServiceProcess,
  keyHeaders,
  requestJson,
  startServiceProcess,
  stopGracefully,
  waitForJobEnd,
} from '../support/service-process';

/** The figures: 1,000 reads/s on the hottest read endpoint and 200 writes/s, for 60 s, at once. */
const READS_PER_SECOND = 1000;
const WRITES_PER_SECOND = 200;
const SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 60);

interface LoadFigures {
  endpoint: string;
  targetRate: number;
  requests: number;
  /** Sent, answered or not (a write may be stored with its answer still on the way at the end). */
  sent: number;
  achievedRate: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers by HTTP status. */
  statuses: Record<number, number>;
}

interface ServiceUnderLoad {
  read: { endpoint: string; path: (index: number) => string; role: 'reader' | 'clinician' };
  write: { path: string; body: (index: number) => Buffer; contentType: string };
}

const figures: Record<string, { read: LoadFigures; write: LoadFigures; writesStored: number }> = {};
const running: ServiceProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const service of running.splice(0)) await stopGracefully(service);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  const rows = Object.entries(figures).flatMap(([app, { read, write, writesStored }]) => [
    row(app, 'read', read, '—'),
    row(app, 'write', write, String(writesStored)),
  ]);
  console.log(
    `\nload — ${SECONDS} s per service, reads and writes at the same time\n` +
      `${'service'.padEnd(12)}${'kind'.padEnd(7)}${'endpoint'.padEnd(36)}${'target/s'.padStart(9)}` +
      `${'achieved/s'.padStart(11)}${'requests'.padStart(10)}${'errors'.padStart(8)}${'non2xx'.padStart(8)}` +
      `${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}${'stored'.padStart(8)}\n` +
      rows.join('\n'),
  );
  await mkdir('dist/reliability', { recursive: true });
  await writeFile(
    'dist/reliability/load.json',
    `${JSON.stringify({ seconds: SECONDS, figures }, null, 2)}\n`,
  );
});

function row(app: string, kind: string, load: LoadFigures, stored: string): string {
  return (
    `${app.padEnd(12)}${kind.padEnd(7)}${load.endpoint.padEnd(36)}${String(load.targetRate).padStart(9)}` +
    `${load.achievedRate.toFixed(0).padStart(11)}${String(load.requests).padStart(10)}` +
    `${String(load.errors + load.timeouts).padStart(8)}${String(load.non2xx).padStart(8)}` +
    `${String(load.p50).padStart(8)}${String(load.p99).padStart(8)}${String(load.max).padStart(8)}${stored.padStart(8)}`
  );
}

async function startService(app: AppName): Promise<{ api: ServiceProcess; databaseUrl: string }> {
  const database = await createFreshDatabase(inject('databaseUrl'), `load_${app}`);
  cleanups.push(() => database.drop());
  const home = await mkdtemp(join(tmpdir(), `deepworks-load-${app}-`));
  await chmod(home, 0o755);
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const options = {
    databaseUrl: database.url,
    home,
    env: {
      // At 1,200 requests/s, `info` lines would be a load of their own.
      LOG_LEVEL: 'warn',
      // One key sends 1,000 reads/s here: the default per-key limit (60,000/min) would answer 429s.
      RATE_LIMIT_PER_MINUTE: '600000',
    },
  };
  const api = await startServiceProcess(app, 'api', options);
  running.push(api, await startServiceProcess(app, 'worker', options));
  return { api, databaseUrl: database.url };
}

async function completed(api: ServiceProcess, path: string, body: unknown, timeoutMs = 300_000) {
  const started = await requestJson<{ jobId: string }>(`${api.url}${path}`, { role: 'admin', body });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const status = await waitForJobEnd(() => api.url, started.body.jobId, timeoutMs);
  expect(status.state, JSON.stringify(status.output)).toBe('completed');
}

/** autocannon at a fixed overall rate; each request built by `setup` (path, body) from a counter. */
function loadAt(
  url: string,
  rate: number,
  connections: number,
  headers: Record<string, string>,
  setup: (index: number) => { method: 'GET' | 'POST'; path: string; body?: Buffer },
): Promise<autocannon.Result & { statuses: Record<number, number> }> {
  let index = 0;
  const statuses: Record<number, number> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: SECONDS,
        overallRate: rate,
        timeout: 10,
        headers,
        requests: [{ setupRequest: (request) => ({ ...request, ...setup(index++) }) }],
      },
      (error, result) => (error ? reject(error) : resolve({ ...result, statuses })),
    );
    instance.on('response', (_client: unknown, status: number) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
}

function figuresOf(
  endpoint: string,
  targetRate: number,
  result: autocannon.Result & { statuses: Record<number, number> },
): LoadFigures {
  return {
    statuses: result.statuses,
    endpoint,
    targetRate,
    requests: result.requests.total,
    sent: result.requests.sent,
    achievedRate: result.requests.total / SECONDS,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

async function underLoad(app: AppName, api: ServiceProcess, service: ServiceUnderLoad) {
  const [read, write] = await Promise.all([
    loadAt(api.url, READS_PER_SECOND, 50, keyHeaders(service.read.role), (index) => ({
      method: 'GET',
      path: service.read.path(index),
    })),
    loadAt(
      api.url,
      WRITES_PER_SECOND,
      20,
      { ...keyHeaders('writer'), 'content-type': service.write.contentType },
      (index) => ({ method: 'POST', path: service.write.path, body: service.write.body(index) }),
    ),
  ]);
  const readFigures = figuresOf(`GET ${service.read.endpoint}`, READS_PER_SECOND, read);
  const writeFigures = figuresOf(`POST ${service.write.path}`, WRITES_PER_SECOND, write);
  return { read: readFigures, write: writeFigures };
}

function expectClean(load: LoadFigures) {
  expect(load.errors + load.timeouts, `${load.endpoint}: errors and timeouts`).toBe(0);
  expect(load.non2xx, `${load.endpoint}: non-2xx answers`).toBe(0);
  // overallRate paces the requests; a service that cannot keep up falls behind it.
  expect(load.achievedRate, `${load.endpoint}: requests/s`).toBeGreaterThanOrEqual(load.targetRate * 0.95);
}

/** 0 errors at the target rates, and every acknowledged write stored (nothing beyond what was sent). */
async function expectServedAndStored(
  app: AppName,
  load: { read: LoadFigures; write: LoadFigures },
  databaseUrl: string,
  writes: { table: string; where: string },
): Promise<void> {
  const [{ n }] = await queryDatabase<{ n: string }>(
    databaseUrl,
    `SELECT count(*) AS n FROM ${writes.table} WHERE ${writes.where}`,
  );
  const stored = Number(n);
  figures[app] = { ...load, writesStored: stored };
  expectClean(load.read);
  expectClean(load.write);
  expect(stored).toBeGreaterThanOrEqual(load.write.requests - load.write.non2xx);
  expect(stored).toBeLessThanOrEqual(load.write.sent);
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

describe('load: each service at 1,000 reads/s and 200 writes/s', () => {
  it('recommender: GET /users/:id/recommendations and POST /events', async () => {
    const { api, databaseUrl } = await startService('recommender');
    await completed(api, '/demo-data', { seed: 1 });
    await completed(api, '/training-runs', { model: 'ease' });
    const users = (
      await queryDatabase<{ user_id: string }>(
        databaseUrl,
        'SELECT DISTINCT user_id FROM recommender.events ORDER BY user_id LIMIT 200',
      )
    ).map((user) => encodeURIComponent(user.user_id));
    const items = (
      await queryDatabase<{ id: string }>(
        databaseUrl,
        'SELECT id FROM recommender.items ORDER BY id LIMIT 200',
      )
    ).map((item) => item.id);
    // The API picks up a promotion at its next registry poll (every few seconds).
    for (let attempt = 0; attempt < 100; attempt++) {
      const probe = await fetch(`${api.url}/users/${users[0]}/recommendations?k=10`, {
        headers: keyHeaders('reader'),
      });
      if (probe.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const base = Date.parse('2026-02-01T00:00:00Z');
    const load = await underLoad('recommender', api, {
      read: {
        endpoint: '/users/:id/recommendations',
        role: 'reader',
        path: (index) => `/users/${users[index % users.length]}/recommendations?k=10`,
      },
      write: {
        path: '/events',
        contentType: 'application/json',
        body: (index) =>
          json({
            user: `load-user-${index % 500}`,
            item: items[index % items.length],
            type: 'view',
            timestamp: new Date(base + index).toISOString(),
          }),
      },
    });
    await expectServedAndStored('recommender', load, databaseUrl, {
      table: 'recommender.events',
      where: `user_id LIKE 'load-user-%'`,
    });
  });

  it('triage: GET /queue and POST /studies (PNG upload, scored inline)', async () => {
    const { api, databaseUrl } = await startService('triage');
    await completed(api, '/demo-data', { seed: 2 });
    await completed(api, '/training-runs', { epochs: 2, batchSize: 32 });
    const boundary = 'deepworks-load-boundary';
    const image = new PNG({ width: 28, height: 28, colorType: 0 });
    image.data.fill(90);
    const png = PNG.sync.write(image, { colorType: 0 });
    const load = await underLoad('triage', api, {
      read: {
        endpoint: '/queue',
        role: 'clinician',
        path: (index) => `/queue?limit=20&offset=${(index % 5) * 20}`,
      },
      write: {
        path: '/studies',
        contentType: `multipart/form-data; boundary=${boundary}`,
        body: (index) =>
          Buffer.concat([
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="studyRef"\r\n\r\nload-${index}\r\n` +
                `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="study.png"\r\n` +
                'Content-Type: image/png\r\n\r\n',
            ),
            png,
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
      },
    });
    await expectServedAndStored('triage', load, databaseUrl, {
      table: 'triage.studies',
      where: `study_ref LIKE 'load-%'`,
    });
    // Scored inline, in the study's one INSERT: no stored upload lacks its model version.
    const [{ unscored }] = await queryDatabase<{ unscored: string }>(
      databaseUrl,
      `SELECT count(*) AS unscored FROM triage.studies WHERE study_ref LIKE 'load-%' AND model_version_id IS NULL`,
    );
    expect(Number(unscored)).toBe(0);
  });

  it('sentiment: GET /monitoring/buckets and POST /articles', async () => {
    const { api, databaseUrl } = await startService('sentiment');
    await completed(api, '/demo-data', { seed: 3 });
    await completed(api, '/training-runs', {});
    const dimensions = ['topic', 'ticker', 'all'];
    const load = await underLoad('sentiment', api, {
      read: {
        endpoint: '/monitoring/buckets',
        role: 'reader',
        path: (index) => `/monitoring/buckets?granularity=hour&dimension=${dimensions[index % 3]}`,
      },
      write: {
        path: '/articles',
        contentType: 'application/json',
        body: (index) =>
          json({
            sourceId: `load-${index}`,
            text: `Load test headline ${index}: shares of ACME rise after results`,
          }),
      },
    });
    await expectServedAndStored('sentiment', load, databaseUrl, {
      table: 'sentiment.articles',
      where: `source_id LIKE 'load-%'`,
    });
  });
});
