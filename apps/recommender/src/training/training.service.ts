import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobQueue, PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import { DataSource } from 'typeorm';
import type { RecommenderEnvironment } from '../recommender.environment';
import { catalogueTooLargeFor } from './catalogue-size.policy';
import { type StartTrainingRunDto, TrainingRunDto } from './dto/training-run.dto';
import { SERVABLE_MODELS } from './served-model.builder';
import { TrainingException, TrainingExceptionCode } from './training.exception';
import {
  TRAINING_QUEUE,
  type TrainingJob,
  type TrainingRequest,
  unknownParameters,
} from './training-request.config';
import { TrainingRunEntity } from './training-run.entity';

const LISTED_RUNS = 50;

@Injectable()
export class TrainingService {
  private readonly easeMaxItems: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
  ) {
    this.easeMaxItems = (options.environment as RecommenderEnvironment).RECOMMENDER_EASE_MAX_ITEMS;
  }

  /**
   * Records the run and queues it in one transaction. One training at a time: the queue's singleton
   * key answers a second request while one is queued or running with 409 JOB_ALREADY_QUEUED.
   */
  async start(body: StartTrainingRunDto, actor: string): Promise<{ runId: string; jobId: string }> {
    const parameters = body.parameters ?? {};
    const unknown = unknownParameters(body.model, parameters);
    const notNumbers = Object.entries(parameters).filter(
      ([, value]) => typeof value !== 'number' || !Number.isFinite(value),
    );
    if (unknown.length > 0 || notNumbers.length > 0) {
      const allowed: readonly string[] = SERVABLE_MODELS[body.model].parameters;
      throw new TrainingException(
        TrainingExceptionCode.UnknownParameters,
        unknown.length > 0
          ? `${body.model} does not take ${unknown.join(', ')}; it takes: ${allowed.join(', ') || 'no parameters'}`
          : `parameters must be finite numbers: ${notNumbers.map(([name]) => name).join(', ')}`,
        { allowed },
      );
    }
    const [{ found }] = (await this.dataSource.query('SELECT EXISTS (SELECT 1 FROM events) AS found')) as {
      found: boolean;
    }[];
    if (!found) {
      throw new TrainingException(
        TrainingExceptionCode.NoTrainingData,
        'There are no events to train on yet: send some with POST /events',
      );
    }
    const [{ items }] = (await this.dataSource.query('SELECT count(*)::int AS items FROM items')) as {
      items: number;
    }[];
    const tooLarge = catalogueTooLargeFor(body.model, items, this.easeMaxItems);
    if (tooLarge) {
      throw new TrainingException(TrainingExceptionCode.CatalogueTooLarge, tooLarge, {
        items,
        limit: this.easeMaxItems,
      });
    }
    const request: TrainingRequest = {
      model: body.model,
      parameters,
      coldStart: body.coldStart ?? true,
      holdout: body.holdout ?? 0.2,
      seed: body.seed ?? 42,
    };
    const runId = randomUUID();
    return this.dataSource.transaction(async (manager) => {
      await manager.insert(TrainingRunEntity, {
        id: runId,
        model: body.model,
        status: 'queued',
        createdBy: actor,
      });
      const jobId = await this.jobs.enqueue(TRAINING_QUEUE, { runId, request } satisfies TrainingJob, {
        manager,
        singletonKey: 'training',
      });
      await manager.update(TrainingRunEntity, { id: runId }, { jobId });
      return { runId, jobId };
    });
  }

  async get(id: string): Promise<TrainingRunDto> {
    await this.settleRunsOfEndedJobs();
    const run = await this.dataSource.manager.findOneBy(TrainingRunEntity, { id });
    if (!run) throw new TrainingException(TrainingExceptionCode.RunNotFound, `No training run ${id}`, { id });
    return TrainingRunDto.from(run);
  }

  async list(): Promise<TrainingRunDto[]> {
    await this.settleRunsOfEndedJobs();
    const runs = await this.dataSource.manager.find(TrainingRunEntity, {
      order: { createdAt: 'DESC' },
      take: LISTED_RUNS,
    });
    return runs.map(TrainingRunDto.from);
  }

  /**
   * A run whose job ended without the handler saying so — its worker died on the last attempt, and the
   * queue failed the job — is marked failed from the job's own record, so the run never stays `running`.
   */
  private async settleRunsOfEndedJobs(): Promise<void> {
    await this.dataSource.query(
      `UPDATE training_runs run
          SET status = 'failed', finished_at = coalesce(job.completed_on, now()),
              error = coalesce(job.output ->> 'message', 'the training job ended as ' || job.state)
         FROM "${this.jobs.schema}".job job
        WHERE run.job_id = job.id AND run.status IN ('queued', 'running') AND job.state IN ('failed', 'cancelled')`,
    );
  }
}
