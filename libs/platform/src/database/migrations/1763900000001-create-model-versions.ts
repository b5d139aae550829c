import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateModelVersions1763900000001 implements MigrationInterface {
  name = 'CreateModelVersions1763900000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE model_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task text NOT NULL CHECK (task ~ '^[a-z][a-z0-9-]{0,62}$'),
        version integer NOT NULL CHECK (version > 0),
        status text NOT NULL DEFAULT 'candidate' CHECK (status IN ('candidate', 'active', 'retired')),
        config jsonb NOT NULL DEFAULT '{}',
        data_fingerprint text NOT NULL,
        metrics jsonb NOT NULL DEFAULT '{}',
        artifact_dir text NOT NULL,
        artifact_sha256 text NOT NULL CHECK (artifact_sha256 ~ '^[0-9a-f]{64}$'),
        artifact_bytes bigint NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_activated_at timestamptz,
        rolled_back boolean NOT NULL DEFAULT false,
        UNIQUE (task, version)
      )`);
    // At most one active version per task: the serving side never sees two.
    await runner.query(
      `CREATE UNIQUE INDEX model_versions_one_active ON model_versions (task) WHERE status = 'active'`,
    );
    await runner.query(`
      CREATE TABLE model_version_events (
        id bigserial PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES model_versions (id),
        action text NOT NULL CHECK (action IN ('registered', 'promoted', 'retired', 'rolled-back')),
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE model_version_events');
    await runner.query('DROP TABLE model_versions');
  }
}
