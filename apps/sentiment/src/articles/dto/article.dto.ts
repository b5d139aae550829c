import { ApiProperty } from '@nestjs/swagger';
import type { ArticleSource, SentimentLabel } from '../article.entity';

export class TokenContributionDto {
  @ApiProperty({ description: 'The word, normalised (lower case)' }) token!: string;
  @ApiProperty({ description: '> 0 pushed towards positive, < 0 towards negative' }) weight!: number;
}

export class ArticleScoreDto {
  @ApiProperty({ enum: ['positive', 'neutral', 'negative'] }) label!: SentimentLabel;
  @ApiProperty({ example: { negative: 0.1, neutral: 0.2, positive: 0.7 } })
  probabilities!: Record<SentimentLabel, number>;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: [String], description: 'Given and extracted tickers' }) tickers!: string[];
  @ApiProperty({ type: [TokenContributionDto] }) contributions!: TokenContributionDto[];
  @ApiProperty() modelVersion!: number;
  @ApiProperty() scoredAt!: string;
}

export class ArticleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) sourceId!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ nullable: true, enum: ['positive', 'neutral', 'negative'] })
  labelSentiment!: SentimentLabel | null;
  @ApiProperty({ nullable: true, type: String }) labelTopic!: string | null;
  @ApiProperty({ type: [String] }) tickers!: string[];
  @ApiProperty({ enum: ['api', 'import', 'feed', 'demo'] }) source!: ArticleSource;
  @ApiProperty({ nullable: true, type: ArticleScoreDto, description: 'null until the worker scored it' })
  score!: ArticleScoreDto | null;
}

export interface ArticleRow {
  id: string;
  source_id: string | null;
  text: string;
  published_at: Date;
  label_sentiment: SentimentLabel | null;
  label_topic: string | null;
  tickers: string[];
  source: ArticleSource;
  label: SentimentLabel | null;
  p_negative: number | null;
  p_neutral: number | null;
  p_positive: number | null;
  topics: string[] | null;
  scored_tickers: string[] | null;
  contributions: TokenContributionDto[] | null;
  model_version: number | null;
  scored_at: Date | null;
}

export const ARTICLE_COLUMNS = `a.id, a.source_id, a.text, a.published_at, a.label_sentiment, a.label_topic,
  a.tickers, a.source, s.label, s.p_negative, s.p_neutral, s.p_positive, s.topics, s.tickers AS scored_tickers,
  s.contributions, s.model_version, s.scored_at`;

export function toArticleDto(row: ArticleRow): ArticleDto {
  return {
    id: row.id,
    sourceId: row.source_id,
    text: row.text,
    publishedAt: row.published_at.toISOString(),
    labelSentiment: row.label_sentiment,
    labelTopic: row.label_topic,
    tickers: row.tickers,
    source: row.source,
    score:
      row.label === null || row.scored_at === null
        ? null
        : {
            label: row.label,
            probabilities: {
              negative: row.p_negative ?? 0,
              neutral: row.p_neutral ?? 0,
              positive: row.p_positive ?? 0,
            },
            topics: row.topics ?? [],
            tickers: row.scored_tickers ?? [],
            contributions: row.contributions ?? [],
            modelVersion: row.model_version ?? 0,
            scoredAt: row.scored_at.toISOString(),
          },
  };
}
