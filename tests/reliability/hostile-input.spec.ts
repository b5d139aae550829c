import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type AppName,
  type ServiceProcess,
  keyHeaders,
  requestJson,
  startServiceProcess,
  stopGracefully,
} from '../support/service-process';
import { createFreshDatabase, type FreshDatabase } from '../support/fresh-database';
import { multipartBody, multipartType } from './hostile/hostile-body.builders';
import { HOSTILE_CATEGORIES, type HostileCase, type SeededFixtures } from './hostile/hostile-case.types';
import { validPng } from './hostile/hostile-file.fixtures';
import {
  type CaseOutcome,
  SERVICES,
  countByCategory,
  formatFailures,
  formatSummaryTable,
  isFailure,
  isRejected,
} from './hostile/hostile-summary.report';
import { sendRaw } from './hostile/raw-http.client';
import { recommenderCorpus } from './hostile/recommender.corpus';
import { sentimentCorpus } from './hostile/sentiment.corpus';
import { triageCorpus } from './hostile/triage.corpus';
import {
  WrittenStateProbe,
  type WrittenState,
  rowsChanged,
  stateChanges,
} from './hostile/written-state.snapshot';

/*
 * The issue's hostile-input suite: a corpus (hostile/*.corpus.ts, built as data) of requests that a
 * correct service must refuse with a 4xx, sent one at a time to the three built APIs. After every case
 * the suite captures every table (row count and an md5 of the rows) and every file under the services'
 * homes, so that a write is pinned on the case that made it; at the end the APIs must still be running
 * and healthy. No table is left out of the comparison: none changes on its own while the APIs serve
 * (the job queue's maintenance runs in the worker, which is not started here).
 */

const SUMMARY_FILE = join(process.cwd(), 'dist/reliability/hostile-input.json');

interface RunningService {
  process: ServiceProcess;
  home: string;
}

const running = new Map<AppName, RunningService>();
let database: FreshDatabase | undefined;
let probe: WrittenStateProbe | undefined;
let corpus: HostileCase[] = [];
const outcomes: CaseOutcome[] = [];
let before: WrittenState;
let after: WrittenState;
let settled: WrittenState;
let tablesAtEnd: string[] = [];
const health = new Map<AppName, number>();

describe('hostile input: every case answered 4xx, the process alive, nothing written', () => {
  beforeAll(async () => {
    const started = performance.now();
    database = await createFreshDatabase(inject('databaseUrl'), 'hostile');
    await startServices(database.url);
    const seeded = await seedFixtures();
    corpus = [...recommenderCorpus(seeded), ...sentimentCorpus(seeded), ...triageCorpus(seeded)];

    const homes = new Map([...running].map(([app, service]) => [app, service.home]));
    probe = await WrittenStateProbe.open(database.url, homes);
    before = await probe.capture();
    let previous = before;
    // One case at a time, with a capture after each, so that any write is pinned on the case that made it.
    for (const hostile of corpus) {
      const service = running.get(hostile.service)!.process;
      const response = await sendRaw(service.url, hostile);
      const now = await probe.capture();
      outcomes.push({ hostile, response, changes: stateChanges(previous, now), alive: isAlive(service) });
      previous = now;
    }
    after = previous;

    for (const [app, service] of running) {
      const response = await sendRaw(service.process.url, { method: 'GET', path: '/health', headers: {} });
      health.set(app, response.status);
    }
    // A write that lands after its response (fire-and-forget) would show between `after` and this.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    settled = await probe.capture();
    tablesAtEnd = await probe.currentTables();
    await report(performance.now() - started);
  }, 600_000);

  afterAll(async () => {
    await probe?.close();
    await Promise.all([...running.values()].map((service) => stopGracefully(service.process)));
    for (const service of running.values()) await rm(service.home, { recursive: true, force: true });
    await database?.drop();
  }, 120_000);

  it('runs a corpus of at least 200 cases over every category and service, names unique', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((hostile) => hostile.name)).size).toBe(corpus.length);
    const counts = countByCategory(outcomes);
    expect(HOSTILE_CATEGORIES.filter((category) => counts[category].cases === 0)).toEqual([]);
    expect(SERVICES.filter((service) => !corpus.some((hostile) => hostile.service === service))).toEqual([]);
  });

  it('answers every case with a 4xx', () => {
    const wrong = outcomes.filter((outcome) => !isRejected(outcome));
    expect(wrong.length, `cases not answered 4xx:\n${formatFailures(wrong)}`).toBe(0);
  });

  it('keeps every API process running and healthy', () => {
    const exitedDuring = outcomes.filter((outcome) => !outcome.alive).map((outcome) => outcome.hostile.name);
    expect(exitedDuring, 'the first of these cases stopped its service').toEqual([]);
    for (const [app, service] of running) {
      expect(isAlive(service.process), `${app} exited`).toBe(true);
      expect(health.get(app), `${app} GET /health`).toBe(200);
    }
  });

  it('writes nothing: the same rows in every table, no files', () => {
    const writers = outcomes.filter((outcome) => outcome.changes.length > 0);
    expect(writers.length, `cases that wrote:\n${formatFailures(writers)}`).toBe(0);
    expect(tablesAtEnd, 'tables created or dropped').toEqual(probe!.tableNames);
    expect(stateChanges(before, settled), 'before → after the corpus').toEqual([]);
    expect(stateChanges(after, settled), 'written after the last response').toEqual([]);
  });
});

