import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_API_KEYS, TEST_API_KEYS_CONFIG, freePort } from '@deepworks/platform/testing';

export type AppName = 'recommender' | 'triage' | 'sentiment';

const PORT_VARIABLE: Record<AppName, string> = {
  recommender: 'RECOMMENDER_PORT',
  triage: 'TRIAGE_PORT',
  sentiment: 'SENTIMENT_PORT',
};

export interface ServiceProcess {
  app: AppName;
  mode: 'api' | 'worker';
  child: ChildProcess;
  /** The API's base URL (empty for a worker). */
  url: string;
  /** Every line the process wrote, stdout and stderr. */
  output: string[];
  exited: Promise<number | null>;
}

export interface ServiceProcessOptions {
  databaseUrl: string;
  home: string;
  /** Reuse a port, e.g. to restart an API where its clients expect it. */
  port?: number;
  env?: Record<string, string>;
}

/**
 * An app's API or worker from the build (`dist/out`), as its own OS process, so that a suite can
 * kill -9 it. Resolves once the API listens or the worker consumes.
 */
export async function startServiceProcess(
  app: AppName,
  mode: 'api' | 'worker',
  options: ServiceProcessOptions,
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const child = spawn(
    process.execPath,
    [join(process.cwd(), `dist/out/apps/${app}/src/main.js`), ...(mode === 'worker' ? ['--worker'] : [])],
    {
      env: {
        ...inherited,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        DATABASE_URL: options.databaseUrl,
        DEEPWORKS_HOME: options.home,
        API_KEYS: TEST_API_KEYS_CONFIG,
        ENGINE_BACKEND: 'wasm',
        [PORT_VARIABLE[app]]: String(port),
        ...options.env,
      },
      // The IPC channel tells when it is ready whatever the log level, and ends it if this process dies.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${app} ${mode} did not start:\n${output.slice(-20).join('\n')}`)),
      120_000,
    );
    const ready = mode === 'api' ? 'service.listening' : 'worker.started';
    child.on('message', (message: { type?: string }) => {
      if (message.type !== ready) return;
      clearTimeout(timer);
      resolve();
    });
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line === '') continue;
        output.push(line);
        if (output.length > 5000) output.splice(0, 1000);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${app} ${mode} exited with ${code}:\n${output.slice(-20).join('\n')}`));
    });
  });
  return { app, mode, child, url: mode === 'api' ? `http://127.0.0.1:${port}` : '', output, exited };
}

/** SIGKILL: no shutdown hook runs, as when the machine loses power or the OOM killer strikes. */
export async function killHard(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGKILL');
  await service.exited;
}

export async function stopGracefully(service: ServiceProcess): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timeout = setTimeout(() => service.child.kill('SIGKILL'), 20_000);
  await service.exited;
  clearTimeout(timeout);
}

export function keyHeaders(role: keyof typeof TEST_API_KEYS): Record<string, string> {
  return { authorization: `Bearer ${TEST_API_KEYS[role]}` };
}

export async function requestJson<T>(
  url: string,
  init: { method?: string; role?: keyof typeof TEST_API_KEYS; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.role ? keyHeaders(init.role) : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Polls `GET /jobs/:id` (admin) until the job ends, or `until` holds; returns its last status. */
export async function waitForJobEnd(
  baseUrl: () => string,
  jobId: string,
  timeoutMs: number,
  until?: (status: JobView) => boolean,
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { status, body } = await requestJson<JobView>(`${baseUrl()}/jobs/${jobId}`, { role: 'admin' });
      if (status === 200) {
        if (until?.(body) || ['completed', 'failed', 'cancelled'].includes(body.state)) return body;
      }
    } catch {
      // The API may be restarting; keep polling until the deadline.
    }
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not end within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface JobView {
  id: string;
  state: string;
  attempts: number;
  progress: { fraction: number; message: string };
  output: Record<string, unknown> | null;
}
