import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import {
  DEMO_DATA_QUEUE,
  insertInChunks,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  type SeedDemoDataJob,
} from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity';
import { contentHash } from '../articles/content-hash';

/** Stores generated labelled headlines; source ids and content hashes make a re-run a no-op. */
@Injectable()
@QueueJob(DEMO_DATA_QUEUE, { retryLimit: 2, expireInSeconds: 600 })
export class DemoHeadlinesJob implements JobHandler<SeedDemoDataJob> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(job: QueuedJob<SeedDemoDataJob>, progress: JobProgressReporter) {
    const headlines = generateFinanceHeadlines({ seed: job.data.seed, count: job.data.size });
    const rows = headlines.map((headline) => ({
      sourceId: `${headline.sourceId}-s${job.data.seed}`,
      // Generated headlines repeat; with the time they are distinct stories.
      contentHash: contentHash(headline.text + headline.publishedAt),
      text: headline.text,
      publishedAt: new Date(headline.publishedAt),
      labelSentiment: headline.sentiment,
      labelTopic: headline.topic,
      tickers: headline.tickers,
      source: 'demo' as const,
    }));
    const stored = await this.dataSource.transaction((manager) =>
      insertInChunks(manager, ArticleEntity, rows, {
        skipDuplicates: true,
        onChunk: (done, total) => progress.report(done / total, `stored ${done} headlines`),
      }),
    );
    return { articles: stored, skipped: headlines.length - stored };
  }
}
