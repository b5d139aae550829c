import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateFeedStatus1763900400003 implements MigrationInterface {
  name = 'CreateFeedStatus1763900400003';

  async up(runner: QueryRunner): Promise<void> {
    // One row per feed, overwritten by each poll: the worker writes it, the API reads it (GET /feeds).
    await runner.query(`
      CREATE TABLE feed_status (
        feed text PRIMARY KEY,
        polled_at timestamptz NOT NULL,
        error text,
        entries integer NOT NULL,
        stored integer NOT NULL,
        duplicates integer NOT NULL,
        rejected integer NOT NULL,
        stored_total bigint NOT NULL,
        last_ok_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE feed_status');
  }
}
