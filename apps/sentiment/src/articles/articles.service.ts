import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page } from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { ScoringQueue } from '../scoring/scoring.queue';
import { ArticleStore } from './article.store';
import { articleTextProblem } from './article-text.policy';
import { ArticlesException, ArticlesExceptionCode } from './articles.exception';
import { ARTICLE_COLUMNS, type ArticleDto, type ArticleRow, toArticleDto } from './dto/article.dto';
import type { ArticleInputDto, IngestResultDto } from './dto/ingest-articles.dto';

@Injectable()
export class ArticlesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ArticleStore,
    private readonly scoring: ScoringQueue,
  ) {}

  /**
   * Stores a batch (all or nothing: one unreadable text rejects the request, naming each bad article)
   * and queues one scoring job for the stored ones. Duplicates are reported, not stored.
   */
  async ingest(inputs: readonly ArticleInputDto[]): Promise<IngestResultDto> {
    const problems = inputs.flatMap((input, index) => {
      const problem = articleTextProblem(input.text);
      return problem ? [{ index, sourceId: input.sourceId ?? null, problem }] : [];
    });
    if (problems.length > 0) {
      throw new ArticlesException(
        ArticlesExceptionCode.TextRejected,
        `Nothing was stored: ${problems.map((entry) => `article ${entry.index}: ${entry.problem}`).join('; ')}`,
        { problems },
      );
    }
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      const outcome = await this.store.store(
        manager,
        inputs.map((input) => ({
          sourceId: input.sourceId ?? null,
          text: input.text,
          publishedAt: input.publishedAt ? new Date(input.publishedAt) : now,
          labelSentiment: input.label ?? null,
          labelTopic: input.topic ?? null,
          tickers: [...new Set(input.tickers ?? [])],
          source: 'api',
        })),
      );
      const [scoringJobId = null] = await this.scoring.enqueue(
        manager,
        outcome.stored.map((entry) => entry.id),
      );
      const items = [
        ...outcome.stored.map((entry) => ({ ...entry, status: 'stored' as const })),
        ...outcome.skipped.map((entry) => ({ ...entry, status: 'skipped' as const })),
      ].sort((a, b) => a.index - b.index);
      return { stored: outcome.stored.length, skipped: outcome.skipped.length, items, scoringJobId };
    });
  }

  async latest(limit: number, offset: number): Promise<Page<ArticleDto>> {
    const rows: ArticleRow[] = await this.dataSource.query(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN article_scores s ON s.article_id = a.id
        ORDER BY a.published_at DESC, a.id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS total FROM articles',
    );
    return { items: rows.map(toArticleDto), total, limit, offset };
  }

  async get(id: string): Promise<ArticleDto> {
    const rows: ArticleRow[] = await this.dataSource.query(
      `SELECT ${ARTICLE_COLUMNS} FROM articles a LEFT JOIN article_scores s ON s.article_id = a.id WHERE a.id = $1`,
      [id],
    );
    if (!rows[0])
      throw new ArticlesException(ArticlesExceptionCode.ArticleNotFound, `No article ${id}`, { id });
    return toArticleDto(rows[0]);
  }
}
