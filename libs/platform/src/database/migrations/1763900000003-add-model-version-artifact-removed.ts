import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddModelVersionArtifactRemoved1763900000003 implements MigrationInterface {
  name = 'AddModelVersionArtifactRemoved1763900000003';

  async up(runner: QueryRunner): Promise<void> {
    // Old versions' artifacts are deleted under a retention rule; their rows stay, as the record.
    await runner.query('ALTER TABLE model_versions ADD COLUMN artifact_removed_at timestamptz');
    await runner.query(`
      ALTER TABLE model_version_events DROP CONSTRAINT model_version_events_action_check,
        ADD CONSTRAINT model_version_events_action_check
          CHECK (action IN ('registered', 'promoted', 'retired', 'rolled-back', 'artifact-removed'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM model_version_events WHERE action = 'artifact-removed'`);
    await runner.query(`
      ALTER TABLE model_version_events DROP CONSTRAINT model_version_events_action_check,
        ADD CONSTRAINT model_version_events_action_check
          CHECK (action IN ('registered', 'promoted', 'retired', 'rolled-back'))`);
    await runner.query('ALTER TABLE model_versions DROP COLUMN artifact_removed_at');
  }
}
