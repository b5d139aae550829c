import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobQueue } from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { HELD_OUT_EVERY } from './held-out.split';
import { TrainingException, TrainingExceptionCode } from './training.exception';
import type { StartTrainingDto, TrainSentimentJob } from './training.dto';
import { TRAIN_SENTIMENT_QUEUE } from './train-sentiment.job';

/** Fewer labelled articles than this make a held-out split of a handful of rows: refused. */
export const MIN_LABELLED_ARTICLES = 10 * HELD_OUT_EVERY;

@Injectable()
export class TrainingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async start(
    request: StartTrainingDto,
    actor: string,
  ): Promise<{ jobId: string; labelledArticles: number }> {
    const counts: { label: string; count: number }[] = await this.dataSource.query(
      `SELECT label_sentiment AS label, count(*)::int AS count FROM articles
        WHERE label_sentiment IS NOT NULL GROUP BY 1`,
    );
    const total = counts.reduce((sum, entry) => sum + entry.count, 0);
    if (total < MIN_LABELLED_ARTICLES || counts.length < 2) {
      throw new TrainingException(
        TrainingExceptionCode.NotEnoughLabelledArticles,
        `Training needs at least ${MIN_LABELLED_ARTICLES} labelled articles of at least two classes; ` +
          `there are ${total} (${counts.map((entry) => `${entry.label}: ${entry.count}`).join(', ') || 'none'})`,
        { counts },
      );
    }
    const job: TrainSentimentJob = { ...request, requestedBy: actor };
    // One run at a time: a second request while one is queued or running is a 409.
    const jobId = await this.jobs.enqueue(TRAIN_SENTIMENT_QUEUE, job, { singletonKey: 'sentiment' });
    return { jobId, labelledArticles: total };
  }
}
