import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import { type JobHandler, NonRetryableJobError } from './job-handler.decorator';
import type { RegisteredHandler } from './job-queue.service';
import { JobQueue } from './job-queue.service';
import { JobProgressRepository } from './job-progress.repository';

/**
 * A running job holds a lease that its worker renews every HEARTBEAT_SECONDS. A worker that dies
 * (kill -9, OOM, power) stops renewing; after the queue's lease (`leaseSeconds`) any worker hands the
 * job back to pg-boss, which retries it within the queue's retry limit. pg-boss's own expiry (hours,
 * for training) would otherwise leave the job stuck that long.
 *
 * A worker that is alive but lost its lease (cut off from the database longer than the lease, or
 * stalled) is fenced: its heartbeat finds that its attempt no longer holds the job, or could not renew
 * for a whole lease, and aborts the handler, which stops at its next progress report. Whatever that
 * run ends with is settled only if the job is still active at the same attempt (checked under a row
 * lock), so a stale run never completes or fails the attempt that replaced it.
 */
const HEARTBEAT_SECONDS = 5;
const DEFAULT_LEASE_SECONDS = 60;
const REAP_EVERY_SECONDS = 10;
const POLL_EVERY_MS = 500;
/** At shutdown, a running job gets this long to finish, then as long again to stop at a report. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Why a run was stopped before its end: its lease was lost, or the worker is shutting down. */
class RunStoppedError extends Error {}

type Outcome = { output: unknown } | { error: string; retry: boolean };

interface Run {
  readonly jobId: string;
  readonly abort: AbortController;
  readonly settled: Promise<void>;
}

