import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import type { EntityManager } from 'typeorm';
import { AlertsService } from '../alerts/alerts.service';
import type { BucketGranularity, SentimentEnvironment } from '../sentiment.environment';
import {
  type BucketCounts,
  emptyBaseline,
  scanTopic,
  type SurgeBaseline,
  type SurgeParameters,
} from './surge.detector';

export const BUCKET_MS: Record<BucketGranularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

interface BaselineRow {
  topic: string;
  folded_until: Date;
  observations: number;
  share_observations: number;
  size_mean: number;
  share_mean: number;
  share_variance: number;
  count_mean: number;
  count_variance: number;
  last_alert_bucket: Date | null;
}

interface TopicBucketRow {
  key: string;
  bucket_start: Date;
  articles: number;
  negative: number;
  last_published_at: Date;
}

export interface MonitoringOutcome {
  /** Publication time of the newest scored article (the stream's clock). */
  latestPublishedAt: string | null;
  alertIds: string[];
}

/**
 * Keeps the per-topic / per-ticker buckets and runs surge detection after each scored batch, inside the
 * scoring transaction and under one advisory lock, so concurrent batches are counted and scanned in turn.
 */
@Injectable()
export class MonitoringService {
  readonly granularity: BucketGranularity;
  readonly parameters: SurgeParameters;

  constructor(
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
    private readonly alerts: AlertsService,
  ) {
    const environment = options.environment as SentimentEnvironment;
    this.granularity = environment.SURGE_GRANULARITY;
    this.parameters = {
      alpha: environment.SURGE_ALPHA,
      zThreshold: environment.SURGE_Z_THRESHOLD,
      minArticles: environment.SURGE_MIN_ARTICLES,
      warmupBuckets: environment.SURGE_WARMUP_BUCKETS,
      cooldownBuckets: environment.SURGE_COOLDOWN_BUCKETS,
    };
  }

