import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddModelVersionTrainingJob1763900000002 implements MigrationInterface {
  name = 'AddModelVersionTrainingJob1763900000002';

  async up(runner: QueryRunner): Promise<void> {
    // A retried training job (its worker died after registering) must find its version, not add one.
    await runner.query('ALTER TABLE model_versions ADD COLUMN training_job_id uuid UNIQUE');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE model_versions DROP COLUMN training_job_id');
  }
}
