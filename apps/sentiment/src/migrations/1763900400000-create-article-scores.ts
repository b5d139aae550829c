import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateArticleScores1763900400000 implements MigrationInterface {
  name = 'CreateArticleScores1763900400000';

  async up(runner: QueryRunner): Promise<void> {
    // Articles may hold up to 100 kB of UTF-8 (the API's limit), not 20,000 characters.
    await runner.query('ALTER TABLE articles DROP CONSTRAINT IF EXISTS articles_text_check');
    await runner.query(
      'ALTER TABLE articles ADD CONSTRAINT articles_text_size CHECK (octet_length(text) BETWEEN 1 AND 102400)',
    );
    await runner.query(`
      CREATE TABLE article_scores (
        article_id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        model_version_id uuid NOT NULL,
        model_version integer NOT NULL CHECK (model_version > 0),
        label text NOT NULL CHECK (label IN ('positive', 'neutral', 'negative')),
        p_negative real NOT NULL CHECK (p_negative BETWEEN 0 AND 1),
        p_neutral real NOT NULL CHECK (p_neutral BETWEEN 0 AND 1),
        p_positive real NOT NULL CHECK (p_positive BETWEEN 0 AND 1),
        topics text[] NOT NULL DEFAULT '{}',
        tickers text[] NOT NULL DEFAULT '{}',
        contributions jsonb NOT NULL DEFAULT '[]',
        scored_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX article_scores_topics ON article_scores USING gin (topics)');
    await runner.query('CREATE INDEX articles_created ON articles (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX articles_created');
    await runner.query('DROP TABLE article_scores');
    await runner.query('ALTER TABLE articles DROP CONSTRAINT articles_text_size');
    await runner.query(
      'ALTER TABLE articles ADD CONSTRAINT articles_text_check CHECK (length(text) BETWEEN 1 AND 20000)',
    );
  }
}