  async afterScored(manager: EntityManager, articleIds: readonly string[]): Promise<MonitoringOutcome> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('sentiment:monitoring'))`);
    if (articleIds.length > 0) await this.addToBuckets(manager, articleIds);
    const [{ watermark }]: { watermark: Date | null }[] = await manager.query(
      `SELECT max(last_published_at) AS watermark FROM sentiment_buckets
        WHERE granularity = 'day' AND dimension = 'all'`,
    );
    if (!watermark || articleIds.length === 0) {
      return { latestPublishedAt: watermark?.toISOString() ?? null, alertIds: [] };
    }
    const alertIds = await this.detectSurges(manager, articleIds, watermark);
    return { latestPublishedAt: watermark.toISOString(), alertIds };
  }

  /** Adds the newly scored articles to their minute, hour and day buckets (UTC), per topic, ticker and all. */
  private async addToBuckets(manager: EntityManager, articleIds: readonly string[]): Promise<void> {
    await manager.query(
      `INSERT INTO sentiment_buckets AS b (granularity, dimension, key, bucket_start, articles, negative, neutral,
                                           positive, polarity_sum, last_published_at)
       SELECT g.granularity, d.dimension, d.key, date_trunc(g.granularity, a.published_at, 'UTC'),
              count(*), count(*) FILTER (WHERE s.label = 'negative'), count(*) FILTER (WHERE s.label = 'neutral'),
              count(*) FILTER (WHERE s.label = 'positive'), sum(s.p_positive - s.p_negative), max(a.published_at)
         FROM articles a
         JOIN article_scores s ON s.article_id = a.id
        CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS g (granularity)
        CROSS JOIN LATERAL (
              SELECT 'topic', topic FROM unnest(s.topics) AS topic
              UNION ALL SELECT 'ticker', ticker FROM unnest(s.tickers) AS ticker
              UNION ALL SELECT 'all', '*') AS d (dimension, key)
        WHERE a.id = ANY($1)
        GROUP BY 1, 2, 3, 4
       ON CONFLICT (granularity, dimension, key, bucket_start) DO UPDATE SET
              articles = b.articles + excluded.articles,
              negative = b.negative + excluded.negative,
              neutral = b.neutral + excluded.neutral,
              positive = b.positive + excluded.positive,
              polarity_sum = b.polarity_sum + excluded.polarity_sum,
              last_published_at = greatest(b.last_published_at, excluded.last_published_at)`,
      [articleIds],
    );
  }

  private async detectSurges(
    manager: EntityManager,
    articleIds: readonly string[],
    watermark: Date,
  ): Promise<string[]> {
    const bucketMs = BUCKET_MS[this.granularity];
    const currentBucket = new Date(Math.floor(watermark.getTime() / bucketMs) * bucketMs);
    const stored: BaselineRow[] = await manager.query(
      `SELECT topic, folded_until, observations, share_observations, size_mean, share_mean, share_variance,
              count_mean, count_variance, last_alert_bucket
         FROM surge_baselines WHERE granularity = $1`,
      [this.granularity],
    );
    const batchTopics: { topic: string }[] = await manager.query(
      `SELECT DISTINCT unnest(topics) AS topic FROM article_scores WHERE article_id = ANY($1)`,
      [articleIds],
    );
    const topics = [...new Set([...stored.map((row) => row.topic), ...batchTopics.map((row) => row.topic)])];
    const buckets: TopicBucketRow[] = await manager.query(
      `SELECT b.key, b.bucket_start, b.articles, b.negative, b.last_published_at
         FROM sentiment_buckets b
         LEFT JOIN surge_baselines s ON s.granularity = b.granularity AND s.topic = b.key
        WHERE b.granularity = $1 AND b.dimension = 'topic' AND b.key = ANY($2)
          AND b.bucket_start >= coalesce(s.folded_until, '-infinity') AND b.bucket_start <= $3
        ORDER BY b.key, b.bucket_start`,
      [this.granularity, topics, currentBucket],
    );
    const alertIds: string[] = [];
    for (const topic of topics) {
      const own = buckets.filter((bucket) => bucket.key === topic);
      const row = stored.find((candidate) => candidate.topic === topic);
      if (!row && own.length === 0) continue;
      const baseline = row ? toBaseline(row) : emptyBaseline(own[0].bucket_start);
      const counts: (BucketCounts & { lastPublishedAt: Date })[] = own.map((bucket) => ({
        bucketStart: bucket.bucket_start,
        articles: bucket.articles,
        negative: bucket.negative,
        lastPublishedAt: bucket.last_published_at,
      }));
      const scan = scanTopic(baseline, counts, currentBucket, this.parameters, bucketMs);
      for (const { bucket, evaluation } of scan.alerts) {
        const alert = await this.alerts.raise(manager, {
          topic,
          granularity: this.granularity,
          bucketStart: bucket.bucketStart,
          observedAt: bucket.lastPublishedAt,
          articles: bucket.articles,
          negative: bucket.negative,
          negativeShare: evaluation.share,
          baselineShare: evaluation.baselineShare,
          shareZ: evaluation.shareZ,
          countZ: evaluation.countZ,
        });
        if (alert) alertIds.push(alert.id);
      }
      await saveBaseline(manager, this.granularity, topic, scan.baseline);
    }
    return alertIds;
  }
}

function toBaseline(row: BaselineRow): SurgeBaseline {
  return {
    foldedUntil: row.folded_until,
    observations: row.observations,
    shareObservations: row.share_observations,
    sizeMean: row.size_mean,
    shareMean: row.share_mean,
    shareVariance: row.share_variance,
    countMean: row.count_mean,
    countVariance: row.count_variance,
    lastAlertBucket: row.last_alert_bucket,
  };
}

async function saveBaseline(
  manager: EntityManager,
  granularity: BucketGranularity,
  topic: string,
  baseline: SurgeBaseline,
): Promise<void> {
  await manager.query(
    `INSERT INTO surge_baselines (granularity, topic, folded_until, observations, share_observations, size_mean,
                                  share_mean, share_variance, count_mean, count_variance, last_alert_bucket)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (granularity, topic) DO UPDATE SET folded_until = excluded.folded_until,
       observations = excluded.observations, share_observations = excluded.share_observations,
       size_mean = excluded.size_mean,
       share_mean = excluded.share_mean, share_variance = excluded.share_variance,
       count_mean = excluded.count_mean, count_variance = excluded.count_variance,
       last_alert_bucket = excluded.last_alert_bucket`,
    [
      granularity,
      topic,
      baseline.foldedUntil,
      baseline.observations,
      baseline.shareObservations,
      baseline.sizeMean,
      baseline.shareMean,
      baseline.shareVariance,
      baseline.countMean,
      baseline.countVariance,
      baseline.lastAlertBucket,
    ],
  );
}
