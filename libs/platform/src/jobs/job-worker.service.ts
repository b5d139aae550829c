import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import type { RegisteredHandler } from './job-queue.service';
import { JobQueue } from './job-queue.service';
import { JobProgressRepository } from './job-progress.repository';

/** In worker mode, consumes every queue that has a `@QueueJob` handler, one job at a time per queue. */
@Injectable()
export class JobWorker implements OnApplicationBootstrap {
  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly queue: JobQueue,
    private readonly progress: JobProgressRepository,
    private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.mode !== 'worker') return;
    const boss = this.queue.engine();
    for (const registered of this.queue.registeredHandlers()) {
      await boss.work<object>(
        registered.definition.queue,
        { batchSize: 1, pollingIntervalSeconds: 0.5 },
        // batchSize 1: the handler's result becomes the job's output.
        async ([job]: PgBoss.Job<object>[]) => this.run(registered, job),
      );
      this.logger.event('info', 'worker.consuming', { queue: registered.definition.queue }, 'JobWorker');
    }
  }

  private async run({ definition, handler }: RegisteredHandler, job: PgBoss.Job<object>): Promise<unknown> {
    const started = Date.now();
    const fields = { queue: definition.queue, jobId: job.id };
    this.logger.event('info', 'job.started', fields, 'JobWorker');
    const reporter = {
      report: async (fraction: number, message: string) => {
        const clamped = Math.min(1, Math.max(0, fraction));
        await this.progress.update(job.id, definition.queue, clamped, message);
        this.logger.event('info', 'job.progress', { ...fields, fraction: clamped, message }, 'JobWorker');
      },
    };
    try {
      const output = await handler.handle({ id: job.id, queue: definition.queue, data: job.data }, reporter);
      await this.progress.update(job.id, definition.queue, 1, 'completed');
      this.logger.event('info', 'job.completed', { ...fields, ms: Date.now() - started }, 'JobWorker');
      return output;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.progress.annotate(job.id, `failed: ${message}`).catch(() => undefined);
      this.logger.event('error', 'job.failed', { ...fields, error: message }, 'JobWorker');
      // pg-boss marks the job failed and retries it within the queue's retry limit.
      throw error;
    }
  }
}
