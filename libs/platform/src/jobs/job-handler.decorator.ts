import { SetMetadata } from '@nestjs/common';

export const JOB_HANDLER = 'deepworks:job-handler';

export interface QueueJobOptions {
  /** Attempts after the first; a crashed or failed run is retried from the job's saved state. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A run still active after this long is considered dead and retried. */
  expireInSeconds?: number;
  /**
   * A run whose worker has not renewed its lease (a heartbeat every 5 s, on the event loop) for this long
   * is handed to another worker. Longer than the handler's longest synchronous step; default 60 s.
   */
  leaseSeconds?: number;
}

export interface QueueJobDefinition extends QueueJobOptions {
  queue: string;
}

export interface JobProgressReporter {
  /**
   * `fraction` in [0, 1]; written to the database, so the API and the CLI can show it. Throws the job's
   * abort reason instead once its signal is aborted.
   */
  report(fraction: number, message: string): Promise<void>;
}

export interface QueuedJob<TData> {
  id: string;
  queue: string;
  data: TData;
  /**
   * `<DEEPWORKS_HOME>/jobs/<app>/<job id>`: kept across retries (a crashed run's checkpoints are
   * there for the next attempt) and deleted once the job has ended for good.
   */
  workspace: string;
  /** 0 on the first run, 1 on the first retry, … */
  attempt: number;
  /**
   * Aborted when this attempt no longer holds the job (its lease was lost: the job was handed to
   * another worker) or the worker is shutting down. Progress reports throw once it is aborted, so a
   * handler stops at its next report; a long step without reports can check it itself.
   */
  signal: AbortSignal;
}

/**
 * Thrown by a handler whose job cannot succeed as asked (its input is wrong, not the moment): the job
 * fails at once, without the retries its queue would give it.
 */
export class NonRetryableJobError extends Error {}

/** A worker-side handler for one queue; found by the worker through `@QueueJob`. */
export interface JobHandler<TData = unknown, TResult = unknown> {
  handle(job: QueuedJob<TData>, progress: JobProgressReporter): Promise<TResult>;
  /**
   * Called once when the job has failed for good (its last attempt failed, it threw
   * `NonRetryableJobError`, or its worker was lost on the last attempt): release what it held outside
   * the database, such as an uploaded file no attempt will read again.
   */
  failedForGood?(data: TData): Promise<void>;
}

const QUEUE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export const QueueJob = (queue: string, options: QueueJobOptions = {}): ClassDecorator => {
  if (!QUEUE_NAME.test(queue)) throw new Error(`invalid queue name "${queue}"`);
  return SetMetadata(JOB_HANDLER, { queue, ...options } satisfies QueueJobDefinition);
};
