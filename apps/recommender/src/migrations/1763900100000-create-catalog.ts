import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalog1763900100000 implements MigrationInterface {
  name = 'CreateCatalog1763900100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE items (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        description text NOT NULL DEFAULT '',
        category text,
        tags text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id text NOT NULL CHECK (length(user_id) BETWEEN 1 AND 128),
        item_id text NOT NULL REFERENCES items (id),
        type text NOT NULL CHECK (type IN ('view', 'cart', 'purchase', 'rating')),
        value real,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX events_user_time ON events (user_id, occurred_at)');
    await runner.query('CREATE INDEX events_item ON events (item_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE events');
    await runner.query('DROP TABLE items');
  }
}