/** The three APIs from the build, side by side on one database, each with its own home. */
async function startServices(databaseUrl: string): Promise<void> {
  const results = await Promise.allSettled(
    SERVICES.map(async (app) => {
      const home = await mkdtemp(join(tmpdir(), `deepworks-hostile-${app}-`));
      await chmod(home, 0o755);
      try {
        running.set(app, { process: await startServiceProcess(app, 'api', { databaseUrl, home }), home });
      } catch (error) {
        await rm(home, { recursive: true, force: true });
        throw error;
      }
    }),
  );
  const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed.length > 0) throw new Error(failed.map((result) => String(result.reason)).join('\n'));
}

/** Rows the cases aim at (an item, an article, a study), written with valid requests before `before`. */
async function seedFixtures(): Promise<SeededFixtures> {
  const url = (app: AppName) => running.get(app)!.process.url;
  const item = await requestJson(`${url('recommender')}/items`, {
    role: 'writer',
    body: { id: 'SKU-SEEDED-1', title: 'Blue enamel kettle', category: 'kitchen' },
  });
  if (item.status !== 200) throw new Error(`seeding an item: ${item.status} ${JSON.stringify(item.body)}`);
  const article = await requestJson<{ items: { id: string }[] }>(`${url('sentiment')}/articles`, {
    role: 'writer',
    body: { text: 'Shares of a fictional kettle maker rose after strong results', topic: 'markets' },
  });
  if (article.status !== 202)
    throw new Error(`seeding an article: ${article.status} ${JSON.stringify(article.body)}`);
  const studyRef = 'SEEDED-STUDY-1';
  const study = await sendRaw(url('triage'), {
    method: 'POST',
    path: '/studies',
    headers: { ...keyHeaders('writer'), 'content-type': multipartType() },
    body: multipartBody([
      { name: 'studyRef', value: studyRef },
      { name: 'file', filename: 'seed.png', value: validPng() },
    ]),
  });
  if (study.status !== 201) throw new Error(`seeding a study: ${study.status} ${study.body}`);
  return {
    itemId: 'SKU-SEEDED-1',
    articleId: article.body.items[0].id,
    studyId: (JSON.parse(study.body) as { id: string }).id,
    studyRef,
  };
}

function isAlive(service: ServiceProcess): boolean {
  return service.child.exitCode === null && service.child.signalCode === null;
}

async function report(wallMs: number): Promise<void> {
  const total = rowsChanged(before, settled);
  const failures = outcomes.filter(isFailure);
  const serverErrors = [...running].flatMap(([app, service]) =>
    service.process.output
      .filter((line) => line.includes('"request.failed"'))
      .map((line) => loggedError(app, line)),
  );
  const retried = outcomes
    .filter((outcome) => outcome.response.attempts > 1)
    .map((outcome) => `${outcome.hostile.name} (${outcome.response.attempts} attempts)`);
  const serverErrorsLogged = Object.fromEntries(
    SERVICES.map((app) => [app, serverErrors.filter((error) => error.app === app).length]),
  );
  console.log(
    `\nhostile input — ${outcomes.length} cases in ${(wallMs / 1000).toFixed(1)} s (services started, seeded, ` +
      `corpus run)\n${formatSummaryTable(outcomes, total)}\n` +
      `health: ${[...health].map(([app, status]) => `${app} ${status}`).join(', ')}\n` +
      `5xx logged by the services (request.failed): ${JSON.stringify(serverErrorsLogged)}\n` +
      `streamed bodies sent again after a reset without an answer: ${retried.length > 0 ? retried.join('; ') : 'none'}\n` +
      (failures.length > 0
        ? `failing cases (${failures.length}):\n${formatFailures(failures)}\n`
        : 'no failing case\n'),
  );
  const summary = {
    cases: outcomes.length,
    rejected4xx: outcomes.filter(isRejected).length,
    other: outcomes.filter((outcome) => !isRejected(outcome)).length,
    rowsChanged: total,
    tablesCompared: probe!.tableNames.length,
    changes: stateChanges(before, settled),
    byCategory: countByCategory(outcomes),
    statuses: outcomes.reduce<Record<string, number>>((counts, { response }) => {
      counts[response.status] = (counts[response.status] ?? 0) + 1;
      return counts;
    }, {}),
    health: Object.fromEntries(health),
    serverErrorsLogged,
    failures: failures.map((outcome) => ({
      name: outcome.hostile.name,
      method: outcome.hostile.method,
      path: outcome.hostile.path.slice(0, 200),
      status: outcome.response.status,
      error: outcome.response.error,
      body: outcome.response.body.slice(0, 500),
      changes: outcome.changes,
      alive: outcome.alive,
    })),
    serverErrors,
    outcomes: outcomes.map((outcome) => ({
      name: outcome.hostile.name,
      category: outcome.hostile.category,
      status: outcome.response.status,
      code: errorCode(outcome.response.body),
      ...(outcome.response.attempts > 1 ? { attempts: outcome.response.attempts } : {}),
    })),
    wallSeconds: Math.round(wallMs / 100) / 10,
  };
  await mkdir(join(SUMMARY_FILE, '..'), { recursive: true });
  await writeFile(SUMMARY_FILE, JSON.stringify(summary, null, 2) + '\n');
}

/** The `request.failed` line a service logs for a 5xx: which request, and the error it hid from the client. */
function loggedError(app: AppName, line: string): { app: AppName; url?: string; error?: string } {
  try {
    const entry = JSON.parse(line.slice(line.indexOf('{'))) as { url?: string; error?: string };
    return { app, url: entry.url?.slice(0, 160), error: entry.error?.slice(0, 300) };
  } catch {
    return { app, error: line.slice(0, 300) };
  }
}

/** `error.code` of the one error shape, when the body is one. */
function errorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}
