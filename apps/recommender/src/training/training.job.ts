import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type JobHandler,
  type JobProgressReporter,
  ModelRegistry,
  type ModelVersion,
  PLATFORM_OPTIONS,
  type PlatformOptions,
  type QueuedJob,
  QueueJob,
  NonRetryableJobError,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { EVENT_WEIGHTS } from '../model/event-weights.policy';
import { writeModelArtifact } from '../model/recommendation-artifact.io';
import type { RecommenderEnvironment } from '../recommender.environment';
import { catalogueTooLargeFor } from './catalogue-size.policy';
import { fitServedModel } from './served-model.builder';
import { EVALUATION_K, evaluateServedModel } from './served-model.evaluation';
import { PROMOTION_METRIC, promotionDecision } from './promotion.policy';
import { type PreparedTrainingData, prepareTrainingData } from './training-data.preparation';
import { TrainingDataRepository } from './training-data.repository';
import {
  RECOMMENDATIONS_TASK,
  requestFromConfig,
  servedModelConfig,
  TRAINING_QUEUE,
  type TrainingJob,
  type TrainingRequest,
} from './training-request.config';
import { TrainingRunEntity } from './training-run.entity';

export interface TrainingOutcome {
  runId: string;
  modelVersionId: string;
  version: number;
  promoted: boolean;
  decision: string;
  metrics: Record<string, number>;
}

/**
 * One training run in the worker: read the events, split each user's interactions, fit the requested
 * model on the training part and evaluate what would be served on the held-out part (the active
 * version's settings and plain popularity are evaluated on the same split, so the comparison is
 * fair), then fit on everything, write the artifact, register it and promote it when no version is
 * active or it scores at least the active one's NDCG@10 (a tie goes to the newer data).
 */
@Injectable()
// EASE's inverse is one synchronous step (~17 s at 3,706 items, growing with the cube): a long lease.
@QueueJob(TRAINING_QUEUE, { retryLimit: 1, expireInSeconds: 3600, leaseSeconds: 600 })
export class TrainingJobHandler implements JobHandler<TrainingJob, TrainingOutcome> {
  private readonly easeMaxItems: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly data: TrainingDataRepository,
    private readonly registry: ModelRegistry,
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
  ) {
    this.easeMaxItems = (options.environment as RecommenderEnvironment).RECOMMENDER_EASE_MAX_ITEMS;
  }

  async handle(job: QueuedJob<TrainingJob>, progress: JobProgressReporter): Promise<TrainingOutcome> {
    const { runId, request } = job.data;
    const run = await this.dataSource.manager.findOneByOrFail(TrainingRunEntity, { id: runId });
    await this.dataSource.manager.update(
      TrainingRunEntity,
      { id: runId },
      { status: 'running', startedAt: new Date() },
    );
    try {
      const outcome = await this.train(job.id, runId, request, run.createdBy, progress, job.signal);
      await this.dataSource.manager.update(
        TrainingRunEntity,
        { id: runId },
        {
          status: 'succeeded',
          modelVersionId: outcome.modelVersionId,
          promoted: outcome.promoted,
          decision: outcome.decision,
          finishedAt: new Date(),
        },
      );
      return outcome;
    } catch (error) {
      await this.dataSource.manager.update(
        TrainingRunEntity,
        { id: runId },
        {
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
          finishedAt: new Date(),
        },
      );
      throw error;
    }
  }

  private async train(
    jobId: string,
    runId: string,
    request: TrainingRequest,
    actor: string,
    progress: JobProgressReporter,
    signal: AbortSignal,
  ): Promise<TrainingOutcome> {
    await progress.report(0.02, 'reading catalogue and events');
    const snapshot = await this.data.snapshot();
    if (snapshot.interactions.length === 0)
      throw new NonRetryableJobError('there are no events to train on yet');
    // The catalogue may have grown since the request was accepted.
    const tooLarge = catalogueTooLargeFor(request.model, snapshot.catalogue.length, this.easeMaxItems);
    if (tooLarge) throw new NonRetryableJobError(tooLarge);
    const prepared = prepareTrainingData(snapshot.catalogue, snapshot.interactions, request);
    await progress.report(
      0.1,
      `${snapshot.eventCount} events → ${snapshot.interactions.length} interactions of ${prepared.all.userCount} users ` +
        `over ${prepared.items.length} items; evaluating ${request.model}`,
    );
    const config = servedModelConfig(request);
    const candidate = await this.evaluate(request, prepared, signal);
    await progress.report(
      0.4,
      `${request.model}: ${PROMOTION_METRIC} ${candidate[PROMOTION_METRIC].toFixed(4)}`,
    );
    const popularity = await this.evaluate(
      { ...request, model: 'popularity', parameters: {} },
      prepared,
      signal,
    );
    const active = await this.registry.active(RECOMMENDATIONS_TASK);
    const incumbentRequest = active ? requestFromConfig(active.config) : undefined;
    const incumbent = incumbentRequest ? await this.evaluate(incumbentRequest, prepared, signal) : undefined;
    const comparison = {
      request,
      protocol: prepared.protocol,
      candidate,
      popularity,
      incumbent: incumbent ?? null,
    };
    await this.dataSource.query('UPDATE training_runs SET metrics = $2 WHERE id = $1', [runId, comparison]);

    await progress.report(0.6, 'fitting on every interaction');
    const final = await fitServedModel(config, prepared.all, prepared, signal);
    const metrics = {
      ...candidate,
      [`popularity.${PROMOTION_METRIC}`]: popularity[PROMOTION_METRIC],
      [`popularity.recall@${EVALUATION_K}`]: popularity[`recall@${EVALUATION_K}`],
    };
    const directory = await mkdtemp(join(tmpdir(), 'deepworks-recommender-'));
    let version: ModelVersion;
    try {
      await progress.report(0.8, 'writing and registering the artifact');
      await writeModelArtifact(directory, final.model, {
        model: request.model,
        description: final.description,
        parameters: config.parameters,
        coldStart: config.coldStart ? { ...config.coldStart } : null,
        textScale: final.textScale,
        eventWeights: { ...EVENT_WEIGHTS },
        lastEventId: snapshot.lastEventId,
        catalogueAt: snapshot.catalogueAt,
        trainedAt: new Date().toISOString(),
        metrics,
      });
      version = await this.registry.register({
        task: RECOMMENDATIONS_TASK,
        config: {
          request,
          description: final.description,
          parameters: config.parameters,
          coldStart: config.coldStart,
          eventWeights: EVENT_WEIGHTS,
          protocol: prepared.protocol,
          lastEventId: snapshot.lastEventId,
          trainingRunId: runId,
        },
        dataFingerprint: prepared.fingerprint,
        metrics,
        sourceDir: directory,
        createdBy: actor,
        trainingJobId: jobId,
      });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }

    const decision = promotionDecision(candidate, active ? (incumbent ?? null) : undefined, active?.version);
    if (decision.promote) await this.registry.promote(version.id, `training-run:${runId}`);
    await progress.report(1, decision.reason);
    return {
      runId,
      modelVersionId: version.id,
      version: version.version,
      promoted: decision.promote,
      decision: decision.reason,
      metrics,
    };
  }

  private async evaluate(
    request: TrainingRequest,
    prepared: PreparedTrainingData,
    signal: AbortSignal,
  ): Promise<Record<string, number>> {
    const fitted = await fitServedModel(servedModelConfig(request), prepared.train, prepared, signal);
    return evaluateServedModel(fitted.model, prepared.train, prepared.heldOut);
  }
}
