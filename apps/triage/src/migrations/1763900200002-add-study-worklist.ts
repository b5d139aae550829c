import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worklist (unreviewed studies, urgent first) is the hottest read: a `reviewed_at` flag on the
 * study and a partial index in the worklist's own order let it read the first page straight off the
 * index instead of anti-joining the reviews and sorting every unreviewed study per request.
 */
export class AddStudyWorklist1763900200002 implements MigrationInterface {
  name = 'AddStudyWorklist1763900200002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE studies ADD COLUMN reviewed_at timestamptz');
    await runner.query(
      `UPDATE studies SET reviewed_at = reviews.first
         FROM (SELECT study_id, min(created_at) AS first FROM study_reviews GROUP BY study_id) reviews
        WHERE reviews.study_id = studies.id`,
    );
    await runner.query(
      `CREATE INDEX studies_worklist ON studies
         ((CASE WHEN flagged THEN 0 WHEN status = 'pending' THEN 1 ELSE 2 END), abnormality DESC NULLS LAST, created_at)
         WHERE reviewed_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX studies_worklist');
    await runner.query('ALTER TABLE studies DROP COLUMN reviewed_at');
  }
}
