import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import {
  DEMO_DATA_QUEUE,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  type SeedDemoDataJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { ArticleStore } from '../articles/article.store';
import { contentHash } from '../articles/content-hash';
import { ScoringQueue } from '../scoring/scoring.queue';

const CHUNK = 500;

/**
 * Stores generated labelled headlines and queues their scoring (which waits for a first model: train
 * one with `POST /training-runs`); source ids and content hashes make a re-run a no-op.
 */
@Injectable()
@QueueJob(DEMO_DATA_QUEUE, { retryLimit: 2, expireInSeconds: 600 })
export class DemoHeadlinesJob implements JobHandler<SeedDemoDataJob> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ArticleStore,
    private readonly scoring: ScoringQueue,
  ) {}

  async handle(job: QueuedJob<SeedDemoDataJob>, progress: JobProgressReporter) {
    const headlines = generateFinanceHeadlines({ seed: job.data.seed, count: job.data.size });
    let stored = 0;
    for (let start = 0; start < headlines.length; start += CHUNK) {
      const chunk = headlines.slice(start, start + CHUNK);
      stored += await this.dataSource.transaction(async (manager) => {
        const outcome = await this.store.store(
          manager,
          chunk.map((headline) => ({
            sourceId: `${headline.sourceId}-s${job.data.seed}`,
            // Generated headlines repeat; with the time they are distinct stories.
            contentHash: contentHash(headline.text + headline.publishedAt),
            text: headline.text,
            publishedAt: new Date(headline.publishedAt),
            labelSentiment: headline.sentiment,
            labelTopic: headline.topic,
            tickers: headline.tickers,
            source: 'demo' as const,
          })),
        );
        await this.scoring.enqueue(
          manager,
          outcome.stored.map((entry) => entry.id),
        );
        return outcome.stored.length;
      });
      await progress.report((start + chunk.length) / headlines.length, `stored ${stored} headlines`);
    }
    return { articles: stored, skipped: headlines.length - stored };
  }
}
