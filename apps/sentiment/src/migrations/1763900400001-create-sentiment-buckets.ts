import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSentimentBuckets1763900400001 implements MigrationInterface {
  name = 'CreateSentimentBuckets1763900400001';

  async up(runner: QueryRunner): Promise<void> {
    // One row per (granularity, topic | ticker | all, period), incremented in the transaction that inserts an
    // article's score; scores are inserted once (ON CONFLICT DO NOTHING), so an article counts once.
    await runner.query(`
      CREATE TABLE sentiment_buckets (
        granularity text NOT NULL CHECK (granularity IN ('minute', 'hour', 'day')),
        dimension text NOT NULL CHECK (dimension IN ('topic', 'ticker', 'all')),
        key text NOT NULL,
        bucket_start timestamptz NOT NULL,
        articles integer NOT NULL CHECK (articles > 0),
        negative integer NOT NULL,
        neutral integer NOT NULL,
        positive integer NOT NULL,
        polarity_sum double precision NOT NULL,
        last_published_at timestamptz NOT NULL,
        PRIMARY KEY (granularity, dimension, key, bucket_start)
      )`);
    await runner.query(
      'CREATE INDEX sentiment_buckets_recent ON sentiment_buckets (granularity, dimension, bucket_start)',
    );
    // The EWMA state of each topic's detector (see monitoring/surge.detector.ts).
    await runner.query(`
      CREATE TABLE surge_baselines (
        granularity text NOT NULL,
        topic text NOT NULL,
        folded_until timestamptz NOT NULL,
        observations integer NOT NULL,
        share_observations integer NOT NULL,
        size_mean double precision NOT NULL,
        share_mean double precision NOT NULL,
        share_variance double precision NOT NULL,
        count_mean double precision NOT NULL,
        count_variance double precision NOT NULL,
        last_alert_bucket timestamptz,
        PRIMARY KEY (granularity, topic)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE surge_baselines');
    await runner.query('DROP TABLE sentiment_buckets');
  }
}