/** In worker mode, consumes every queue that has a `@QueueJob` handler, one job at a time per queue. */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private reaper: NodeJS.Timeout | undefined;
  private readonly workspaces: string;
  private readonly stopping = new AbortController();
  private consumers: Promise<void>[] = [];
  private readonly runs = new Set<Run>();

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly queue: JobQueue,
    private readonly progress: JobProgressRepository,
    private readonly dataSource: DataSource,
    private readonly logger: JsonLogger,
  ) {
    this.workspaces = resolve(options.environment.DEEPWORKS_HOME, 'jobs', options.app);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.mode !== 'worker') return;
    this.consumers = this.queue.registeredHandlers().map((registered) => {
      this.logger.event('info', 'worker.consuming', { queue: registered.definition.queue }, 'JobWorker');
      return this.consume(registered);
    });
    await this.reapAbandonedJobs();
    this.reaper = setInterval(() => void this.reapAbandonedJobs(), REAP_EVERY_SECONDS * 1000);
  }

  /** Before the database connections close: stop taking jobs, then give running ones their grace. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.reaper);
    this.stopping.abort();
    const finished = () => Promise.all([...this.runs].map((run) => run.settled));
    if (!(await settlesWithin(finished(), SHUTDOWN_GRACE_MS))) {
      for (const run of this.runs) run.abort.abort(new RunStoppedError('the worker is shutting down'));
      // A handler that does not report in time stays active; its lease runs out and another worker
      // hands the job back. The process does not wait for it.
      await settlesWithin(finished(), SHUTDOWN_GRACE_MS);
    }
    // The idle consumers end at once (a fetch in flight takes milliseconds); one still in a run does not.
    await settlesWithin(Promise.all(this.consumers), POLL_EVERY_MS);
  }

  private async consume(registered: RegisteredHandler): Promise<void> {
    const boss = this.queue.engine();
    const { queue } = registered.definition;
    const pause = () =>
      sleep(POLL_EVERY_MS, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    while (!this.stopping.signal.aborted) {
      try {
        // pg-boss's fetch answers [] when the database cannot be reached: this loop polls on.
        const [job] = await boss.fetch<object>(queue, { batchSize: 1, includeMetadata: true });
        if (job) await this.run(registered, job);
        else await pause();
      } catch (error) {
        // A bookkeeping write after the job had settled (progress, workspace removal) failed.
        this.logger.event('warn', 'worker.poll-failed', { queue, error: messageOf(error) }, 'JobWorker');
        await pause();
      }
    }
  }

  private async reapAbandonedJobs(): Promise<void> {
    try {
      for (const { definition, handler } of this.queue.registeredHandlers()) {
        const lease = definition.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
        const abandoned = await this.progress.abandoned(this.queue.schema, [definition.queue], lease);
        for (const { id, queue, data, attempt, lastAttempt } of abandoned) {
          const message = `its worker stopped renewing the lease for ${lease} s`;
          // Its worker may have renewed since the query above: then the attempt is still its own.
          if (!(await this.settle(queue, id, attempt, { error: message, retry: true }))) continue;
          // No attempt follows the last one: nothing will resume from its workspace.
          if (lastAttempt) await this.releaseFailedForGood(handler, id, data);
          await this.progress.annotate(
            id,
            lastAttempt ? 'worker lost on the last attempt; failed' : 'worker lost; queued for retry',
          );
          this.logger.event('warn', 'job.lease-expired', { queue, jobId: id }, 'JobWorker');
        }
      }
    } catch (error) {
      // The database may be restarting; the next round tries again.
      this.logger.event('warn', 'job.reap-failed', { error: messageOf(error) }, 'JobWorker');
    }
  }

  private async run(registered: RegisteredHandler, job: PgBoss.JobWithMetadata<object>): Promise<void> {
    const abort = new AbortController();
    let settle!: () => void;
    const run: Run = { jobId: job.id, abort, settled: new Promise((done) => (settle = done)) };
    this.runs.add(run);
    try {
      await this.execute(registered, job, abort);
    } finally {
      this.runs.delete(run);
      settle();
    }
  }

  private async execute(
    { definition, handler }: RegisteredHandler,
    job: PgBoss.JobWithMetadata<object>,
    abort: AbortController,
  ): Promise<void> {
    const started = Date.now();
    const attempt = job.retryCount;
    const fields = { queue: definition.queue, jobId: job.id, attempt };
    this.logger.event('info', 'job.started', fields, 'JobWorker');
    const workspace = join(this.workspaces, job.id);
    const heartbeat = this.holdLease(
      job.id,
      attempt,
      definition.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
      abort,
    );
    const reporter = {
      report: async (fraction: number, message: string) => {
        abort.signal.throwIfAborted();
        const clamped = Math.min(1, Math.max(0, fraction));
        await this.progress.update(job.id, definition.queue, clamped, message);
        this.logger.event('info', 'job.progress', { ...fields, fraction: clamped, message }, 'JobWorker');
      },
    };
    let outcome: Outcome;
    try {
      await mkdir(workspace, { recursive: true });
      const output = await handler.handle(
        { id: job.id, queue: definition.queue, data: job.data, workspace, attempt, signal: abort.signal },
        reporter,
      );
      outcome = { output };
    } catch (error) {
      outcome = {
        error: messageOf(abort.signal.aborted ? abort.signal.reason : error),
        retry: !(error instanceof NonRetryableJobError),
      };
    } finally {
      clearInterval(heartbeat);
    }

    let held: boolean;
    try {
      held = await this.settle(definition.queue, job.id, attempt, outcome);
    } catch (error) {
      // Unsettled, the job stays active until its lease runs out; then it is handed back and retried.
      this.logger.event('error', 'job.settle-failed', { ...fields, error: messageOf(error) }, 'JobWorker');
      return;
    }
    if (!held) {
      // The workspace belongs to the attempt that replaced this one (or to nobody, if that one ended).
      this.logger.event('warn', 'job.lease-lost', { ...fields, ms: Date.now() - started }, 'JobWorker');
      return;
    }
    if ('output' in outcome) {
      await this.progress.update(job.id, definition.queue, 1, 'completed');
      this.logger.event('info', 'job.completed', { ...fields, ms: Date.now() - started }, 'JobWorker');
      await rm(workspace, { recursive: true, force: true });
      return;
    }
    await this.progress.annotate(job.id, `failed: ${outcome.error}`).catch(() => undefined);
    this.logger.event('error', 'job.failed', { ...fields, error: outcome.error }, 'JobWorker');
    if (!outcome.retry || attempt >= job.retryLimit)
      await this.releaseFailedForGood(handler, job.id, job.data);
  }

  /** A job that failed for good: its workspace goes, and its handler releases what else it held. */
  private async releaseFailedForGood(handler: JobHandler, jobId: string, data: object): Promise<void> {
    await rm(join(this.workspaces, jobId), { recursive: true, force: true });
    try {
      await handler.failedForGood?.(data);
    } catch (error) {
      this.logger.event('warn', 'job.release-failed', { jobId, error: messageOf(error) }, 'JobWorker');
    }
  }

  /** Renews the lease every HEARTBEAT_SECONDS; aborts the run once this attempt no longer holds it. */
  private holdLease(jobId: string, attempt: number, leaseSeconds: number, abort: AbortController) {
    let renewedAt = Date.now();
    const lose = (why: string) => {
      if (abort.signal.aborted) return;
      abort.abort(new RunStoppedError(`the worker lost the job's lease: ${why}`));
    };
    return setInterval(() => {
      this.progress.renewLease(this.queue.schema, jobId, attempt).then(
        (held) => {
          if (held) renewedAt = Date.now();
          else lose('the job was handed back or is being run again');
        },
        () => {
          if (Date.now() - renewedAt > leaseSeconds * 1000) lose(`no renewal for ${leaseSeconds} s`);
        },
      );
    }, HEARTBEAT_SECONDS * 1000);
  }

  /**
   * Completes or fails one attempt of a job, if that attempt still holds it. The row lock orders this
   * against the reaper and pg-boss's expiry, whichever comes first wins.
   */
  private async settle(queue: string, jobId: string, attempt: number, outcome: Outcome): Promise<boolean> {
    const boss = this.queue.engine();
    return this.dataSource.transaction(async (manager) => {
      const held: unknown[] = await manager.query(
        `SELECT 1 FROM "${this.queue.schema}".job
          WHERE id = $1 AND state = 'active' AND retry_count = $2 FOR UPDATE`,
        [jobId, attempt],
      );
      if (held.length === 0) return false;
      const db = {
        executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }),
      };
      if ('output' in outcome) {
        await boss.complete(queue, jobId, outcome.output as object, { db });
        return true;
      }
      // pg-boss retries a failed job while retry_count < retry_limit.
      if (!outcome.retry)
        await manager.query(`UPDATE "${this.queue.schema}".job SET retry_limit = retry_count WHERE id = $1`, [
          jobId,
        ]);
      await boss.fail(queue, jobId, { message: outcome.error }, { db });
      return true;
    });
  }
}

async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const timeout = sleep(ms, false, { ref: false });
  return Promise.race([work.then(() => true), timeout]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
