import { Injectable } from '@nestjs/common';
import { JobQueue } from '@deepworks/platform';
import type { EntityManager } from 'typeorm';

export const SCORE_ARTICLES_QUEUE = 'score-articles';
/** Articles per scoring job: the ingest batch limit, so one POST is one job. */
export const SCORING_BATCH = 500;

export interface ScoreArticlesJob {
  articleIds: string[];
}

/** Enqueues scoring jobs, inside the caller's transaction: a job exists only for committed articles. */
@Injectable()
export class ScoringQueue {
  constructor(private readonly jobs: JobQueue) {}

  async enqueue(manager: EntityManager, articleIds: readonly string[]): Promise<string[]> {
    const jobIds: string[] = [];
    for (let start = 0; start < articleIds.length; start += SCORING_BATCH) {
      const job: ScoreArticlesJob = { articleIds: articleIds.slice(start, start + SCORING_BATCH) };
      jobIds.push(await this.jobs.enqueue(SCORE_ARTICLES_QUEUE, job, { manager }));
    }
    return jobIds;
  }

  /** Every article without a score, oldest first (after a first model is promoted). */
  async enqueueBacklog(manager: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT a.id FROM articles a LEFT JOIN article_scores s ON s.article_id = a.id
        WHERE s.article_id IS NULL ORDER BY a.published_at, a.id`,
    );
    return this.enqueue(
      manager,
      rows.map((row) => row.id),
    );
  }
}
