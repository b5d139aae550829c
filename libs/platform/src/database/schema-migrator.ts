import type { DataSource } from 'typeorm';

/**
 * Creates the app's schema and runs pending migrations under a PostgreSQL advisory lock, so that an
 * API and its worker booting at the same moment never run the same migration twice.
 */
export async function migrateSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`deepworks.migrate.${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`deepworks.migrate.${schema}`]);
    await runner.release();
  }
}
