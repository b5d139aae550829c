import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateShopData } from '@deepworks/demo-data';
import { freePort, hashApiKey, startEmbeddedPostgres } from '@deepworks/platform';
import { benchRow, type BenchRow } from '../bench-report';
import type { BenchSuite } from '../bench-suite';

/** MovieLens-1M's sizes (3,706 rated movies, 6,040 users), as a generated shop. */
const ITEMS = 3706;
const USERS = 6040;
const EVENTS_PER_USER = 25;
const DATA_SEED = 1;
const MODEL = 'ease';
/**
 * The load: 1,000 requests/s for 30 s. autocannon's rate limit is a quota per connection and
 * second, so the connection count sets how many requests arrive at once each second: measured at two.
 */
const RATE = 1000;
const SECONDS = 30;
const CONNECTION_COUNTS = [10, 50];
/** A shorter run at the same rate first, so that the measured one sees a warm JIT. */
const WARM_UP_SECONDS = 5;
const TARGET_P99_MS = 10;
const BATCH = 1000;
const REFERENCE_SECONDS = 15;
/**
 * The machine's floor under the same load: a bare `node:http` server answering every request with a
 * fixed body (a real answer of the API), no framework, no work. On 2 cores shared with the load
 * generator and other users, its p99 says how much of ours is the machine's.
 */
const REFERENCE_SERVER = `
const body = process.env.BODY;
require('node:http')
  .createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');`;

/**
 * The load generator, a child process of its own (so that its garbage collection is not this
 * process's, which holds the generated shop): autocannon's programmatic API at `overallRate`, each
 * request for a random path of the list (seeded, Mulberry32), a warm-up run first. Besides
 * autocannon's histogram (corrected for coordinated omission, its default) it keeps every response's
 * own latency, for uncorrected percentiles. Talks over IPC: gets the settings, says `measuring` when
 * the measured run starts, then sends the figures.
 */
const LOAD_GENERATOR = `
const autocannon = require(process.env.AUTOCANNON);
process.once('message', (settings) => {
  let state = settings.seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const run = (duration, latencies) =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: settings.url,
          connections: settings.connections,
          duration,
          overallRate: settings.rate,
          headers: settings.headers,
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                method: 'GET',
                path: settings.paths[Math.floor(random() * settings.paths.length)],
              }),
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      if (latencies) instance.on('response', (client, status, bytes, ms) => latencies.push(ms));
    });
  (async () => {
    if (settings.warmUp > 0) await run(settings.warmUp);
    const latencies = [];
    process.send({ measuring: true });
    const result = await run(settings.seconds, latencies);
    latencies.sort((a, b) => a - b);
    const at = (share) => latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))];
    process.send({
      total: result.requests.total,
      duration: result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      rawP50: at(0.5),
      rawP99: at(0.99),
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    });
  })().catch((error) => process.send({ error: String(error) }));
});`;

interface LoadSummary {
  total: number;
  duration: number;
  /** autocannon's percentiles (ms), corrected for coordinated omission. */
  p50: number;
  p99: number;
  max: number;
  /** Percentiles of the responses' own latencies (ms), uncorrected. */
  rawP50: number;
  rawP99: number;
  errors: number;
  non2xx: number;
}

interface LoadSettings {
  url: string;
  headers: Record<string, string>;
  paths: string[];
  connections: number;
  seconds: number;
  warmUp: number;
}

/**
 * "Recommended for you" under load, end to end as deployed: the built API and worker as separate
 * processes on a throwaway embedded PostgreSQL, a generated shop of ML-1M size sent through the API,
 * EASE trained by the app's own training job, then autocannon at 1,000 requests/s for 30 s on
 * `GET /users/:id/recommendations?k=10` for random known users.
 */
