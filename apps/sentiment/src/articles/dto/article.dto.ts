import { ApiProperty } from '@nestjs/swagger';
import type { ArticleEntity, ArticleSource, SentimentLabel } from '../article.entity';

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

  static from(article: ArticleEntity): ArticleDto {
    return {
      id: article.id,
      sourceId: article.sourceId,
      text: article.text,
      publishedAt: article.publishedAt.toISOString(),
      labelSentiment: article.labelSentiment,
      labelTopic: article.labelTopic,
      tickers: article.tickers,
      source: article.source,
    };
  }
}
