import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type JobHandler,
  type JobProgressReporter,
  ModelRegistry,
  type QueuedJob,
  QueueJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { SentimentEventsService } from '../events/sentiment-events.service';
import { parseLabelMapOption } from '../model/label-map.option';
import { saveSentimentModel } from '../model/sentiment-model.artifact';
import { trainSentimentModel } from '../model/sentiment-model.trainer';
import { evaluateSentimentModel } from '../model/sentiment.evaluation';
import { parseTopicLabel, trainTopicClassifier } from '../model/topic.model';
import { ScoringQueue } from '../scoring/scoring.queue';
import { SENTIMENT_TASK, SentimentModelProvider } from '../scoring/sentiment-model.provider';
import { heldOutByContentHash } from './held-out.split';
import type { TrainSentimentJob } from './training.dto';

export const TRAIN_SENTIMENT_QUEUE = 'train-sentiment';

interface LabelledRow {
  text: string;
  label: string;
  contentHash: string;
}

/**
 * Trains the linear model on the labelled articles (held-out: one in five by content hash) and, from the
 * topic-labelled ones, a topic classifier kept only where it beats the keyword rules; registers them, and promotes it when no model is active or it beats the active one's macro-F1 on the same held-out
 * articles. A first promotion queues the scoring of every article still waiting for a model.
 */
@Injectable()
@QueueJob(TRAIN_SENTIMENT_QUEUE, { retryLimit: 1, expireInSeconds: 1800 })
export class TrainSentimentJobHandler implements JobHandler<TrainSentimentJob> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ModelRegistry,
    private readonly models: SentimentModelProvider,
    private readonly scoring: ScoringQueue,
    private readonly events: SentimentEventsService,
  ) {}

  async handle(job: QueuedJob<TrainSentimentJob>, progress: JobProgressReporter) {
    const rows: LabelledRow[] = await this.dataSource.query(
      `SELECT text, label_sentiment AS label, content_hash AS "contentHash" FROM articles
        WHERE label_sentiment IS NOT NULL ORDER BY content_hash`,
    );
    await progress.report(0.1, `training on ${rows.length} labelled articles`);
    const labelMap = parseLabelMapOption(undefined);
    const trained = trainSentimentModel(
      rows,
      labelMap,
      { l2: job.data.l2, maxIterations: job.data.maxIterations },
      heldOutByContentHash,
    );
    const heldOut = heldOutByContentHash(rows)[1];
    const candidate = trained.metadata.validation;
    const topicRows: { text: string; topic: string; contentHash: string }[] = await this.dataSource.query(
      `SELECT text, label_topic AS topic, content_hash AS "contentHash" FROM articles
        WHERE label_topic IS NOT NULL ORDER BY content_hash`,
    );
    const [topicTrain, topicHeldOut] = heldOutByContentHash(
      topicRows.map((row) => ({ ...row, topics: parseTopicLabel(row.topic) })),
    );
    const topics = trainTopicClassifier(topicTrain, topicHeldOut);
    const active = await this.models.current();
    const incumbent = active ? evaluateSentimentModel(active.model.model, heldOut) : null;
    await progress.report(0.7, `held-out macro-F1 ${candidate.macro_f1.toFixed(4)}`);

    const dir = await mkdtemp(join(tmpdir(), 'sentiment-train-'));
    try {
      await saveSentimentModel(dir, trained, topics.classifier);
      const version = await this.registry.register({
        task: SENTIMENT_TASK,
        config: { ...trained.metadata.options },
        dataFingerprint: trained.metadata.dataFingerprint,
        metrics: {
          accuracy: candidate.accuracy,
          macro_f1: candidate.macro_f1,
          held_out_rows: candidate.n,
          train_rows: trained.metadata.trainRows,
          ...(topics.classifier && topics.report.learned && topics.report.rules
            ? {
                topic_micro_f1: topics.report.learned.micro_f1,
                keyword_topic_micro_f1: topics.report.rules.micro_f1,
              }
            : {}),
        },
        sourceDir: dir,
        createdBy: job.data.requestedBy,
        trainingJobId: job.id,
      });
      const promote = incumbent === null || candidate.macro_f1 > incumbent.macro_f1;
      let backlogJobs = 0;
      if (promote) {
        await this.registry.promote(version.id, job.data.requestedBy);
        backlogJobs = await this.dataSource.transaction(async (manager) => {
          await this.events.publish(manager, {
            type: 'model.promoted',
            version: version.version,
            macroF1: candidate.macro_f1,
          });
          return (await this.scoring.enqueueBacklog(manager)).length;
        });
      }
      return {
        version: version.version,
        versionId: version.id,
        promoted: promote,
        reason: incumbent
          ? `held-out macro-F1 ${candidate.macro_f1.toFixed(4)} vs active v${active?.version.version} ` +
            `${incumbent.macro_f1.toFixed(4)}`
          : 'no active model',
        heldOut: candidate,
        activeHeldOut: incumbent,
        trainRows: trained.metadata.trainRows,
        topics: topics.report,
        backlogJobs,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
