import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import { JOB_HANDLER, type JobHandler, type QueueJobDefinition } from './job-handler.decorator';
import { JobProgressRepository } from './job-progress.repository';

export interface EnqueueOptions {
  /** At most one queued or active job per key (an import of the same file, say). */
  singletonKey?: string;
  /** Enqueue inside the caller's transaction: the job exists only if the caller's writes commit. */
  manager?: EntityManager;
}

export interface JobStatus {
  id: string;
  queue: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  progress: { fraction: number; message: string; updatedAt: string };
  attempts: number;
  createdAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  output: unknown;
}

export interface RegisteredHandler {
  definition: QueueJobDefinition;
  handler: JobHandler;
}

/**
 * The durable job queue (pg-boss on the app's PostgreSQL, schema `<app>_jobs`). The API enqueues;
 * only the worker consumes (see JobWorker). A job survives restarts of both.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly boss: PgBoss;
  /** The PostgreSQL schema of pg-boss's tables for this app. */
  readonly schema: string;
  private handlers: RegisteredHandler[] = [];

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly discovery: DiscoveryService,
    private readonly dataSource: DataSource,
    private readonly progress: JobProgressRepository,
    private readonly logger: JsonLogger,
  ) {
    const worker = options.mode === 'worker';
    this.schema = `${options.app}_jobs`;
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: this.schema,
      application_name: `deepworks-${options.app}-${options.mode}`,
      max: 4,
      // Maintenance and cron belong to the worker; the API only sends and reads.
      supervise: worker,
      schedule: worker,
    });
    this.boss.on('error', (error: Error) =>
      this.logger.event('error', 'queue.error', { error: error.message }, 'JobQueue'),
    );
  }

  async onModuleInit(): Promise<void> {
    this.handlers = this.discoverHandlers();
    await this.boss.start();
    for (const { definition } of this.handlers) {
      const settings = {
        name: definition.queue,
        retryLimit: definition.retryLimit ?? 2,
        retryDelay: definition.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: definition.expireInSeconds ?? 3600,
      };
      // An existing queue takes the settings of the code now running, not those it was created with.
      if (await this.boss.getQueue(definition.queue)) await this.boss.updateQueue(definition.queue, settings);
      else await this.boss.createQueue(definition.queue, settings);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }

  registeredHandlers(): readonly RegisteredHandler[] {
    return this.handlers;
  }

  /** pg-boss itself, for the worker only. */
  engine(): PgBoss {
    return this.boss;
  }

  async enqueue(queue: string, data: object, options: EnqueueOptions = {}): Promise<string> {
    if (!this.handlers.some((registered) => registered.definition.queue === queue)) {
      throw new Error(`no handler is registered for queue "${queue}"`);
    }
    const send = async (manager: EntityManager): Promise<string> => {
      const client = (await manager.queryRunner!.connect()) as {
        query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
      };
      if (options.singletonKey) {
        // pg-boss's standard queues ignore singleton keys: the guard is ours, serialised per key until
        // this transaction ends, so that two concurrent requests cannot both pass the check.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `${this.schema}:${queue}:${options.singletonKey}`,
        ]);
        const { rows } = await client.query(
          `SELECT id FROM "${this.schema}".job
            WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active') LIMIT 1`,
          [queue, options.singletonKey],
        );
        const existing = (rows[0] as { id: string } | undefined)?.id;
        if (existing) {
          throw new DomainException(
            'conflict',
            'JOB_ALREADY_QUEUED',
            `A ${queue} job is already queued or running; follow it at /jobs/${existing}`,
            { queue, jobId: existing },
          );
        }
      }
      const id = await this.boss.send(queue, data, {
        singletonKey: options.singletonKey,
        db: { executeSql: (text, values) => client.query(text, values) },
      });
      if (id === null) throw new Error(`pg-boss did not queue the ${queue} job`);
      await this.progress.create(id, queue, manager);
      return id;
    };
    if (options.manager?.queryRunner) return send(options.manager);
    return this.dataSource.transaction(send);
  }

  async status(id: string): Promise<JobStatus | undefined> {
    const progress = await this.progress.find(id);
    if (!progress) return undefined;
    const job = await this.boss.getJobById<object>(progress.queue, id, { includeArchive: true });
    if (!job) return undefined;
    return {
      id,
      queue: progress.queue,
      state: job.state,
      progress: {
        fraction: progress.fraction,
        message: progress.message,
        updatedAt: progress.updatedAt.toISOString(),
      },
      attempts: job.retryCount + (job.state === 'created' ? 0 : 1),
      createdAt: isoOrNull(job.createdOn),
      startedAt: isoOrNull(job.startedOn),
      completedAt: isoOrNull(job.completedOn),
      output: job.state === 'failed' ? failureOf(job.output) : (job.output ?? null),
    };
  }

  private discoverHandlers(): RegisteredHandler[] {
    const found: RegisteredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const definition = Reflect.getMetadata(JOB_HANDLER, metatype) as QueueJobDefinition | undefined;
      if (!definition) continue;
      if (found.some((registered) => registered.definition.queue === definition.queue)) {
        throw new Error(`two handlers claim queue "${definition.queue}"`);
      }
      found.push({ definition, handler: instance as JobHandler });
    }
    return found;
  }
}

function isoOrNull(value: Date | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}

/** pg-boss stores a failed job's error with its stack; callers see what failed, never where in the code. */
function failureOf(output: unknown): { error: string } {
  const message = (output as { message?: unknown } | null)?.message;
  return { error: typeof message === 'string' ? message : 'the job failed' };
}
