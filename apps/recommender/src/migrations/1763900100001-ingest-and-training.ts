import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalogue upserts and imports, idempotent event batches, training runs. */
export class IngestAndTraining1763900100001 implements MigrationInterface {
  name = 'IngestAndTraining1763900100001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE items ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    // Serving polls for items created since the active model read the catalogue.
    await runner.query('CREATE INDEX items_created_at ON items (created_at)');
    // Serving reads one user's events newer than the model's last event: an index range scan.
    await runner.query('CREATE INDEX events_user_id ON events (user_id, id)');
    await runner.query(`
      CREATE TABLE event_batches (
        principal text NOT NULL,
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        request_sha256 text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal, idempotency_key)
      )`);
    await runner.query(`
      CREATE TABLE catalog_imports (
        id uuid PRIMARY KEY,
        format text NOT NULL CHECK (format IN ('csv', 'jsonl')),
        content text NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'applied', 'rejected')),
        job_id uuid,
        rows_read integer,
        created_count integer,
        updated_count integer,
        problems jsonb NOT NULL DEFAULT '[]',
        problem_count integer NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE training_runs (
        id uuid PRIMARY KEY,
        model text NOT NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
        job_id uuid,
        metrics jsonb,
        model_version_id uuid,
        promoted boolean,
        decision text,
        error text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE training_runs');
    await runner.query('DROP TABLE catalog_imports');
    await runner.query('DROP TABLE event_batches');
    await runner.query('DROP INDEX events_user_id');
    await runner.query('DROP INDEX items_created_at');
    await runner.query('ALTER TABLE items DROP COLUMN updated_at');
  }
}
