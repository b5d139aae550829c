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
  if (seedDemoData && localKey) {
    for (const app of STACK_APPS) {
      const jobId = await requestDemoData(listening.get(app)!, localKey.key);
      lines.push(`  ${app}: demo data queued, GET ${listening.get(app)}/jobs/${jobId}`);
    }
  }
  lines.push('Press Ctrl+C to stop.', '');
  say(lines.join('\n'));
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
