import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateStudies1763900200000 implements MigrationInterface {
  name = 'CreateStudies1763900200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE studies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        study_ref text CHECK (length(study_ref) BETWEEN 1 AND 128),
        patient_ref text CHECK (length(patient_ref) BETWEEN 1 AND 128),
        width integer NOT NULL CHECK (width BETWEEN 1 AND 4096),
        height integer NOT NULL CHECK (height BETWEEN 1 AND 4096),
        pixels bytea NOT NULL CHECK (length(pixels) = width * height),
        label text,
        source text NOT NULL CHECK (source IN ('upload', 'import', 'demo')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX studies_study_ref ON studies (study_ref) WHERE study_ref IS NOT NULL',
    );
    await runner.query('CREATE INDEX studies_created ON studies (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE studies');
  }
}
