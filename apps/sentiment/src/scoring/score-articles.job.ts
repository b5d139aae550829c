import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type JobHandler, type JobProgressReporter, type QueuedJob, QueueJob } from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { SentimentEventsService } from '../events/sentiment-events.service';
import { MonitoringService } from '../monitoring/monitoring.service';
import { ArticleScorer } from './article.scorer';
import { SCORE_ARTICLES_QUEUE, type ScoreArticlesJob } from './scoring.queue';
import { SentimentModelProvider } from './sentiment-model.provider';

interface UnscoredRow {
  id: string;
  text: string;
  tickers: string[];
  published_at: Date;
}

/**
 * Scores one batch of articles with the active registry model and, in the same transaction, refreshes
 * the buckets they fall in and runs surge detection: an article is scored and counted exactly once, even
 * when the job is retried (already-scored articles are skipped; the insert ignores conflicts).
 */
@Injectable()
@QueueJob(SCORE_ARTICLES_QUEUE, { retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 600 })
export class ScoreArticlesJobHandler implements JobHandler<ScoreArticlesJob> {
  private readonly scorer = new ArticleScorer();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly models: SentimentModelProvider,
    private readonly monitoring: MonitoringService,
    private readonly events: SentimentEventsService,
  ) {}

  async handle(job: QueuedJob<ScoreArticlesJob>, progress: JobProgressReporter) {
    const ids = job.data.articleIds;
    const served = await this.models.current();
    if (!served) {
      // Not a failure: the articles wait; promoting a first model enqueues the backlog.
      return { scored: 0, waiting: ids.length, reason: 'no active sentiment model' };
    }
    const articles: UnscoredRow[] = await this.dataSource.query(
      `SELECT a.id, a.text, a.tickers, a.published_at FROM articles a
         LEFT JOIN article_scores s ON s.article_id = a.id
        WHERE a.id = ANY($1) AND s.article_id IS NULL`,
      [ids],
    );
    const rows = articles.map((article) => {
      const score = this.scorer.score(served.model.model, served.model.topics, article);
      return {
        article_id: article.id,
        label: score.label,
        p_negative: score.probabilities.negative,
        p_neutral: score.probabilities.neutral,
        p_positive: score.probabilities.positive,
        topics: score.topics,
        tickers: score.tickers,
        contributions: score.contributions,
      };
    });
    await progress.report(0.5, `scored ${rows.length} articles with model v${served.version.version}`);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const inserted: { article_id: string }[] = rows.length
        ? await manager.query(
            `INSERT INTO article_scores (article_id, model_version_id, model_version, label, p_negative,
                                         p_neutral, p_positive, topics, tickers, contributions)
             SELECT article_id, $2, $3, label, p_negative, p_neutral, p_positive, topics, tickers, contributions
               FROM jsonb_to_recordset($1::jsonb) AS r(article_id uuid, label text, p_negative real,
                    p_neutral real, p_positive real, topics text[], tickers text[], contributions jsonb)
             ON CONFLICT (article_id) DO NOTHING
             RETURNING article_id`,
            [JSON.stringify(rows), served.version.id, served.version.version],
          )
        : [];
      const scoredIds = inserted.map((row) => row.article_id);
      const monitoring = await this.monitoring.afterScored(manager, scoredIds);
      if (scoredIds.length > 0) {
        await this.events.publish(manager, {
          type: 'articles.scored',
          count: scoredIds.length,
          modelVersion: served.version.version,
          latestPublishedAt: monitoring.latestPublishedAt,
        });
      }
      return { scored: scoredIds.length, alerts: monitoring.alertIds.length };
    });
    return {
      ...outcome,
      alreadyScored: ids.length - articles.length,
      modelVersion: served.version.version,
    };
  }
}
