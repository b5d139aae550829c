import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The three services; each runs as an API process and a worker process from the same build. */
export const STACK_APPS = ['recommender', 'triage', 'sentiment'] as const;
export type StackApp = (typeof STACK_APPS)[number];

export interface StackProcessSpec {
  app: StackApp;
  worker: boolean;
  entry: string;
}

export interface ListeningService {
  app: string;
  url: string;
}

/**
 * Runs one service process, relays its JSON log lines and reports when its API is listening.
 * A process that dies unexpectedly is started again after a pause, a few times a minute at most.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private stopping = false;
  private restarts: number[] = [];

  constructor(
    private readonly spec: StackProcessSpec,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onLine: (line: string) => void,
    private readonly onListening: (service: ListeningService) => void,
    private readonly onGiveUp: (reason: string) => void,
  ) {}

  get name(): string {
    return this.spec.worker ? `${this.spec.app}-worker` : this.spec.app;
  }

  start(): void {
    const args = [this.spec.entry, ...(this.spec.worker ? ['--worker'] : [])];
    const child = spawn(process.execPath, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', this.onLine);
    }
    child.on('message', (message: { type?: unknown; url?: unknown }) => {
      if (message.type === 'service.listening' && typeof message.url === 'string') {
        this.onListening({ app: this.spec.app, url: message.url });
      }
    });
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      const now = Date.now();
      this.restarts = [...this.restarts.filter((at) => now - at < 60_000), now];
      if (this.restarts.length > 3) {
        this.onGiveUp(
          `${this.name} exited (${signal ?? `code ${code}`}) ${this.restarts.length} times in a minute`,
        );
        return;
      }
      this.onLine(
        JSON.stringify({
          level: 'warn',
          app: 'launcher',
          msg: 'process.restarting',
          process: this.name,
          code,
          signal,
        }),
      );
      setTimeout(() => {
        if (!this.stopping) this.start();
      }, 1000);
    });
  }

  /** SIGTERM, then SIGKILL if the process has not drained within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
