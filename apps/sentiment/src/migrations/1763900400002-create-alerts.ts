import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAlerts1763900400002 implements MigrationInterface {
  name = 'CreateAlerts1763900400002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('negative-surge')),
        topic text NOT NULL,
        granularity text NOT NULL,
        bucket_start timestamptz NOT NULL,
        observed_at timestamptz NOT NULL,
        articles integer NOT NULL,
        negative integer NOT NULL,
        negative_share real NOT NULL,
        baseline_share real NOT NULL,
        share_z real NOT NULL,
        count_z real NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text,
        UNIQUE (kind, topic, granularity, bucket_start)
      )`);
    await runner.query('CREATE INDEX alerts_recent ON alerts (created_at DESC)');
    await runner.query(`
      CREATE TABLE alert_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL CHECK (url ~ '^https?://'),
        topics text[] NOT NULL DEFAULT '{}',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`
      CREATE TABLE alert_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        subscription_id uuid NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        delivered_at timestamptz,
        UNIQUE (alert_id, subscription_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE alert_deliveries');
    await runner.query('DROP TABLE alert_subscriptions');
    await runner.query('DROP TABLE alerts');
  }
}
