import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@deepworks/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LAUNCHER = join(process.cwd(), 'dist/out/apps/launcher/src/main.js');

interface RunningStack {
  process: ChildProcess;
  output: string[];
  urls: Record<string, string>;
  demoJobs: Record<string, string>;
  /** Filled in as the launcher queues each app's first training run (after its demo data). */
  trainingJobs: Record<string, string>;
}

/** `npm start`'s own program, on a fresh home, free ports and no DATABASE_URL: the embedded default. */
async function startStack(env: NodeJS.ProcessEnv): Promise<RunningStack> {
  const child = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const urls: Record<string, string> = {};
  const demoJobs: Record<string, string> = {};
  const trainingJobs: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`stack did not start:\n${output.slice(-20).join('\n')}`));
    }, 150_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        output.push(line);
        const service = /^ {2}(recommender|triage|sentiment)\s+(http:\/\/\S+)\s+docs/.exec(line);
        if (service) urls[service[1]] = service[2];
        const job = /^ {2}(recommender|triage|sentiment): demo data queued, GET (\S+)/.exec(line);
        if (job) demoJobs[job[1]] = job[2];
        const training =
          /^ {2}(recommender|triage|sentiment): first model training on the demo data, GET (\S+)/.exec(line);
        if (training) trainingJobs[training[1]] = training[2];
        if (line.startsWith('Press Ctrl+C to stop.')) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`launcher exited with ${code}:\n${output.slice(-20).join('\n')}`)),
    );
  });
  return { process: child, output, urls, demoJobs, trainingJobs };
}

async function stopStack(stack: RunningStack): Promise<number | null> {
  if (stack.process.exitCode !== null) return stack.process.exitCode;
  return new Promise((resolve) => {
    stack.process.once('exit', (code) => resolve(code));
    stack.process.kill('SIGTERM');
  });
}

async function json<T>(url: string, key?: string): Promise<T> {
  const response = await fetch(url, { headers: key ? { 'x-api-key': key } : {} });
  return (await response.json()) as T;
}

async function finished(
  url: string,
  key: string,
): Promise<{ state: string; output: Record<string, unknown> }> {
  for (let attempt = 0; attempt < 900; attempt++) {
    const status = await json<{ state: string; output: Record<string, unknown> }>(url, key);
    if (status.state === 'completed' || status.state === 'failed') return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`job ${url} did not finish`);
}

async function waitUntilDown(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(`${url}/health`);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} still answers after its launcher was killed`);
}

describe('npm start: the whole stack on the embedded PostgreSQL', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let stack: RunningStack | undefined;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'deepworks-stack-'));
    await chmod(home, 0o755);
    const { DATABASE_URL: _unused, API_KEYS: _none, ...inherited } = process.env;
    env = {
      ...inherited,
      DEEPWORKS_HOME: home,
      LOG_LEVEL: 'warn',
      EMBEDDED_PG_PORT: String(await freePort()),
      RECOMMENDER_PORT: String(await freePort()),
      TRIAGE_PORT: String(await freePort()),
      SENTIMENT_PORT: String(await freePort()),
    };
  });

  afterAll(async () => {
    if (stack) await stopStack(stack);
    await rm(home, { recursive: true, force: true });
  });

  it('starts all three APIs healthy, loads demo data, stops cleanly and keeps the data', async () => {
    stack = await startStack(env);
    const key = (await readFile(join(home, 'dev-api-key'), 'utf8')).trim();
    expect(Object.keys(stack.urls).sort()).toEqual(['recommender', 'sentiment', 'triage']);
    for (const url of Object.values(stack.urls)) {
      const health = await json<{ status: string; info: { db: { status: string } } }>(`${url}/health`);
      expect(health).toMatchObject({ status: 'ok', info: { db: { status: 'up' } } });
    }
    for (const jobUrl of Object.values(stack.demoJobs)) {
      expect((await finished(jobUrl, key)).state).toBe('completed');
    }
    const items = await json<{ total: number }>(`${stack.urls.recommender}/items`, key);
    expect(items.total).toBe(200);
    // A fresh stack trains a first model per app on its demo data and serves it.
    for (const app of ['recommender', 'triage', 'sentiment']) {
      for (let attempt = 0; attempt < 100 && !stack.trainingJobs[app]; attempt++)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await finished(stack.trainingJobs[app], key)).state).toBe('completed');
      const models = await json<{ status: string }[]>(`${stack.urls[app]}/models`, key);
      expect(models.map((model) => model.status)).toContain('active');
    }

    expect(await stopStack(stack)).toBe(0);
    expect(existsSync(join(home, 'pg', 'postmaster.pid'))).toBe(false);
    await expect(fetch(`${stack.urls.recommender}/health`)).rejects.toThrow();

    stack = await startStack(env);
    const again = await json<{ total: number }>(`${stack.urls.recommender}/items`, key);
    expect(again.total).toBe(200);
    const reseed = await finished(stack.demoJobs.recommender, key);
    expect(reseed.output).toMatchObject({ skipped: 'demo shop already loaded' });

    // kill -9: the services follow their launcher down; the next start adopts the orphaned server.
    stack.process.kill('SIGKILL');
    await waitUntilDown(stack.urls.recommender);
    stack = await startStack(env);
    expect((await json<{ total: number }>(`${stack.urls.recommender}/items`, key)).total).toBe(200);
    expect(await stopStack(stack)).toBe(0);
    expect(existsSync(join(home, 'pg', 'postmaster.pid'))).toBe(false);
    stack = undefined;
  });

  it('refuses to start on a malformed variable, naming it in one line', async () => {
    const child = spawn(process.execPath, [LAUNCHER], {
      env: { ...env, EMBEDDED_PG_PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/EMBEDDED_PG_PORT/);
  });
});
