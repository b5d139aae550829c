import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import type { SentimentLabel } from '../article.entity';

export const MAX_INGEST_BATCH = 500;
const TICKER = /^[A-Z][A-Z0-9.-]{0,11}$/;

/** One article as a publisher sends it. */
export class ArticleInputDto {
  @ApiPropertyOptional({ description: "The publisher's id: re-sending it is a no-op", maxLength: 256 })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  sourceId?: string;

  @ApiProperty({ description: 'Headline or body; UTF-8, at most 100 kB' })
  @IsString()
  text!: string;

  @ApiPropertyOptional({ description: 'ISO 8601; default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  publishedAt?: string;

  @ApiPropertyOptional({ enum: ['positive', 'neutral', 'negative'], description: 'Human label (training)' })
  @IsOptional()
  @IsIn(['positive', 'neutral', 'negative'])
  label?: SentimentLabel;

  @ApiPropertyOptional({ description: 'Human topic label', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  topic?: string;

  @ApiPropertyOptional({ type: [String], description: 'Tickers the publisher tagged (more are extracted)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(TICKER, { each: true, message: 'each ticker must look like AAPL or BRK.B' })
  tickers?: string[];
}

export class IngestItemDto {
  @ApiProperty() index!: number;
  @ApiProperty({ enum: ['stored', 'skipped'] }) status!: 'stored' | 'skipped';
  @ApiProperty({ format: 'uuid', description: 'The stored article, or the one it duplicates' })
  id!: string;
  @ApiPropertyOptional({ enum: ['duplicate-source-id', 'duplicate-content'] })
  reason?: 'duplicate-source-id' | 'duplicate-content';
}

export class IngestResultDto {
  @ApiProperty() stored!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty({ type: [IngestItemDto] }) items!: IngestItemDto[];
  @ApiProperty({ nullable: true, type: String, description: 'The worker job that scores the stored ones' })
  scoringJobId!: string | null;
}
