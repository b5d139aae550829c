import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, hashApiKey, startEmbeddedPostgres } from '@deepworks/platform';
import { benchRow, type BenchRow } from '../bench-report';
import type { BenchSuite } from '../bench-suite';

const CONCURRENCY = 16;
const SECONDS = 5;

/**
 * HTTP serving of the recommender API as built (`npm run build`), on a throwaway embedded PostgreSQL:
 * requests/s and p99 latency of its cheapest DB-backed reads, from a client on the same machine.
 */
export const apiSuite: BenchSuite = {
  name: 'api',
  description: 'recommender API: requests/s and p99 latency of GET /health and GET /items',
  async run() {
    const home = await mkdtemp(join(tmpdir(), 'deepworks-bench-api-'));
    await chmod(home, 0o755);
    const database = await startEmbeddedPostgres({ home, port: await freePort() });
    const key = randomBytes(16).toString('hex');
    const port = await freePort();
    const api = spawn(
      process.execPath,
      [join(__dirname, '..', '..', '..', 'recommender', 'src', 'main.js')],
      {
        // Only what the API needs: nothing of the caller's own configuration (DATABASE_URL…) leaks in.
        env: {
          // eslint-disable-next-line no-restricted-properties
          PATH: process.env.PATH,
          DATABASE_URL: database.url,
          RECOMMENDER_PORT: String(port),
          API_KEYS: `bench:reader:${hashApiKey(key)}`,
          LOG_LEVEL: 'error',
        },
        stdio: 'ignore',
      },
    );
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(base, api);
      const rows: BenchRow[] = [];
      for (const [name, path] of [
        ['GET /health (database ping)', '/health'],
        ['GET /items?limit=20', '/items?limit=20'],
      ] as const) {
        const { perSecond, p99 } = await hammer(`${base}${path}`, { 'x-api-key': key });
        rows.push(
          benchRow(
            { name: `${name} throughput`, backend: 'node', ours: perSecond, peer: null, unit: 'req/s' },
            'higher',
          ),
        );
        rows.push(
          benchRow({ name: `${name} p99`, backend: 'node', ours: p99, peer: null, unit: 'ms' }, 'lower'),
        );
      }
      return {
        rows,
        notes: [
          `${CONCURRENCY} concurrent keep-alive clients for ${SECONDS} s per endpoint, in the same machine as the server (they share its cores)`,
          'no peer: serving has no counterpart among the peer baselines, so there is no ratio',
        ],
      };
    } finally {
      api.kill('SIGTERM');
      await new Promise((resolve) => api.once('exit', resolve));
      await database.stop();
      await rm(home, { recursive: true, force: true });
    }
  },
};

async function hammer(
  url: string,
  headers: Record<string, string>,
): Promise<{ perSecond: number; p99: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.ok) latencies.push(performance.now() - started);
        else failures++;
      }
    }),
  );
  if (failures > 0) throw new Error(`${failures} requests to ${url} failed`);
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / SECONDS,
    p99: Number(latencies[Math.floor(latencies.length * 0.99)].toFixed(2)),
  };
}

async function waitForHealth(base: string, api: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (api.exitCode !== null)
      throw new Error(`the recommender API exited with ${api.exitCode}; run npm run build`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the recommender API did not become healthy');
}
