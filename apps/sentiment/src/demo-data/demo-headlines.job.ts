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
import { ArticleEntity } from '../articles/article.entity';
import { contentHash } from '../articles/content-hash';

const CHUNK = 1000;

/** Stores generated labelled headlines; source ids and content hashes make a re-run a no-op. */
@Injectable()
@QueueJob(DEMO_DATA_QUEUE, { retryLimit: 2, expireInSeconds: 600 })
export class DemoHeadlinesJob implements JobHandler<SeedDemoDataJob> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(job: QueuedJob<SeedDemoDataJob>, progress: JobProgressReporter) {
    const headlines = generateFinanceHeadlines({ seed: job.data.seed, count: job.data.size });
    return this.dataSource.transaction(async (manager) => {
      let stored = 0;
      for (let start = 0; start < headlines.length; start += CHUNK) {
        const rows = headlines.slice(start, start + CHUNK).map((headline) => ({
          sourceId: `${headline.sourceId}-s${job.data.seed}`,
          contentHash: contentHash(headline.text + headline.publishedAt),
          text: headline.text,
          publishedAt: new Date(headline.publishedAt),
          labelSentiment: headline.sentiment,
          labelTopic: headline.topic,
          tickers: headline.tickers,
          source: 'demo' as const,
        }));
        const result = await manager
          .createQueryBuilder()
          .insert()
          .into(ArticleEntity)
          .values(rows)
          .orIgnore()
          .execute();
        // RETURNING yields one row per stored article; ignored duplicates return none.
        stored += (result.raw as unknown[]).length;
        await progress.report(
          (start + rows.length) / headlines.length,
          `stored ${start + rows.length} headlines`,
        );
      }
      return { articles: stored, skipped: headlines.length - stored };
    });
  }
}
