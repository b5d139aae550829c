import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateJobProgress1763900000000 implements MigrationInterface {
  name = 'CreateJobProgress1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE job_progress (
        job_id uuid PRIMARY KEY,
        queue text NOT NULL,
        fraction real NOT NULL DEFAULT 0 CHECK (fraction >= 0 AND fraction <= 1),
        message text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE job_progress');
  }
}