export const recommenderSuite: BenchSuite = {
  name: 'recommender',
  description: `recommender serving: GET /users/:id/recommendations at ${RATE} req/s for ${SECONDS} s after ${MODEL} training (${ITEMS} items, ${USERS} users)`,
  async run() {
    const home = await mkdtemp(join(tmpdir(), 'deepworks-bench-recommender-'));
    await chmod(home, 0o755);
    const database = await startEmbeddedPostgres({ home, port: await freePort() });
    const adminKey = randomBytes(16).toString('hex');
    const readerKey = randomBytes(16).toString('hex');
    const port = await freePort();
    const environment = {
      // Only what the services need: nothing of the caller's own configuration (DATABASE_URL…) leaks in.
      // eslint-disable-next-line no-restricted-properties
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      DEEPWORKS_HOME: home,
      RECOMMENDER_PORT: String(port),
      API_KEYS: `bench-admin:admin:${hashApiKey(adminKey)},bench-reader:reader:${hashApiKey(readerKey)}`,
      LOG_LEVEL: 'error',
    };
    const main = join(__dirname, '..', '..', '..', 'recommender', 'src', 'main.js');
    const services: ChildProcess[] = [];
    const base = `http://127.0.0.1:${port}`;
    const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    try {
      const api = startService(main, [], environment);
      services.push(api);
      await waitForHealth(base, api);
      // The worker after the API, so that the schema migrations run once, in the API.
      services.push(startService(main, ['--worker'], environment));

      const shop = generateShopData({
        seed: DATA_SEED,
        items: ITEMS,
        users: USERS,
        eventsPerUser: EVENTS_PER_USER,
      });
      const loadStarted = performance.now();
      for (let start = 0; start < shop.items.length; start += BATCH) {
        await post(base, '/items', admin, { items: shop.items.slice(start, start + BATCH) });
      }
      for (let start = 0; start < shop.events.length; start += BATCH) {
        const events = shop.events.slice(start, start + BATCH).map((event) => ({
          user: event.userId,
          item: event.itemId,
          type: event.type,
          timestamp: event.occurredAt,
        }));
        await post(base, '/events', admin, { events });
      }
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const eventCount = shop.events.length;
      const userIds = [...new Set(shop.events.map((event) => event.userId))].sort();

      const { runId, jobId } = (await post(base, '/training-runs', admin, { model: MODEL })) as {
        runId: string;
        jobId: string;
      };
      await waitForJob(base, jobId, admin, services);
      const run = (await getJson(base, `/training-runs/${runId}`, admin)) as {
        status: string;
        startedAt: string;
        finishedAt: string;
        error: string | null;
      };
      if (run.status !== 'succeeded') throw new Error(`training failed: ${run.error ?? run.status}`);
      const trainingSeconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
      const reader = { authorization: `Bearer ${readerKey}` };
      await waitForModel(base, reader);

      const paths = userIds.map((user) => `/users/${encodeURIComponent(user)}/recommendations?k=10`);
      const sample = await (await fetch(`${base}${paths[0]}`, { headers: reader })).text();
      const referencePort = await freePort();
      const reference = spawn(process.execPath, ['-e', REFERENCE_SERVER], {
        env: { BODY: sample, PORT: String(referencePort) },
        stdio: 'ignore',
      });
      services.push(reference);
      const referenceBase = `http://127.0.0.1:${referencePort}`;
      await waitForHealth(referenceBase, reference, 'the reference server');

      const loadRows: BenchRow[] = [];
      const verdicts: string[] = [];
      for (const connections of CONNECTION_COUNTS) {
        const apiCpu = new ProcessCpu(api);
        const result = await runLoad(
          { url: base, headers: reader, paths, connections, seconds: SECONDS, warmUp: WARM_UP_SECONDS },
          () => apiCpu.start(),
        );
        const cpu = apiCpu.stop();
        const floor = await runLoad({
          url: referenceBase,
          headers: reader,
          paths,
          connections,
          seconds: REFERENCE_SECONDS,
          warmUp: 0,
        });
        const perSecond = result.total / result.duration;
        const met =
          result.p99 <= TARGET_P99_MS &&
          result.errors === 0 &&
          result.non2xx === 0 &&
          perSecond >= 0.98 * RATE;
        verdicts.push(`${connections} connections: ${met ? 'met' : 'NOT met'} (p99 ${result.p99} ms)`);
        const load = `recommendations, ${connections} connections`;
        loadRows.push(
          row(`${load}: requests/s achieved`, perSecond, 'req/s', 'higher'),
          row(`${load}: p50 latency`, result.p50, 'ms', 'lower'),
          row(`${load}: p99 latency`, result.p99, 'ms', 'lower'),
          row(`${load}: max latency`, result.max, 'ms', 'lower'),
          row(`${load}: errors + timeouts`, result.errors, 'count', 'lower'),
          row(`${load}: non-2xx answers`, result.non2xx, 'count', 'lower'),
          row(`${load}: p50 latency, uncorrected`, result.rawP50, 'ms', 'lower'),
          row(`${load}: p99 latency, uncorrected`, result.rawP99, 'ms', 'lower'),
          ...(cpu
            ? [
                row(
                  `${load}: API CPU time per request`,
                  (cpu.cpuSeconds / result.total) * 1e6,
                  'µs',
                  'lower',
                ),
                row(
                  `${load}: API main thread runnable, waiting for a CPU`,
                  (cpu.waitSeconds / result.duration) * 1000,
                  'ms/s',
                  'lower',
                ),
              ]
            : []),
          row(`reference, ${connections} connections: bare node:http server, p99`, floor.p99, 'ms', 'lower'),
          row(
            `reference, ${connections} connections: bare node:http server, p99 uncorrected`,
            floor.rawP99,
            'ms',
            'lower',
          ),
        );
      }
      const rows: BenchRow[] = [
        ...loadRows,
        row(`training ${MODEL} (app's job: evaluate, fit, register)`, trainingSeconds, 's', 'lower'),
        row('loading the shop through POST /items, /events', loadSeconds, 's', 'lower'),
      ];
      return {
        rows,
        notes: [
          `target p99 ≤ ${TARGET_P99_MS} ms at ${RATE} req/s for ${SECONDS} s with no errors: ${verdicts.join('; ')}`,
          `generateShopData(seed ${DATA_SEED}, ${ITEMS} items, ${USERS} users, ${EVENTS_PER_USER} views per user): ${eventCount} events; ${MODEL} with the app's defaults (cold-start text blend on)`,
          `autocannon (a child process): ${CONNECTION_COUNTS.join(' and then ')} keep-alive connections, overallRate ${RATE}, ${SECONDS} s after a ${WARM_UP_SECONDS} s warm-up, a random known user per request; p50/p99/max are autocannon's, corrected for coordinated omission (its default); "uncorrected" are the responses' own latencies`,
          "autocannon's rate limit is a quota per connection and second, so each second starts with all connections sending back to back: latency is mostly queueing behind the other connections' requests, i.e. connections × the API's time per request",
          "at a steady 1,000 requests/s the API would be busy a fifth of the time (its CPU time per request is in the table); the burst, not the rate, makes the tail, with the young generation's collections (~3–4 ms each, a few per second under this load) on top",
          'API and worker are separate processes of the build (dist/out); the load generator runs on the same machine and shares its 2 cores with them, PostgreSQL and whatever else runs there (CPU time and run-queue wait from /proc, Linux only)',
          `reference: a bare node:http server (no framework, no work) sending one real answer of the API, under the same load for ${REFERENCE_SECONDS} s right after each: the machine's floor at the time of the run`,
          'no peer: serving has no counterpart among the peer baselines, so there is no ratio',
        ],
      };
    } finally {
      for (const service of services) {
        if (service.exitCode === null) {
          service.kill('SIGTERM');
          await new Promise((resolve) => service.once('exit', resolve));
        }
      }
      await database.stop();
      await rm(home, { recursive: true, force: true });
    }
  },
};

