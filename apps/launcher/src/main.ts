import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ConfigurationError,
  type EmbeddedPostgres,
  loadEnvironment,
  PlatformEnvironment,
  startEmbeddedPostgres,
} from '@deepworks/platform';
import { devApiKey } from './dev-api-key';
import { type ListeningService, STACK_APPS, SupervisedProcess } from './stack';

const STARTUP_TIMEOUT_MS = 180_000;

/**
 * `npm start`: the whole stack on one machine. One PostgreSQL (embedded unless DATABASE_URL is set),
 * then each app's API and worker as child processes sharing it; prints where everything is.
 */
async function main(argv: string[]): Promise<void> {
  const seedDemoData = !argv.includes('--no-demo-data');
  let environment: PlatformEnvironment;
  try {
    environment = loadEnvironment(PlatformEnvironment);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`deepworks: ${error.message}\n`);
    process.exit(78);
  }
  const home = resolve(environment.DEEPWORKS_HOME);
  await mkdir(home, { recursive: true });
  say(
    `deepworks: starting ${environment.DATABASE_URL ? 'on DATABASE_URL' : `an embedded PostgreSQL in ${join(home, 'pg')}`}`,
  );
  const embedded: EmbeddedPostgres | undefined = environment.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ home, port: environment.EMBEDDED_PG_PORT });
  const localKey = environment.API_KEYS ? undefined : await devApiKey(home);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DEEPWORKS_HOME: home,
    DATABASE_URL: environment.DATABASE_URL || embedded!.url,
    API_KEYS: localKey?.apiKeysConfig ?? environment.API_KEYS,
  };
  const listening = new Map<string, string>();
  let announce: () => void = () => undefined;
  const allListening = new Promise<void>((resolveListening) => (announce = resolveListening));
  let stopping: Promise<void> | undefined;
  const stop = (reason: string, code: number) => {
    stopping ??= (async () => {
      say(`deepworks: stopping (${reason})`);
      await Promise.all(processes.map((child) => child.stop()));
      await embedded?.stop();
      process.exit(code);
    })();
  };
  const processes = STACK_APPS.flatMap((app) =>
    [false, true].map(
      (worker) =>
        new SupervisedProcess(
          { app, worker, entry: join(__dirname, '..', '..', app, 'src', 'main.js') },
          childEnv,
          (line) => process.stdout.write(line + '\n'),
          (service: ListeningService) => {
            listening.set(service.app, service.url);
            if (listening.size === STACK_APPS.length) announce();
          },
          (reason) => stop(reason, 1),
        ),
    ),
  );
  // A closed terminal or pipe must not crash the launcher and orphan its children.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  process.once('SIGINT', () => stop('SIGINT', 0));
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  for (const child of processes) child.start();

  const timeout = setTimeout(() => stop('the services did not start in time', 1), STARTUP_TIMEOUT_MS);
  await allListening;
  await Promise.all([...listening.values()].map((url) => waitUntilHealthy(url)));
  clearTimeout(timeout);

  const lines = ['', 'deepworks is running:'];
  for (const app of STACK_APPS) {
    const url = listening.get(app)!;
    lines.push(`  ${app.padEnd(12)} ${url}   docs ${url}/docs   health ${url}/health`);
  }
  if (localKey)
    lines.push(`  admin API key: ${localKey.key}   (kept in ${localKey.path}; set API_KEYS to use your own)`);
  const firstModels: Promise<void>[] = [];
  if (seedDemoData && localKey) {
    for (const app of STACK_APPS) {
      const url = listening.get(app)!;
      const jobId = await requestDemoData(url, localKey.key);
      lines.push(`  ${app}: demo data queued, GET ${url}/jobs/${jobId}`);
      firstModels.push(trainFirstModel(app, url, jobId, localKey.key));
    }
  }
  lines.push('Press Ctrl+C to stop.', '');
  say(lines.join('\n'));
  await Promise.all(firstModels);
}

/** What each app trains first on its demo data, so that a fresh stack serves predictions. */
const FIRST_TRAINING_RUN: Record<(typeof STACK_APPS)[number], object> = {
  recommender: { model: 'ease' },
  triage: { epochs: 15, batchSize: 32 },
  sentiment: {},
};

/** Once the demo data is in, and only while the app has no model at all, queues its first training run. */
async function trainFirstModel(
  app: (typeof STACK_APPS)[number],
  url: string,
  demoJobId: string,
  key: string,
) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  try {
    for (;;) {
      const job = (await (await fetch(`${url}/jobs/${demoJobId}`, { headers })).json()) as { state?: string };
      if (job.state === 'completed') break;
      if (!job.state || ['failed', 'cancelled'].includes(job.state)) return;
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 500));
    }
    const models = (await (await fetch(`${url}/models`, { headers })).json()) as unknown[];
    if (models.length > 0) return;
    const response = await fetch(`${url}/training-runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify(FIRST_TRAINING_RUN[app]),
    });
    const body = (await response.json()) as { jobId?: string };
    if (body.jobId) say(`  ${app}: first model training on the demo data, GET ${url}/jobs/${body.jobId}`);
  } catch {
    // The stack is stopping; there is nothing to train for.
  }
}

async function waitUntilHealthy(url: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not accepting connections yet
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 250));
  }
}

async function requestDemoData(url: string, key: string): Promise<string> {
  const response = await fetch(`${url}/demo-data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as { jobId?: string; error?: { message: string } };
  return body.jobId ?? `not queued: ${body.error?.message ?? response.status}`;
}

function say(text: string): void {
  process.stdout.write(text + '\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`deepworks: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
