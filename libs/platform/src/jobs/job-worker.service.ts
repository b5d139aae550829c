import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import type { RegisteredHandler } from './job-queue.service';
import { JobQueue } from './job-queue.service';
import { JobProgressRepository } from './job-progress.repository';

/**
 * A running job holds a lease that its worker renews every HEARTBEAT_SECONDS. A worker that dies
 * (kill -9, OOM, power) stops renewing; after the queue's lease (`leaseSeconds`) any worker hands the
 * job back to pg-boss, which retries it within the queue's retry limit. pg-boss's own expiry (hours,
 * for training) would otherwise leave the job stuck that long.
 */
const HEARTBEAT_SECONDS = 5;
const DEFAULT_LEASE_SECONDS = 60;
const REAP_EVERY_SECONDS = 10;

/** In worker mode, consumes every queue that has a `@QueueJob` handler, one job at a time per queue. */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private reaper: NodeJS.Timeout | undefined;
  private readonly workspaces: string;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly queue: JobQueue,
    private readonly progress: JobProgressRepository,
    private readonly logger: JsonLogger,
  ) {
    this.workspaces = resolve(options.environment.DEEPWORKS_HOME, 'jobs', options.app);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.mode !== 'worker') return;
    const boss = this.queue.engine();
    for (const registered of this.queue.registeredHandlers()) {
      await boss.work<object>(
        registered.definition.queue,
        { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true },
        // batchSize 1: the handler's result becomes the job's output.
        async ([job]: PgBoss.JobWithMetadata<object>[]) => this.run(registered, job),
      );
      this.logger.event('info', 'worker.consuming', { queue: registered.definition.queue }, 'JobWorker');
    }
    await this.reapAbandonedJobs();
    this.reaper = setInterval(() => void this.reapAbandonedJobs(), REAP_EVERY_SECONDS * 1000);
  }

  onApplicationShutdown(): void {
    clearInterval(this.reaper);
  }

  private async reapAbandonedJobs(): Promise<void> {
    try {
      for (const { definition } of this.queue.registeredHandlers()) {
        const lease = definition.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
        const abandoned = await this.progress.abandoned(this.queue.schema, [definition.queue], lease);
        for (const { id, queue, lastAttempt } of abandoned) {
          await this.queue
            .engine()
            .fail(queue, id, { message: `its worker stopped renewing the lease for ${lease} s` });
          // No attempt follows the last one: nothing will resume from its workspace.
          if (lastAttempt) await rm(join(this.workspaces, id), { recursive: true, force: true });
          await this.progress.annotate(
            id,
            lastAttempt ? 'worker lost on the last attempt; failed' : 'worker lost; queued for retry',
          );
          this.logger.event('warn', 'job.lease-expired', { queue, jobId: id }, 'JobWorker');
        }
      }
    } catch (error) {
      // The database may be restarting; the next round tries again.
      const message = error instanceof Error ? error.message : String(error);
      this.logger.event('warn', 'job.reap-failed', { error: message }, 'JobWorker');
    }
  }

  private async run(
    { definition, handler }: RegisteredHandler,
    job: PgBoss.JobWithMetadata<object>,
  ): Promise<unknown> {
    const started = Date.now();
    const fields = { queue: definition.queue, jobId: job.id, attempt: job.retryCount };
    this.logger.event('info', 'job.started', fields, 'JobWorker');
    const workspace = join(this.workspaces, job.id);
    await mkdir(workspace, { recursive: true });
    await this.progress.touch(job.id);
    const heartbeat = setInterval(
      () => void this.progress.touch(job.id).catch(() => undefined),
      HEARTBEAT_SECONDS * 1000,
    );
    const reporter = {
      report: async (fraction: number, message: string) => {
        const clamped = Math.min(1, Math.max(0, fraction));
        await this.progress.update(job.id, definition.queue, clamped, message);
        this.logger.event('info', 'job.progress', { ...fields, fraction: clamped, message }, 'JobWorker');
      },
    };
    try {
      const output = await handler.handle(
        { id: job.id, queue: definition.queue, data: job.data, workspace, attempt: job.retryCount },
        reporter,
      );
      await this.progress.update(job.id, definition.queue, 1, 'completed');
      this.logger.event('info', 'job.completed', { ...fields, ms: Date.now() - started }, 'JobWorker');
      await rm(workspace, { recursive: true, force: true });
      return output;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.progress.annotate(job.id, `failed: ${message}`).catch(() => undefined);
      this.logger.event('error', 'job.failed', { ...fields, error: message }, 'JobWorker');
      if (job.retryCount >= job.retryLimit) await rm(workspace, { recursive: true, force: true });
      // pg-boss marks the job failed and retries it within the queue's retry limit.
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }
}