/** Runs the load generator once; `onMeasuring` is called when the measured run (after the warm-up) starts. */
function runLoad(settings: LoadSettings, onMeasuring?: () => void): Promise<LoadSummary> {
  const generator = spawn(process.execPath, ['-e', LOAD_GENERATOR], {
    env: { AUTOCANNON: createRequire(__filename).resolve('autocannon') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<LoadSummary>((resolve, reject) => {
    generator.on('message', (message: Partial<LoadSummary> & { measuring?: boolean; error?: string }) => {
      if (message.measuring) {
        onMeasuring?.();
        return;
      }
      generator.kill();
      if (message.error) reject(new Error(`load generator: ${message.error}`));
      else resolve(message as LoadSummary);
    });
    generator.once('exit', (code) => reject(new Error(`the load generator exited with ${code}`)));
    generator.send({ ...settings, rate: RATE, seed: DATA_SEED });
  });
}

/**
 * A child's CPU time (all its threads, /proc/<pid>/stat, in clock ticks of 1/100 s) and the time its
 * main thread spent runnable but waiting for a CPU (/proc/<pid>/schedstat, ns) between start and stop;
 * undefined where /proc is not there.
 */
class ProcessCpu {
  private begin?: { cpuSeconds: number; waitSeconds: number };

  constructor(private readonly child: ChildProcess) {}

  start(): void {
    this.begin = this.read();
  }

  stop(): { cpuSeconds: number; waitSeconds: number } | undefined {
    const end = this.read();
    if (!this.begin || !end) return undefined;
    return {
      cpuSeconds: end.cpuSeconds - this.begin.cpuSeconds,
      waitSeconds: end.waitSeconds - this.begin.waitSeconds,
    };
  }

  private read(): { cpuSeconds: number; waitSeconds: number } | undefined {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const [, waitNs] = readFileSync(`/proc/${this.child.pid}/schedstat`, 'utf8').split(' ').map(Number);
      return { cpuSeconds: (Number(stat[11]) + Number(stat[12])) / 100, waitSeconds: waitNs / 1e9 };
    } catch {
      return undefined;
    }
  }
}

function row(name: string, value: number, unit: string, better: 'higher' | 'lower'): BenchRow {
  return benchRow({ name, backend: 'node', ours: Number(value.toFixed(2)), peer: null, unit }, better);
}

function startService(main: string, args: string[], env: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, [main, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function post(base: string, path: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function getJson(base: string, path: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${base}${path}`, { headers });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function waitForJob(
  base: string,
  jobId: string,
  headers: Record<string, string>,
  services: ChildProcess[],
): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  while (Date.now() < deadline) {
    const exited = services.find((service) => service.exitCode !== null);
    if (exited) throw new Error(`a recommender process exited with ${exited.exitCode}`);
    const job = (await getJson(base, `/jobs/${jobId}`, headers)) as { state: string };
    if (job.state === 'completed') return;
    if (job.state === 'failed' || job.state === 'cancelled') throw new Error(`training job ${job.state}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('training did not finish within 20 minutes');
}

/** The API polls the registry: wait until it answers with a model. */
async function waitForModel(base: string, headers: Record<string, string>): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await fetch(`${base}/users/nobody/recommendations?k=1`, { headers });
    await response.arrayBuffer();
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API did not load the trained model within 60 s');
}

async function waitForHealth(
  base: string,
  server: ChildProcess,
  name = 'the recommender API',
): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (server.exitCode !== null)
      throw new Error(`${name} exited with ${server.exitCode}; run npm run build`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not become healthy`);
}
