import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BucketQueryDto, BucketSeriesDto, BucketSeriesPageDto } from './bucket.dto';
import { BUCKET_MS } from './monitoring.service';

interface BucketRow {
  key: string;
  bucket_start: Date;
  articles: number;
  negative: number;
  neutral: number;
  positive: number;
  polarity_sum: number;
}

/** Reads of the sentiment buckets, as time series per topic or ticker. */
@Injectable()
export class BucketsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async series(query: BucketQueryDto): Promise<BucketSeriesPageDto> {
    const bucketMs = BUCKET_MS[query.granularity];
    let to = query.to ? new Date(query.to) : null;
    if (!to) {
      const [{ latest }]: { latest: Date | null }[] = await this.dataSource.query(
        `SELECT max(bucket_start) AS latest FROM sentiment_buckets WHERE granularity = $1 AND dimension = 'all'`,
        [query.granularity],
      );
      to = latest;
    }
    if (!to)
      return { granularity: query.granularity, dimension: query.dimension, from: null, to: null, series: [] };
    const last = Math.floor(to.getTime() / bucketMs) * bucketMs;
    const from = new Date(last - (query.buckets - 1) * bucketMs);
    const rows: BucketRow[] = await this.dataSource.query(
      `SELECT key, bucket_start, articles, negative, neutral, positive, polarity_sum FROM sentiment_buckets
        WHERE granularity = $1 AND dimension = $2 AND ($3::text IS NULL OR key = $3)
          AND bucket_start BETWEEN $4 AND $5
        ORDER BY key, bucket_start`,
      [query.granularity, query.dimension, query.key ?? null, from, new Date(last)],
    );
    const series = new Map<string, BucketSeriesDto>();
    for (const row of rows) {
      let entry = series.get(row.key);
      if (!entry) series.set(row.key, (entry = { key: row.key, points: [] }));
      entry.points.push({
        bucketStart: row.bucket_start.toISOString(),
        articles: row.articles,
        negative: row.negative,
        neutral: row.neutral,
        positive: row.positive,
        meanPolarity: row.polarity_sum / row.articles,
      });
    }
    return {
      granularity: query.granularity,
      dimension: query.dimension,
      from: from.toISOString(),
      to: new Date(last).toISOString(),
      series: [...series.values()],
    };
  }
}
