import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateArticles1763900300000 implements MigrationInterface {
  name = 'CreateArticles1763900300000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE articles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_id text UNIQUE CHECK (length(source_id) BETWEEN 1 AND 256),
        content_hash text NOT NULL UNIQUE,
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
        published_at timestamptz NOT NULL,
        label_sentiment text CHECK (label_sentiment IN ('positive', 'neutral', 'negative')),
        label_topic text,
        tickers text[] NOT NULL DEFAULT '{}',
        source text NOT NULL CHECK (source IN ('api', 'import', 'feed', 'demo')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX articles_published ON articles (published_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE articles');
  }
}
