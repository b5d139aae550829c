import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddScoringAndReviews1763900200001 implements MigrationInterface {
  name = 'AddScoringAndReviews1763900200001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE studies
        ADD COLUMN format text CHECK (format IN ('png', 'jpeg', 'dicom', 'raw')),
        ADD COLUMN status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'scored')),
        ADD COLUMN probabilities jsonb,
        ADD COLUMN predicted_class text,
        ADD COLUMN confidence real,
        ADD COLUMN abnormality real CHECK (abnormality BETWEEN 0 AND 1),
        ADD COLUMN flagged boolean,
        ADD COLUMN model_version_id uuid,
        ADD COLUMN model_version integer,
        ADD COLUMN scored_at timestamptz,
        ADD COLUMN heatmap_png bytea`);
    await runner.query(
      `CREATE INDEX studies_queue ON studies (flagged DESC NULLS LAST, abnormality DESC NULLS LAST, created_at)`,
    );
    await runner.query(`CREATE INDEX studies_pending ON studies (created_at) WHERE status = 'pending'`);
    // Append-only: every clinician decision on a study, with the model version that scored it.
    await runner.query(`
      CREATE TABLE study_reviews (
        id bigserial PRIMARY KEY,
        study_id uuid NOT NULL REFERENCES studies (id),
        reviewer text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('agree', 'override')),
        final_label text NOT NULL,
        comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
        predicted_class text,
        model_version_id uuid,
        model_version integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX study_reviews_study ON study_reviews (study_id, created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE study_reviews');
    await runner.query(`ALTER TABLE studies
      DROP COLUMN format, DROP COLUMN status, DROP COLUMN probabilities, DROP COLUMN predicted_class,
      DROP COLUMN confidence, DROP COLUMN abnormality, DROP COLUMN flagged, DROP COLUMN model_version_id,
      DROP COLUMN model_version, DROP COLUMN scored_at, DROP COLUMN heatmap_png`);
  }
}
