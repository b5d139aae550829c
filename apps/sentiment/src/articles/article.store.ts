import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ArticleSource, SentimentLabel } from './article.entity';
import { contentHash } from './content-hash';

export interface NewArticle {
  sourceId: string | null;
  text: string;
  publishedAt: Date;
  labelSentiment: SentimentLabel | null;
  labelTopic: string | null;
  tickers: string[];
  source: ArticleSource;
  /** Default: `contentHash(text)`; the demo seeder adds the time, as its templates repeat. */
  contentHash?: string;
}

export type DuplicateReason = 'duplicate-source-id' | 'duplicate-content';

export interface StoreOutcome {
  stored: { index: number; id: string }[];
  skipped: { index: number; id: string; reason: DuplicateReason }[];
}

interface InsertedRow {
  id: string;
  content_hash: string;
}

interface ExistingRow {
  id: string;
  source_id: string | null;
  content_hash: string;
}

/**
 * Stores articles once: a source id or a content hash already present (in the table or earlier in the
 * same batch) makes the article a reported duplicate, never a second row. Concurrent writers are safe:
 * the unique constraints decide, `ON CONFLICT DO NOTHING` skips.
 */
@Injectable()
export class ArticleStore {
  async store(manager: EntityManager, articles: readonly NewArticle[]): Promise<StoreOutcome> {
    const rows = articles.map((article) => ({
      source_id: article.sourceId,
      content_hash: article.contentHash ?? contentHash(article.text),
      text: article.text,
      published_at: article.publishedAt.toISOString(),
      label_sentiment: article.labelSentiment,
      label_topic: article.labelTopic,
      tickers: article.tickers,
      source: article.source,
    }));
    const inserted: InsertedRow[] = rows.length
      ? await manager.query(
          `INSERT INTO articles (source_id, content_hash, text, published_at, label_sentiment, label_topic,
                                 tickers, source)
           SELECT source_id, content_hash, text, published_at, label_sentiment, label_topic, tickers, source
             FROM jsonb_to_recordset($1::jsonb) AS r(source_id text, content_hash text, text text,
                  published_at timestamptz, label_sentiment text, label_topic text, tickers text[], source text)
           ON CONFLICT DO NOTHING
           RETURNING id, content_hash`,
          [JSON.stringify(rows)],
        )
      : [];
    const insertedByHash = new Map(inserted.map((row) => [row.content_hash, row.id]));
    const outcome: StoreOutcome = { stored: [], skipped: [] };
    const pending: number[] = [];
    rows.forEach((row, index) => {
      const id = insertedByHash.get(row.content_hash);
      if (id !== undefined) {
        outcome.stored.push({ index, id });
        // A later row of the batch with the same hash is a duplicate of this one.
        insertedByHash.delete(row.content_hash);
      } else {
        pending.push(index);
      }
    });
    if (pending.length === 0) return outcome;
    const existing: ExistingRow[] = await manager.query(
      `SELECT id, source_id, content_hash FROM articles WHERE source_id = ANY($1) OR content_hash = ANY($2)`,
      [
        pending.map((index) => rows[index].source_id).filter((id) => id !== null),
        pending.map((index) => rows[index].content_hash),
      ],
    );
    for (const index of pending) {
      const row = rows[index];
      const sameSource =
        row.source_id === null ? undefined : existing.find((e) => e.source_id === row.source_id);
      const sameContent = existing.find((e) => e.content_hash === row.content_hash);
      const match = sameSource ?? sameContent;
      if (!match) throw new Error(`article ${index} was neither stored nor found as a duplicate`);
      outcome.skipped.push({
        index,
        id: match.id,
        reason: sameSource ? 'duplicate-source-id' : 'duplicate-content',
      });
    }
    return outcome;
  }
}
