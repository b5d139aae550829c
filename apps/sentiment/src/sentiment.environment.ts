import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsString, Max, Min } from 'class-validator';
import { PlatformEnvironment } from '@deepworks/platform';

export const SURGE_GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type BucketGranularity = (typeof SURGE_GRANULARITIES)[number];

export class SentimentEnvironment extends PlatformEnvironment {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  SENTIMENT_PORT = 3003;

  /** Largest CSV/JSONL upload to `POST /imports`. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  SENTIMENT_IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;

  /** How often the worker asks the registry which sentiment model is active. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  SENTIMENT_MODEL_POLL_MS = 2000;

  /** Bucket size the surge detector works on (buckets of all three sizes are always kept). */
  @IsIn(SURGE_GRANULARITIES)
  SURGE_GRANULARITY: BucketGranularity = 'hour';

  /** EWMA smoothing factor: weight of the newest bucket in the baseline (memory ≈ 2/α − 1 buckets). */
  @Type(() => Number)
  @IsNumber()
  @Min(0.001)
  @Max(1)
  SURGE_ALPHA = 0.1;

  /** z-score both the negative share and the negative count must reach. */
  @Type(() => Number)
  @IsNumber()
  @Min(0.5)
  SURGE_Z_THRESHOLD = 3;

  /** A bucket with fewer articles than this never alerts. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SURGE_MIN_ARTICLES = 8;

  /** Buckets folded into a topic's baseline before it may alert. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SURGE_WARMUP_BUCKETS = 6;

  /** After an alert, the topic stays quiet for this many buckets. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SURGE_COOLDOWN_BUCKETS = 3;

  /** Folder of RSS/Atom files (`*.xml`, `*.rss`, `*.atom`) the worker polls; empty: none. */
  @IsString()
  SENTIMENT_FEED_DIR = '';

  /** Feed URLs the worker polls, separated by commas or spaces; empty: none. */
  @IsString()
  SENTIMENT_FEED_URLS = '';

  /** How often the worker reads every configured feed. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  SENTIMENT_FEED_POLL_MS = 60_000;

  /** One webhook delivery attempt gives up after this long. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;
}
